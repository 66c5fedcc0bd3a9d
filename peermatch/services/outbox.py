"""Writing outgoing email into the outbox, in the caller's transaction.

Delivery happens later (``flask --app wsgi outbox send``), so a change and the email it
causes are committed together or not at all. Emails carry no sensitive content: they say
that something needs attention and link to the app.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage


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
