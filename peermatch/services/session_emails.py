"""Emails about a session changing (confirmed, moved, cancelled), with a calendar update.

Called by the booking service in the same transaction as the change. The queued message
keeps a snapshot of the session as it is now (UID, SEQUENCE, start and end), so the email
and its iCalendar part say what was true when it was queued even if the session moves
again before the sender runs. The sender gives the time in the recipient's zone and
language and a link; meeting details stay in the app. The calendar part keeps the
booking's UID and carries its SEQUENCE, so the recipient's calendar updates or removes
the one entry it already has.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy.orm import Session

from peermatch.models import Booking, OutboxMessage, User
from peermatch.services.links import booking_path
from peermatch.services.outbox import queue_email

Change = Literal["confirmed", "rescheduled", "cancelled"]
CHANGES: tuple[Change, ...] = ("confirmed", "rescheduled", "cancelled")


def session_snapshot(booking: Booking) -> dict[str, Any]:
    """What the sender needs to word the time and build the calendar part."""
    return {
        "booking_id": booking.id,
        "uid": booking.ical_uid,
        "sequence": booking.sequence,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
    }


def queue_session_email(
    session: Session,
    *,
    booking: Booking,
    recipient: User,
    change: Change,
    now: dt.datetime,
) -> OutboxMessage | None:
    """Queue the ``session_<change>`` email; None if this exact update was queued before
    (same booking, person, change and SEQUENCE), so a retried request sends nothing twice."""
    if change not in CHANGES:
        raise ValueError(f"change must be one of {', '.join(CHANGES)}")
    method: Literal["REQUEST", "CANCEL"] = "CANCEL" if change == "cancelled" else "REQUEST"
    return queue_email(
        session,
        user=recipient,
        kind=f"session_{change}",
        now=now,
        link=booking_path(booking),
        params={"session": session_snapshot(booking)},
        ics_method=method,
        dedupe_key=f"session:{booking.id}:{recipient.id}:{change}:{booking.sequence}",
    )
