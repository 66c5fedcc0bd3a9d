"""Writing outgoing email into the outbox, in the caller's transaction.

A service says *what* to send: a kind, the recipient and JSON-safe parameters (plus a
link). The sender (``peermatch.notifications``) renders subject, bodies and any calendar
part at send time in the recipient's language, so no service needs templates or a Flask
app context, and services never import the notifications package.

Delivery happens later (``flask --app wsgi outbox send``), so a change and the email it
causes are committed together or not at all. Emails carry no sensitive content: they say
that something needs attention and link to the app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage, User
from peermatch.models.enums import OutboxStatus
from peermatch.services import audit, email_preferences
from peermatch.services.audit import Origin
from peermatch.services.errors import Conflict, NotFound

_DATETIME = "$datetime"


def encode_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-safe parameters; aware datetimes survive the round trip (see ``decode_params``)."""
    return {key: _encode(value) for key, value in params.items()}


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("email parameters need timezone-aware datetimes")
        return {_DATETIME: value.isoformat()}
    if isinstance(value, Mapping):
        return encode_params(value)
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"email parameter of type {type(value).__name__} is not JSON-safe")


def decode_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    return {key: _decode(value) for key, value in (params or {}).items()}


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {_DATETIME}:
            return dt.datetime.fromisoformat(value[_DATETIME])
        return decode_params(value)
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _already_queued(session: Session, dedupe_key: str | None) -> bool:
    if dedupe_key is None:
        return False
    found = session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key))
    return found is not None


def queue_email(
    session: Session,
    *,
    user: User | None,
    kind: str,
    now: dt.datetime,
    link: str,
    params: Mapping[str, Any] | None = None,
    to_email: str | None = None,
    locale: str | None = None,
    ics_method: str | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Queue a ``kind`` email to ``user`` (or a bare address, e.g. a guardian); None when
    the user switched this kind's group off (``email_preferences``) or it is a duplicate.

    ``ics_method`` asks the sender to attach the session's calendar update (the parameters
    then carry a ``session`` snapshot). With a ``dedupe_key`` a second call adds nothing.
    """
    address = to_email or (user.email if user else None)
    if not address:
        raise ValueError("an email needs a user or an address")
    if user is not None and not email_preferences.allows(session, user, kind):
        return None  # the person switched this group of emails off (never safety emails)
    if _already_queued(session, dedupe_key):
        return None
    message = OutboxMessage(
        kind=kind,
        to_email=address,
        to_user_id=user.id if user else None,
        locale=locale or (user.locale if user else "nl"),
        params=encode_params(params or {}),
        link=link,
        subject="",  # rendered by the sender
        body_text="",
        ics_method=ics_method,
        dedupe_key=dedupe_key,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    session.flush()
    return message


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
    """Queue one email rendered by the caller (kept for messages built outside the templates);
    with a ``dedupe_key`` a second call for the same key adds nothing."""
    if _already_queued(session, dedupe_key):
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
        rendered_at=now,
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
