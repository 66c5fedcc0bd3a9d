"""Reminder emails before confirmed sessions.

Idempotent by construction: each reminder carries the dedupe key
``reminder:<booking>:<user>:<starts_at>``, so a second run queues nothing, while a session
moved to a new time gets a fresh reminder. The email says only when, never with whom about
what; how to meet is behind the link.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from peermatch.db import lock_for_write
from peermatch.models import Booking, BookingParticipant
from peermatch.models.enums import BookingStatus
from peermatch.services.intervision import queue_intervision_reminders
from peermatch.services.links import booking_path
from peermatch.services.outbox import queue_email
from peermatch.services.session_emails import session_snapshot

REMINDER_KIND = "session_reminder"


def reminder_key(booking: Booking, user_id: int) -> str:
    starts_at = booking.starts_at.astimezone(dt.UTC).isoformat()
    return f"reminder:{booking.id}:{user_id}:{starts_at}"


def queue_reminders(session: Session, *, now: dt.datetime, hours: int = 24) -> int:
    """Queue one reminder per participant of every confirmed session, and per invited peer
    expert of every intervision meeting, starting within ``hours`` (and not started yet);
    returns how many emails were queued.

    Needs no app context: the sender renders the emails. Flushes only; the caller commits.
    """
    # Two runs at once (cron overlap) must not both pass the dedupe check on SQLite.
    lock_for_write(session)
    bookings = session.scalars(
        select(Booking)
        .where(
            Booking.status == BookingStatus.CONFIRMED,
            Booking.starts_at > now,
            Booking.starts_at <= now + dt.timedelta(hours=hours),
        )
        .options(selectinload(Booking.participants).selectinload(BookingParticipant.user))
        .order_by(Booking.starts_at, Booking.id)
    ).all()
    queued = 0
    for booking in bookings:
        for participant in booking.participants:
            user = participant.user
            if not participant.active or not user.is_active:
                continue
            message = queue_email(
                session,
                user=user,
                kind=REMINDER_KIND,
                now=now,
                link=booking_path(booking),
                params={"session": session_snapshot(booking)},
                dedupe_key=reminder_key(booking, user.id),
            )
            if message is not None:
                queued += 1
                booking.reminder_sent_at = now
    session.flush()
    # Group intervision meetings of peer experts are reminded in the same run.
    return queued + queue_intervision_reminders(session, now=now, hours=hours)
