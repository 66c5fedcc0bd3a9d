"""Free slots for many peer experts at once, for the matching service.

A local stand-in for ``peermatch.services.availability.free_slots_for_many`` (branch
``availapi``): when that lands, ``peermatch.services.matching`` switches its one import.
The profiles arrive with their rules and exceptions already loaded, and every active
session of all of them is read in ONE statement, so the number of SQL statements does not
grow with the number of peer experts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.availability import (
    Availability,
    BookedSession,
    DateException,
    Interval,
    WeeklyWindow,
    free_slots,
)
from peermatch.models import Booking, BookingParticipant, PeerExpertProfile
from peermatch.services.booking_slots import settings_for


def active_sessions_by_user(
    session: Session, user_ids: Sequence[int]
) -> dict[int, list[BookedSession]]:
    """Held or confirmed sessions per person, in one statement."""
    found: dict[int, list[BookedSession]] = defaultdict(list)
    if not user_ids:
        return found
    rows = session.execute(
        select(BookingParticipant.user_id, Booking.starts_at, Booking.ends_at)
        .join(Booking, BookingParticipant.booking_id == Booking.id)
        .where(BookingParticipant.active.is_(True), BookingParticipant.user_id.in_(user_ids))
    )
    for user_id, start, end in rows:
        found[user_id].append(BookedSession(start, end))
    return found


def availability_of(profile: PeerExpertProfile) -> Availability:
    return Availability(
        tuple(
            WeeklyWindow(r.weekday, r.start_time, r.end_time) for r in profile.availability_rules
        ),
        tuple(
            DateException(e.start_date, e.end_date, e.kind.value, e.start_time, e.end_time)
            for e in profile.availability_exceptions
        ),
    )


def free_slots_for_many(
    profiles: Sequence[PeerExpertProfile],
    sessions_by_user: dict[int, list[BookedSession]],
    *,
    now: dt.datetime,
) -> dict[int, list[Interval]]:
    """profile id -> the peer expert's own free slots (not intersected with any requester)."""
    return {
        profile.id: free_slots(
            availability_of(profile),
            sessions_by_user.get(profile.user_id, []),
            settings_for(profile),
            now=now,
        )
        for profile in profiles
    }
