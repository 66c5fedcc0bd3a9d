"""Whether a peer expert's VOG covers a session time: the booking side of the VOG rule.

Matching only proposes peer experts whose VOG is valid through the first session date,
but sessions are booked, moved and approved later; each of those must hold on its own.
A VOG counts on the Dutch calendar: valid from its date up to and including its last
valid day, so a session must start on or after the VOG date and end by midnight
(Amsterdam) after the last valid day. Pure: no Flask, no SQLAlchemy, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from peermatch.booking.timing import TimeSlot
from peermatch.dutch_calendar import DUTCH_ZONE, dutch_date

#: Below this age a session needs a peer expert with a valid VOG.
ADULT_AGE = 18


def vog_ends_at(valid_until: date) -> datetime:
    """First instant (UTC) a VOG valid through ``valid_until`` (inclusive) no longer covers."""
    next_day = datetime.combine(valid_until + timedelta(days=1), time(0), tzinfo=DUTCH_ZONE)
    return next_day.astimezone(UTC)


def vog_covers(vog_date: date | None, valid_until: date | None, slot: TimeSlot) -> bool:
    """The whole session lies within the VOG's validity (no VOG covers nothing)."""
    if vog_date is None or valid_until is None:
        return False
    return dutch_date(slot.start) >= vog_date and slot.end <= vog_ends_at(valid_until)


def all_covered(vogs: Iterable[tuple[date | None, date | None]], slots: Iterable[TimeSlot]) -> bool:
    """Every peer expert's VOG covers every slot (a team session has several)."""
    vog_list = list(vogs)
    return all(vog_covers(start, until, slot) for slot in slots for start, until in vog_list)


def is_minor(age: int | None) -> bool:
    """An unknown age counts as a minor: safeguarding errs on the side of the youth."""
    return age is None or age < ADULT_AGE
