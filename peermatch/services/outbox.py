"""Writing outgoing email into the outbox, in the caller's transaction.

Delivery happens later (``flask --app wsgi outbox send``), so a change and the email it
causes are committed together or not at all. Emails carry no sensitive content: they say
that something needs attention and link to the app.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage, User
from peermatch.models.enums import OutboxStatus
from peermatch.services import audit
from peermatch.services.audit import Origin
from peermatch.services.errors import Conflict, NotFound


def enqueue_email(
    session: Session,
    *,
    kind: str,
    to_email: str,
    subject: str,
    body_text: str,
    now: dt.datetime,
    to_user_id: int | None = None,
    locale: str = "nl",
    body_html: str | None = None,
    ics: str | None = None,
    ics_method: str | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Queue one email; with a ``dedupe_key`` a second call for the same key adds nothing."""
    if dedupe_key is not None:
        existing = session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if existing is not None:
            return None
    message = OutboxMessage(
        kind=kind,
        to_email=to_email,
        to_user_id=to_user_id,
        locale=locale,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        ics=ics,
        ics_method=ics_method,
        dedupe_key=dedupe_key,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    session.flush()
    return message


# --- Administration: what is stuck, and sending it again -------------------------------


def status_counts(session: Session) -> dict[OutboxStatus, int]:
    """Number of messages per status; every status is present, also with zero."""
    counts = dict.fromkeys(OutboxStatus, 0)
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    for status, count in rows:
        counts[OutboxStatus(status)] = int(count)
    return counts


def failed_messages(session: Session, *, limit: int = 100) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.FAILED)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(limit)
        )
    )


def retry_failed(
    session: Session, message_id: int, *, now: dt.datetime, actor: User, origin: Origin
) -> OutboxMessage:
    """Give a failed message a fresh set of attempts; the last error stays for reference."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound("outbox.error.not_found")
    if message.status is not OutboxStatus.FAILED:
        raise Conflict("outbox.error.not_failed")
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = now
    session.flush()
    audit.record(
        session,
        "outbox.retried",
        actor_id=actor.id,
        origin=origin,
        subject_type="outbox_message",
        subject_id=message.id,
        details={"kind": message.kind},
    )
    return message
