"""With requester windows, the engine walks only the days on which one of a peer expert's
weekly windows meets them with room for a session (worked out once per call and window).
That may only ever skip days without a slot: a window met on one day of the horizon, on
a clock-change day, by exactly one session, and peer experts sharing windows under other
settings in the same call all get what walking every day gives."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from reference_slots import reference_free_slots
from test_slot_properties import PROPERTY, Case, cases

from peermatch.availability import (
    Availability,
    Interval,
    SlotSettings,
    WeeklyWindow,
    free_slot_pairs_each,
    free_slots,
    free_slots_each,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM).astimezone(UTC)


def soonest(
    availability: Availability, settings: SlotSettings, now: datetime, windows: list[Interval]
) -> tuple[tuple[datetime, datetime], ...]:
    [(_, found)] = free_slot_pairs_each(
        [(1, availability, (), settings)], now=now, requester_windows=windows, soonest_only=True
    )
    return found


def test_a_window_met_only_in_the_last_week_still_offers_its_slots() -> None:
    now = datetime(2026, 6, 1, 9, tzinfo=UTC)  # a Monday
    thursday = date(2026, 6, 18)  # the third week
    availability = Availability((WeeklyWindow(3, time(16), time(20)),))
    settings = SlotSettings(session_minutes=60, horizon_weeks=3)
    windows = [Interval(local(thursday, 17), local(thursday, 19))]
    found = free_slots(availability, [], settings, now=now, requester_windows=windows)
    assert found == [
        Interval(local(thursday, 17, m), local(thursday, 18, m)) for m in (0, 15, 30, 45)
    ] + [Interval(local(thursday, 18), local(thursday, 19))]
    assert found == reference_free_slots(
        availability, [], settings, now=now, requester_windows=windows
    )
    assert soonest(availability, settings, now, windows) == ((found[0].start, found[0].end),)


def test_the_fall_back_night_counts_its_repeated_hour() -> None:
    """On 25 October 2026 Amsterdam's clock goes from 03:00 back to 02:00: a window 01:00-04:00
    lasts four real hours, until 03:00 UTC. Worked out as an ordinary day it would end at
    02:00 UTC and miss the requester window 02:00-03:00 UTC altogether."""
    now = datetime(2026, 10, 20, 12, tzinfo=UTC)
    availability = Availability((WeeklyWindow(6, time(1), time(4)),))
    settings = SlotSettings(session_minutes=60, min_notice_hours=0, horizon_weeks=1)
    night = datetime(2026, 10, 25, 2, tzinfo=UTC)
    windows = [Interval(night, night + timedelta(hours=1))]
    found = free_slots(availability, [], settings, now=now, requester_windows=windows)
    assert found == [Interval(night, night + timedelta(hours=1))]
    assert found == reference_free_slots(
        availability, [], settings, now=now, requester_windows=windows
    )
    assert soonest(availability, settings, now, windows) == ((night, night + timedelta(hours=1)),)


def test_a_meeting_exactly_one_session_long_is_enough_and_less_is_not() -> None:
    now = datetime(2026, 6, 1, 9, tzinfo=UTC)
    wednesday = date(2026, 6, 10)
    availability = Availability((WeeklyWindow(2, time(10), time(12)),))
    settings = SlotSettings(session_minutes=45, horizon_weeks=2)
    exact = [Interval(local(wednesday, 11), local(wednesday, 11, 45))]
    assert free_slots(availability, [], settings, now=now, requester_windows=exact) == [
        Interval(local(wednesday, 11), local(wednesday, 11, 45))
    ]
    short = [Interval(local(wednesday, 11), local(wednesday, 11, 40))]
    assert free_slots(availability, [], settings, now=now, requester_windows=short) == []


def test_peer_experts_sharing_windows_keep_their_own_notice_horizon_and_zone() -> None:
    """One call remembers the days per set of settings: a shorter notice, a longer horizon
    or another zone must not borrow another peer expert's days."""
    now = datetime(2026, 6, 1, 9, tzinfo=UTC)  # Monday
    availability = Availability((WeeklyWindow(1, time(18), time(20)),))  # Tuesdays
    windows = [
        Interval(local(date(2026, 6, 2), 18), local(date(2026, 6, 2), 20)),  # tomorrow
        Interval(local(date(2026, 6, 16), 18), local(date(2026, 6, 16), 20)),  # week 3
    ]
    kinds = [
        SlotSettings(session_minutes=60, min_notice_hours=0, horizon_weeks=1),
        SlotSettings(session_minutes=60, min_notice_hours=72, horizon_weeks=1),
        SlotSettings(session_minutes=60, min_notice_hours=72, horizon_weeks=3),
        SlotSettings(session_minutes=60, min_notice_hours=0, horizon_weeks=3),
        SlotSettings(session_minutes=60, horizon_weeks=3, time_zone="Europe/London"),
        SlotSettings(session_minutes=120, min_notice_hours=0, horizon_weeks=3),
    ]
    each = dict(
        free_slots_each(
            ((n, availability, (), s) for n, s in enumerate(kinds)),
            now=now,
            requester_windows=windows,
        )
    )
    expected = {
        n: reference_free_slots(availability, [], s, now=now, requester_windows=windows)
        for n, s in enumerate(kinds)
    }
    assert each == expected
    assert [len(expected[n]) for n in range(len(kinds))] == [5, 0, 5, 10, 2, 2]


@PROPERTY
@given(cases(), st.lists(cases(), min_size=1, max_size=4), st.booleans())
def test_many_peer_experts_sharing_windows_get_what_walking_every_day_gives(
    first: Case, others: list[Case], soonest_only: bool
) -> None:
    """Every peer expert holds the first one's windows (the days are remembered per window
    and set of windows) under their own settings, exceptions and bookings."""
    requester = first.requester if first.requester is not None else ()
    batch = [first, *others]
    inputs = [
        (n, Availability(first.availability.windows, c.availability.exceptions), c)
        for n, c in enumerate(batch)
    ]
    found = dict(
        free_slot_pairs_each(
            ((n, a, c.bookings, c.settings) for n, a, c in inputs),
            now=first.now,
            requester_windows=requester,
            soonest_only=soonest_only,
        )
    )
    for n, availability, case in inputs:
        every = reference_free_slots(
            availability, case.bookings, case.settings, now=first.now, requester_windows=requester
        )
        pairs = tuple((s.start, s.end) for s in every)
        assert found[n] == (pairs[:1] if soonest_only else pairs)
