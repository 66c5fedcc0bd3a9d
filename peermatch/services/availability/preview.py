"""What a peer expert's availability offers, grouped by their local day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.availability import (
    Interval,
)
from peermatch.models import (
    AvailabilityRule,
    PeerExpertProfile,
    User,
)
from peermatch.services.availability.editing import profile_of, zone_of
from peermatch.services.availability.free_slots import free_slots_for


@dataclass(frozen=True, slots=True)
class LocalSlot:
    interval: Interval
    start: dt.time  # local wall clock
    end: dt.time


@dataclass(frozen=True, slots=True)
class DaySlots:
    day: dt.date
    slots: list[LocalSlot]


def group_by_local_day(slots: Sequence[Interval], time_zone: str) -> list[DaySlots]:
    zone = ZoneInfo(time_zone)
    days: dict[dt.date, list[LocalSlot]] = defaultdict(list)
    for slot in slots:
        start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
        days[start.date()].append(LocalSlot(slot, start.time(), end.time()))
    return [DaySlots(day, days[day]) for day in sorted(days)]


def preview(
    session: Session, profile: PeerExpertProfile, *, now: dt.datetime, weeks: int | None = None
) -> list[DaySlots]:
    """Free slots of the coming weeks for the default session length, as a youth would see
    them, grouped per day in the peer expert's own time zone."""
    slots = free_slots_for(session, profile, now=now, weeks=weeks)
    return group_by_local_day(slots, zone_of(profile.user))


def weekly_window_count(session: Session, user: User) -> int | None:
    """How many weekly windows the peer expert has; None when they have no profile yet."""
    profile = profile_of(session, user)
    if profile is None:
        return None
    return (
        session.scalar(
            select(func.count())
            .select_from(AvailabilityRule)
            .where(AvailabilityRule.profile_id == profile.id)
        )
        or 0
    )
