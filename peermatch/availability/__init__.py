"""Pure availability/slot engine: stated windows, exceptions and bookings in, free UTC slots out.

No Flask, no SQLAlchemy, no clock: callers pass `now`.
"""

from peermatch.availability.intervals import intersect, merge
from peermatch.availability.local_time import first_instant, week_key
from peermatch.availability.model import (
    DEFAULT_TIME_ZONE,
    Availability,
    BookedSession,
    DateException,
    ExceptionKind,
    Interval,
    SlotSettings,
    WeeklyWindow,
)
from peermatch.availability.requester import (
    AFTERNOON,
    EVENING,
    MORNING,
    PARTS_OF_DAY,
    PartOfDay,
    WeeklyPart,
    requester_intervals,
)
from peermatch.availability.slots import (
    SlotPairs,
    free_slot_pairs_each,
    free_slots,
    free_slots_each,
)

__all__ = [
    "AFTERNOON",
    "DEFAULT_TIME_ZONE",
    "EVENING",
    "MORNING",
    "PARTS_OF_DAY",
    "Availability",
    "BookedSession",
    "DateException",
    "ExceptionKind",
    "Interval",
    "PartOfDay",
    "SlotPairs",
    "SlotSettings",
    "WeeklyPart",
    "WeeklyWindow",
    "first_instant",
    "free_slot_pairs_each",
    "free_slots",
    "free_slots_each",
    "intersect",
    "merge",
    "requester_intervals",
    "week_key",
]
