"""The periodic jobs: what each does and how often, by default.

Each job is one of the scheduled CLI commands (which stay, for cron users and
debugging); a job does its own transactions and returns a one-line summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Flask

from peermatch.db import session_scope
from peermatch.extensions import db
from peermatch.services.audit import CLI


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    #: seconds between runs unless the configuration says otherwise
    default_interval: float
    run: Callable[[Flask, dt.datetime], str]


def _send_outbox(app: Flask, now: dt.datetime) -> str:
    from peermatch.notifications.delivery import deliver_all_due
    from peermatch.notifications.mail_backends import backend_from_config

    config = app.config
    report = deliver_all_due(
        db.factory,
        now=now,
        backend=backend_from_config(config),
        batch=int(config["OUTBOX_BATCH"]),
        max_attempts=int(config["OUTBOX_MAX_ATTEMPTS"]),
        sender=str(config["MAIL_FROM"]),
    )
    return f"sent={report.sent} retried={report.retried} failed={report.failed}"


def _send_reminders(app: Flask, now: dt.datetime) -> str:
    from peermatch.notifications.reminders import queue_reminders

    with session_scope(db.factory) as session:
        queued = queue_reminders(session, now=now, hours=int(app.config["REMINDER_HOURS"]))
    return f"queued={queued}"


def _expire_matches(app: Flask, now: dt.datetime) -> str:
    from peermatch.services import proposals

    with session_scope(db.factory) as session:
        count = proposals.expire_overdue(session, now, origin=CLI)
    return f"expired={count}"


def _expire_holds(app: Flask, now: dt.datetime) -> str:
    from peermatch.services import bookings

    with session_scope(db.factory) as session:
        released = bookings.expire_holds(session, now)
    return f"released={released}"


def _expire_requests(app: Flask, now: dt.datetime) -> str:
    from peermatch.services import requests as requests_service

    with session_scope(db.factory) as session:
        count = requests_service.expire_stale(session, now)
    return f"expired={count}"


def _purge_access_log(app: Flask, now: dt.datetime) -> str:
    from peermatch.services import access_log

    cutoff = access_log.retention_cutoff(now, int(app.config["ACCESS_LOG_RETENTION_DAYS"]))
    with session_scope(db.factory) as session:
        deleted = access_log.purge_older_than(session, cutoff)
    return f"deleted={deleted}"


def apply_retention(app: Flask, now: dt.datetime) -> dict[str, int]:
    """Every privacy retention rule once, in one transaction (see docs/PRIVACY.md)."""
    from peermatch.services import privacy

    with session_scope(db.factory) as session:
        return privacy.apply(session, now, privacy.Periods.from_config(app.config))


def _apply_retention(app: Flask, now: dt.datetime) -> str:
    from peermatch.services import privacy

    return privacy.summary(apply_retention(app, now))


def _vog_reminders(app: Flask, now: dt.datetime) -> str:
    """VOG and credential expiry reminders: the same moments, one transaction."""
    from peermatch.services import credentials
    from peermatch.services.vog_followup import queue_expiry_reminders

    with session_scope(db.factory) as session:
        run = queue_expiry_reminders(session, now=now)
        papers = credentials.queue_expiry_reminders(session, now=now)
    return (
        f"peer_experts={run.peer_experts} coordinators={run.coordinators} "
        f"credential_peer_experts={papers.peer_experts} "
        f"credential_coordinators={papers.coordinators}"
    )


def _end_breaks(app: Flask, now: dt.datetime) -> str:
    from peermatch.services.wellbeing import end_breaks_due

    with session_scope(db.factory) as session:
        ended = end_breaks_due(session, now=now)
    return f"ended={ended}"


#: In run order: expiries first, so the emails they queue go out in the same round.
JOBS: tuple[Job, ...] = (
    Job("matches-expire", 300, _expire_matches),
    Job("bookings-expire-holds", 300, _expire_holds),
    Job("requests-expire", 3600, _expire_requests),
    Job("reminders-send", 300, _send_reminders),
    # Before the outbox: sessions cancelled by a final erasure are told in the same round.
    Job("retention-apply", 3600, _apply_retention),
    Job("vog-reminders", 3600, _vog_reminders),
    # A break ends on its date: within five minutes the peer expert is matched again.
    Job("breaks-end", 300, _end_breaks),
    Job("outbox-send", 30, _send_outbox),
    Job("access-log-retention", 86400, _purge_access_log),
)


def intervals_from_config(config: Mapping[str, object]) -> dict[str, float]:
    """Seconds between runs per job: the defaults, overridden by ``JOB_INTERVALS``
    (a mapping, or "name=seconds,name=seconds" from the environment). An unknown job
    name or a non-positive interval is an error, so a typo never silently keeps a default."""
    intervals = {job.name: job.default_interval for job in JOBS}
    raw = config.get("JOB_INTERVALS") or {}
    if isinstance(raw, str):
        pairs = [part.split("=", 1) for part in raw.split(",") if part.strip()]
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError("JOB_INTERVALS must look like 'outbox-send=30,reminders-send=300'")
        raw = {name.strip(): value.strip() for name, value in pairs}
    if not isinstance(raw, Mapping):
        raise ValueError("JOB_INTERVALS must be a mapping of job name to seconds")
    for name, value in raw.items():
        if name not in intervals:
            raise ValueError(f"unknown job {name!r} in JOB_INTERVALS")
        seconds = float(str(value))
        if seconds <= 0:
            raise ValueError(f"interval of {name} must be positive")
        intervals[name] = seconds
    return intervals
