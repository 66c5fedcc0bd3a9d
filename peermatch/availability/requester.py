"""A requester's (youth's or team's) own preferences as UTC intervals.

Parts of the day are read in the REQUESTER's time zone, so a youth in Tokyo saying
"evening" means 17:00-21:00 in Tokyo, whatever that is for the peer expert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal

from peermatch.availability import validation
from peermatch.availability.intervals import (
    Span,
    ceil_seconds,
    floor_seconds,
    from_seconds,
    merge_spans,
)
from peermatch.availability.local_time import first_instant
from peermatch.availability.model import Interval

PartOfDay = Literal["morning", "afternoon", "evening"]
MORNING: PartOfDay = "morning"
AFTERNOON: PartOfDay = "afternoon"
EVENING: PartOfDay = "evening"
PARTS_OF_DAY: dict[PartOfDay, tuple[time, time]] = {
    MORNING: (time(8), time(12)),
    AFTERNOON: (time(12), time(17)),
    EVENING: (time(17), time(21)),
}


@dataclass(frozen=True, slots=True)
class WeeklyPart:
    """A recurring part of a weekday, e.g. (2, "evening") = every Wednesday evening."""

    weekday: int  # 0 = Monday
    part: PartOfDay

    def __post_init__(self) -> None:
        validation.check_weekday(self.weekday)
        validation.check_part_of_day(self.part)


def requester_intervals(
    parts: Sequence[WeeklyPart],
    *,
    time_zone: str,
    start: datetime,
    end: datetime,
    concrete: Sequence[Interval] = (),
) -> list[Interval]:
    """Weekly parts of day (local to the requester) plus concrete windows, clipped to
    [start, end), merged and sorted, ready for `free_slots(requester_windows=...)`."""
    validation.check_span(start, end, "requester range")
    zone = validation.check_zone(time_zone)
    low, high = ceil_seconds(start), floor_seconds(end)
    wanted: dict[int, list[tuple[time, time]]] = {}
    for part in parts:
        wanted.setdefault(part.weekday, []).append(PARTS_OF_DAY[part.part])
    spans: list[Span] = [(ceil_seconds(i.start), floor_seconds(i.end)) for i in concrete]
    day = start.astimezone(zone).date()
    last_day = end.astimezone(zone).date()
    while day <= last_day:
        for part_start, part_end in wanted.get(day.weekday(), ()):
            spans.append((first_instant(day, part_start, zone), first_instant(day, part_end, zone)))
        day += timedelta(days=1)
    clipped = ((max(s, low), min(e, high)) for s, e in spans)
    return [Interval(from_seconds(s), from_seconds(e)) for s, e in merge_spans(clipped)]
