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
#: a session email without a calendar part: new times wait for the recipient's answer
TIMES_PROPOSED = "session_times_proposed"
CHANGES: tuple[Change, ...] = ("confirmed", "rescheduled", "cancelled")


#: how long an in-person address may be in a calendar's LOCATION
LOCATION_MAX = 200


def session_snapshot(booking: Booking) -> dict[str, Any]:
    """What the sender needs to word the time and build the calendar part: who takes part
    (first names only, so each recipient reads the others' names), how they meet and, for
    in person, where. Never a topic or anyone's own words."""
    return {
        "booking_id": booking.id,
        "uid": booking.ical_uid,
        "sequence": booking.sequence,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "people": [
            [p.user_id, first_name(p.user.display_name)]
            for p in booking.participants
            if p.response != "declined"
        ],
        "mode": booking.mode,
        "place": session_place(booking),
    }


def session_place(booking: Booking) -> str | None:
    """The address of an in-person session (the first line the peer expert wrote), for a
    calendar's LOCATION; None for every other way of meeting."""
    if booking.mode != "in_person" or not booking.meeting_details:
        return None
    lines = booking.meeting_details.strip().splitlines()
    return lines[0].strip()[:LOCATION_MAX] or None if lines else None


def first_name(display_name: str) -> str:
    return display_name.split()[0] if display_name.strip() else display_name


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


def queue_times_proposed_email(
    session: Session, *, booking: Booking, recipient: User, now: dt.datetime
) -> OutboxMessage | None:
    """Queue "new times for your session with Lotte: pick one" (no calendar part yet)."""
    return queue_email(
        session,
        user=recipient,
        kind=TIMES_PROPOSED,
        now=now,
        link=booking_path(booking),
        params={"session": session_snapshot(booking)},
        dedupe_key=f"session:{booking.id}:{recipient.id}:times:{booking.sequence}",
    )
