"""Claiming and running due jobs, safely with many runners at once.

A run is claimed in one short transaction: on PostgreSQL it first takes a transaction
advisory lock for the job (``pg_try_advisory_xact_lock``; a runner that does not get it
moves on), then checks the job's row in ``job_runs`` and, if the job is due, moves
``claimed_at`` to now. The lock ends with that transaction; the claim stays, so the other
runners see the job as not due until its interval has passed. The job itself runs outside
the claim, in its own transactions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.db import session_scope
from peermatch.extensions import db
from peermatch.jobs.registry import JOBS, Job, intervals_from_config
from peermatch.models import JobRun

log = logging.getLogger("peermatch.jobs")

Status = Literal["ran", "failed", "not_due", "busy"]


@dataclass(frozen=True, slots=True)
class JobOutcome:
    name: str
    status: Status
    summary: str = ""


def runner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key per job name."""
    digest = hashlib.blake2b(f"peermatch.job:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _claim(session: Session, job: Job, interval: float, now: dt.datetime, by: str) -> Status:
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres and not session.scalar(select(func.pg_try_advisory_xact_lock(lock_key(job.name)))):
        return "busy"
    row = session.get(JobRun, job.name)
    if row is not None and row.claimed_at > now - dt.timedelta(seconds=interval):
        return "not_due"
    if row is None:
        row = JobRun(name=job.name, claimed_at=now, claimed_by=by, runs=0)
        session.add(row)
    row.claimed_at = now
    row.claimed_by = by
    row.runs += 1
    return "ran"


def _record_success(name: str, now: dt.datetime, summary: str) -> None:
    with session_scope(db.factory) as session:
        row = session.get(JobRun, name)
        if row is not None:
            row.succeeded_at = now
            row.last_result = summary[:255]


def run_due(
    app: Flask,
    *,
    now: Callable[[], dt.datetime] | None = None,
    only: Sequence[str] | None = None,
) -> list[JobOutcome]:
    """Claim and run every due job once; other runners' claims are respected."""
    clock = now or app.extensions["peermatch_clock"].now
    intervals = intervals_from_config(app.config)
    by = runner_id()
    outcomes: list[JobOutcome] = []
    for job in JOBS:
        if only and job.name not in only:
            continue
        started = clock()
        with session_scope(db.factory) as session:
            status = _claim(session, job, intervals[job.name], started, by)
        if status != "ran":
            outcomes.append(JobOutcome(job.name, status))
            continue
        try:
            summary = job.run(app, started)
        except Exception:
            log.exception("job %s failed", job.name)
            outcomes.append(JobOutcome(job.name, "failed"))
            continue
        _record_success(job.name, clock(), summary)
        log.info("job %s: %s", job.name, summary)
        outcomes.append(JobOutcome(job.name, "ran", summary))
    return outcomes


def run_forever(app: Flask, *, tick: float = 5.0, stop: Callable[[], bool] | None = None) -> None:
    """Check every `tick` seconds which jobs are due; each job keeps its own interval."""
    while stop is None or not stop():
        run_due(app)
        time.sleep(tick)
