"""Emails about a session changing (confirmed, moved, cancelled), with a calendar update.

Called by the booking service in the same transaction as the change. The email gives the
time in the recipient's zone and language and a link; meeting details stay in the app.
The attached iCalendar keeps the booking's UID and carries its current SEQUENCE, so the
recipient's calendar updates or removes the one entry it already has.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy.orm import Session

from peermatch.models import Booking, OutboxMessage, User
from peermatch.notifications.calendar_events import session_ics
from peermatch.notifications.emails import send_email
from peermatch.notifications.links import booking_path
from peermatch.notifications.session_time import session_time

Change = Literal["confirmed", "rescheduled", "cancelled"]
CHANGES: tuple[Change, ...] = ("confirmed", "rescheduled", "cancelled")


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
    return send_email(
        session,
        user=recipient,
        kind=f"session_{change}",
        now=now,
        link=booking_path(booking),
        params={"when": session_time(recipient, booking.starts_at, booking.ends_at, now=now)},
        ics=session_ics(booking, recipient=recipient, method=method, now=now),
        ics_method=method,
        dedupe_key=f"session:{booking.id}:{recipient.id}:{change}:{booking.sequence}",
    )
