"""Free times for a match or a booking, from the availability service and the active sessions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.availability import Interval
from peermatch.models import BookingParticipant, User
from peermatch.services import safeguarding
from peermatch.services.availability import free_slots_for_many, requester_windows_for
from peermatch.services.bookings.context import (
    ACTIVE_STATUSES,
    NEXT_FREE_SHOWN,
    PICK_WEEKS,
    Match,
    _booking_match,
    _duration,
    _open_match,
)
from peermatch.services.errors import InvalidInput


def _session_minutes(match: Match, wanted: int | None) -> int:
    lengths = match.proposal.profile.session_lengths or [60]
    if wanted is None:
        return lengths[0]
    if wanted not in lengths:
        raise InvalidInput("booking.error.length_not_offered")
    return wanted


def _free_for_match(
    session: Session, match: Match, *, now: dt.datetime, minutes: int, weeks: int | None = None
) -> list[Interval]:
    """Free slots every peer expert of the match has in common (the availability service's
    one rule), inside the requester's own windows, without the requester's own sessions."""
    until = now + dt.timedelta(weeks=weeks or max(p.horizon_weeks for p in match.profiles))
    requester = match.request.requester
    windows = requester_windows_for(
        match.request, time_zone=requester.time_zone, now=now, until=until
    )
    per_profile = free_slots_for_many(
        session,
        [p.id for p in match.profiles],
        now=now,
        requester_windows=windows,
        session_minutes=minutes,
        weeks=weeks,
    )
    ordered = per_profile.get(match.profiles[0].id, [])
    common = set(ordered)
    for profile in match.profiles[1:]:
        common &= set(per_profile.get(profile.id, []))
    busy = _active_blocks(session, requester.id)
    free = [
        s
        for s in ordered
        if s in common and s.start < until and not any(b < s.end and s.start < e for b, e in busy)
    ]
    return safeguarding.covered_slots(match, free, now=now)


def _active_blocks(session: Session, user_id: int) -> list[tuple[dt.datetime, dt.datetime]]:
    """What the person's active sessions block (for a requester: the session times, since
    buffers are the peer expert's), the same rows the database's overlap guard reads."""
    rows = session.execute(
        select(BookingParticipant.block_start, BookingParticipant.block_end).where(
            BookingParticipant.user_id == user_id, BookingParticipant.active.is_(True)
        )
    )
    return [(start, end) for start, end in rows]


def slots_for_match(
    session: Session,
    proposal_id: int,
    user: User,
    *,
    now: dt.datetime,
    session_minutes: int | None = None,
    weeks: int = PICK_WEEKS,
) -> list[Interval]:
    """What the requester may pick: free slots of the peer expert(s) inside their windows."""
    match, _actor = _open_match(session, proposal_id, user)
    return _free_for_match(
        session, match, now=now, minutes=_session_minutes(match, session_minutes), weeks=weeks
    )


def slots_for_booking(
    session: Session, booking_id: int, user: User, *, now: dt.datetime
) -> list[Interval]:
    """Free times for a counter-proposal or a reschedule of this session."""
    booking, match, _actor = _booking_match(session, booking_id, user)
    minutes = int(_duration(booking).total_seconds() // 60)
    own = {(booking.starts_at, booking.ends_at)} if booking.status in ACTIVE_STATUSES else set()
    slots = _free_for_match(session, match, now=now, minutes=minutes, weeks=PICK_WEEKS)
    if own:
        # The session's own time does not block its own reschedule; it is simply not offered.
        slots = [s for s in slots if (s.start, s.end) not in own]
    return slots


def _next_free(session: Session, match: Match, *, now: dt.datetime, minutes: int) -> list[Interval]:
    return _free_for_match(session, match, now=now, minutes=minutes)[:NEXT_FREE_SHOWN]
