"""The emails an intervision sends, each with its calendar part, through the outbox.

The snapshot has the shape of a session's (``services.session_emails.session_snapshot``),
so the sender words the time in each recipient's zone and builds the iCalendar part with
the same builder: one UID per meeting, the SEQUENCE it has now, REQUEST for an invitation
or a move and CANCEL when it is called off (or someone is no longer invited). The title
and topic stay out of emails and calendars, which live on shared devices.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy.orm import Session

from peermatch.models import Intervision, OutboxMessage, User
from peermatch.services.outbox import queue_email

Change = Literal["invited", "moved", "cancelled", "uninvited"]
REMINDER_KIND = "intervision_reminder"
KINDS: dict[Change, tuple[str, Literal["REQUEST", "CANCEL"]]] = {
    "invited": ("intervision_invited", "REQUEST"),
    "moved": ("intervision_moved", "REQUEST"),
    "cancelled": ("intervision_cancelled", "CANCEL"),
    "uninvited": ("intervision_cancelled", "CANCEL"),
}


def intervision_path(intervision_id: int) -> str:
    """The meeting's page (``intervision.detail``)."""
    return f"/intervision/{intervision_id}"


def snapshot(intervision: Intervision) -> dict[str, Any]:
    return {
        "kind": "intervision",
        "intervision_id": intervision.id,
        "path": intervision_path(intervision.id),
        "uid": intervision.ical_uid,
        "sequence": intervision.sequence,
        "starts_at": intervision.starts_at,
        "ends_at": intervision.ends_at,
        "people": [],
        "mode": intervision.mode,
        "place": intervision.place if intervision.mode == "in_person" else None,
    }


def queue_change(
    session: Session, intervision: Intervision, recipient: User, change: Change, *, now: dt.datetime
) -> OutboxMessage | None:
    """One email with its calendar update; a repeat of the same update adds nothing."""
    kind, method = KINDS[change]
    return queue_email(
        session,
        user=recipient,
        kind=kind,
        now=now,
        link=intervision_path(intervision.id),
        params={"session": snapshot(intervision), "uninvited": change == "uninvited"},
        ics_method=method,
        dedupe_key=f"intervision:{intervision.id}:{recipient.id}:{change}:{intervision.sequence}",
    )


def reminder_key(intervision: Intervision, user_id: int) -> str:
    starts_at = intervision.starts_at.astimezone(dt.UTC).isoformat()
    return f"intervision-reminder:{intervision.id}:{user_id}:{starts_at}"


def queue_reminder(
    session: Session, intervision: Intervision, recipient: User, *, now: dt.datetime
) -> OutboxMessage | None:
    """The day-before reminder (the "reminders" group: people may switch it off)."""
    return queue_email(
        session,
        user=recipient,
        kind=REMINDER_KIND,
        now=now,
        link=intervision_path(intervision.id),
        params={"session": snapshot(intervision)},
        dedupe_key=reminder_key(intervision, recipient.id),
    )
