"""Retention: how long PeerMatch keeps what, applied by ``flask --app wsgi retention apply``
and the ``retention-apply`` job.

Each rule is idempotent (a second run the same day finds nothing) and reports how many rows
it changed, so the operator sees what happened. The periods come from the configuration
(``RETENTION_*_DAYS``, ``ERASURE_GRACE_DAYS``); docs/PRIVACY.md explains each one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, func, select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, ContactRequest, OutboxMessage
from peermatch.models.enums import OutboxStatus, RequestStatus
from peermatch.services.privacy import erasure, scrub

#: A request in one of these is over: nothing will read the own words for matching again.
ENDED = (RequestStatus.CLOSED, RequestStatus.WITHDRAWN, RequestStatus.EXPIRED)
FAILED_LOGIN = "auth.login_failed"


@dataclass(frozen=True, slots=True)
class Periods:
    own_words_days: int = 90
    closed_requests_days: int = 730
    audit_days: int = 1826
    sent_outbox_days: int = 30
    failed_logins_days: int = 30

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> Periods:
        def days(key: str, default: int) -> int:
            return int(str(config.get(key, default)))

        defaults = cls()
        return cls(
            own_words_days=days("RETENTION_OWN_WORDS_DAYS", defaults.own_words_days),
            closed_requests_days=days(
                "RETENTION_CLOSED_REQUESTS_DAYS", defaults.closed_requests_days
            ),
            audit_days=days("RETENTION_AUDIT_DAYS", defaults.audit_days),
            sent_outbox_days=days("RETENTION_SENT_OUTBOX_DAYS", defaults.sent_outbox_days),
            failed_logins_days=days("RETENTION_FAILED_LOGINS_DAYS", defaults.failed_logins_days),
        )


def _ended_before(cutoff: dt.datetime) -> ColumnElement[bool]:
    """Ended requests whose end (withdrawal, else the last change) is before ``cutoff``."""
    ended_at = func.coalesce(ContactRequest.withdrawn_at, ContactRequest.updated_at)
    return and_(ContactRequest.status.in_(ENDED), ended_at <= cutoff)


def erase_own_words(session: Session, now: dt.datetime, days: int) -> int:
    cutoff = now - dt.timedelta(days=days)
    requests = session.scalars(
        select(ContactRequest).where(_ended_before(cutoff), ContactRequest.own_words.is_not(None))
    )
    return sum(scrub.clear_own_words(request) for request in requests)


def pseudonymise_closed_requests(session: Session, now: dt.datetime, days: int) -> int:
    cutoff = now - dt.timedelta(days=days)
    requests = list(
        session.scalars(
            select(ContactRequest).where(
                _ended_before(cutoff), ContactRequest.pseudonymised_at.is_(None)
            )
        )
    )
    return sum(scrub.pseudonymise_request(session, request, now) for request in requests)


def delete_old_audit_events(session: Session, now: dt.datetime, days: int) -> int:
    cutoff = now - dt.timedelta(days=days)
    result = session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def delete_failed_logins(session: Session, now: dt.datetime, days: int) -> int:
    """They hold the address that was typed, which may be anyone's (or a typo)."""
    cutoff = now - dt.timedelta(days=days)
    result = session.execute(
        delete(AuditEvent).where(AuditEvent.action == FAILED_LOGIN, AuditEvent.at < cutoff)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def delete_sent_mail(session: Session, now: dt.datetime, days: int) -> int:
    cutoff = now - dt.timedelta(days=days)
    result = session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < cutoff
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def apply(session: Session, now: dt.datetime, periods: Periods) -> dict[str, int]:
    """Every rule once, in this order (erasures first: they make more rows eligible for
    nothing else, but their audit events must exist before old ones are pruned). Flushes;
    the caller commits."""
    report = {
        "erasures_finalised": erasure.finalise_due(session, now),
        "own_words_erased": erase_own_words(session, now, periods.own_words_days),
        "requests_pseudonymised": pseudonymise_closed_requests(
            session, now, periods.closed_requests_days
        ),
        "audit_events_deleted": delete_old_audit_events(session, now, periods.audit_days),
        "failed_logins_deleted": delete_failed_logins(session, now, periods.failed_logins_days),
        "sent_mail_deleted": delete_sent_mail(session, now, periods.sent_outbox_days),
    }
    session.flush()
    return report


def summary(report: Mapping[str, int]) -> str:
    return " ".join(f"{rule}={count}" for rule, count in report.items())
