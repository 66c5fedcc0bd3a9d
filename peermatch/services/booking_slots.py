"""Free times for booking: the slot engine fed from the database.

A stand-in for ``peermatch.services.availability.free_slots_for`` (branch ``availapi``) with
the same signature, so the booking service switches to it by changing one import when that
branch lands. Active sessions (held or confirmed) of the peer expert block their time, so a
held slot is never offered to anyone else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.availability import (
    Availability,
    BookedSession,
    DateException,
    Interval,
    SlotSettings,
    WeeklyPart,
    WeeklyWindow,
    free_slots,
    requester_intervals,
)
from peermatch.models import BookingParticipant, ContactRequest, PeerExpertProfile, User
from peermatch.models.bookings import Booking


def _availability(profile: PeerExpertProfile) -> Availability:
    windows = tuple(
        WeeklyWindow(rule.weekday, rule.start_time, rule.end_time)
        for rule in profile.availability_rules
    )
    exceptions = tuple(
        DateException(e.start_date, e.end_date, e.kind.value, e.start_time, e.end_time)
        for e in profile.availability_exceptions
    )
    return Availability(windows, exceptions)


def active_sessions_of(session: Session, user_id: int) -> list[BookedSession]:
    """The person's held or confirmed sessions (their real times, without buffers)."""
    rows = session.execute(
        select(Booking.starts_at, Booking.ends_at)
        .join(BookingParticipant, BookingParticipant.booking_id == Booking.id)
        .where(BookingParticipant.user_id == user_id, BookingParticipant.active.is_(True))
    )
    return [BookedSession(start, end) for start, end in rows]


def settings_for(profile: PeerExpertProfile, session_minutes: int | None = None) -> SlotSettings:
    minutes = session_minutes or (profile.session_lengths or [60])[0]
    return SlotSettings(
        session_minutes=minutes,
        buffer_before_minutes=profile.buffer_before_minutes,
        buffer_after_minutes=profile.buffer_after_minutes,
        min_notice_hours=profile.min_notice_hours,
        horizon_weeks=profile.horizon_weeks,
        max_sessions_per_week=profile.max_sessions_per_week,
        time_zone=profile.user.time_zone,
    )


def free_slots_for(
    session: Session,
    profile: PeerExpertProfile,
    *,
    now: dt.datetime,
    session_minutes: int | None = None,
    requester_windows: Sequence[Interval] | None = None,
) -> list[Interval]:
    booked = active_sessions_of(session, profile.user_id)
    return free_slots(
        _availability(profile),
        booked,
        settings_for(profile, session_minutes),
        now=now,
        requester_windows=requester_windows,
    )


def requester_windows_for(
    request: ContactRequest, requester: User, *, now: dt.datetime, until: dt.datetime
) -> list[Interval] | None:
    """The requester's own times as UTC intervals, or ``None`` when they left it open."""
    prefs = request.time_preferences or {}
    parts = [
        WeeklyPart(int(p["weekday"]), p["part"])
        for p in prefs.get("weekly", [])
        if isinstance(p, dict) and "weekday" in p and "part" in p
    ]
    concrete = [
        Interval(dt.datetime.fromisoformat(w["start"]), dt.datetime.fromisoformat(w["end"]))
        for w in prefs.get("windows", [])
        if isinstance(w, dict) and "start" in w and "end" in w
    ]
    if not parts and not concrete:
        return None
    return requester_intervals(
        parts, time_zone=requester.time_zone, start=now, end=until, concrete=concrete
    )


def without_busy_times(slots: Sequence[Interval], busy: Sequence[BookedSession]) -> list[Interval]:
    """Drop slots that clash with the requester's own active sessions (they have no buffers)."""
    return [s for s in slots if not any(b.start < s.end and s.start < b.end for b in busy)]
