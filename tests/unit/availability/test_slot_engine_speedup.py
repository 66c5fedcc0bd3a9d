"""The faster slot engine (shared day table, grid in one loop, shared slot values) gives
exactly the answers of the engine before it, on generated cases and on the benchmark world."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from reference_slots import reference_free_slots
from test_slot_properties import PROPERTY, Case, cases

from peermatch.availability import (
    Availability,
    BookedSession,
    SlotSettings,
    WeeklyWindow,
    free_slot_pairs_each,
    free_slots,
)


@PROPERTY
@given(cases())
def test_free_slots_equal_the_reference_engine(case: Case) -> None:
    expected = reference_free_slots(
        case.availability,
        case.bookings,
        case.settings,
        now=case.now,
        requester_windows=case.requester,
    )
    assert case.run() == expected
    assert case.run() == expected  # again, now from the shared slot values


def test_free_slots_equal_the_reference_engine_on_the_benchmark_world() -> None:
    from bench import bench_slots

    rng = random.Random(2)
    settings = SlotSettings(session_minutes=60, horizon_weeks=4, max_sessions_per_week=3)
    compared = 0
    for _ in range(200):
        availability = bench_slots.ten_windows(rng)
        booked = bench_slots.bookings(rng, rng.randint(0, 6), 4)
        expected = reference_free_slots(availability, booked, settings, now=bench_slots.NOW)
        assert free_slots(availability, booked, settings, now=bench_slots.NOW) == expected
        compared += len(expected)
    assert compared > 10_000


@settings(deadline=None, max_examples=300)
@given(cases())
def test_untouched_days_from_the_weekday_grid_equal_the_reference_engine(case: Case) -> None:
    """Without requester windows most days take the clean-day path (each window's whole
    grid, no cutting): across zones, DST nights, buffers, caps, extras and absences it gives
    exactly what the reference engine gives."""
    case = dataclasses.replace(case, requester=None)
    expected = reference_free_slots(
        case.availability, case.bookings, case.settings, now=case.now, requester_windows=None
    )
    assert case.run() == expected


def test_a_clean_week_is_every_window_grid_and_a_touched_day_is_cut() -> None:
    """A booking cuts only its own day; every other day offers each window's full grid."""
    monday = datetime(2026, 6, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))
    availability = Availability(
        (
            WeeklyWindow(0, time(9), time(11)),
            WeeklyWindow(0, time(10), time(12)),  # overlaps the first: no repeated starts
            WeeklyWindow(2, time(14), time(15, 30)),
        )
    )
    settings_ = SlotSettings(session_minutes=60, min_notice_hours=0, horizon_weeks=2)
    booked = [
        BookedSession(monday + timedelta(days=7, hours=9), monday + timedelta(days=7, hours=10))
    ]
    now = monday - timedelta(days=1)
    got = free_slots(availability, booked, settings_, now=now)
    assert got == reference_free_slots(availability, booked, settings_, now=now)
    local = [s.start.astimezone(monday.tzinfo).strftime("%a %d %H:%M") for s in got]
    assert local[:9] == [
        "Mon 01 09:00", "Mon 01 09:15", "Mon 01 09:30", "Mon 01 09:45", "Mon 01 10:00",
        "Mon 01 10:15", "Mon 01 10:30", "Mon 01 10:45", "Mon 01 11:00",
    ]  # fmt: skip
    assert "Mon 08 09:00" not in local and "Mon 08 10:00" in local
    assert local.count("Wed 03 14:00") == 1 and "Wed 03 14:45" not in local


@PROPERTY
@given(cases())
def test_the_soonest_slot_alone_is_the_first_of_all_slots(case: Case) -> None:
    """`soonest_only` stops after the first day with a free slot: its one slot is the first
    of the whole answer (or nothing when there is none)."""
    every = case.run()
    [(_, soonest)] = free_slot_pairs_each(
        [(1, case.availability, case.bookings, case.settings)],
        now=case.now,
        requester_windows=case.requester,
        soonest_only=True,
    )
    assert soonest == tuple((s.start, s.end) for s in every[:1])


@PROPERTY
@given(cases(), st.integers(1, 23).map(lambda n: timedelta(minutes=5 * n)))
def test_days_with_overlapping_windows_are_sorted_on_their_own(
    case: Case, shift: timedelta
) -> None:
    """Only a day whose starts arrive out of order is sorted (and freed of repeats): with
    every window doubled by an overlapping copy, many days of one answer are out of order,
    each between days that are not, and the answer is still the reference engine's."""
    doubled = [
        WeeklyWindow(w.weekday, w.start, shifted)
        for w in case.availability.windows
        if (shifted := (datetime.combine(date.min, w.end) + shift).time()) > w.start
        and shifted > w.end
    ]
    case = dataclasses.replace(
        case,
        availability=dataclasses.replace(
            case.availability, windows=case.availability.windows + tuple(doubled)
        ),
    )
    expected = reference_free_slots(
        case.availability, case.bookings, case.settings, now=case.now,
        requester_windows=case.requester,
    )  # fmt: skip
    got = case.run()
    assert got == expected
    starts = [slot.start for slot in got]
    assert starts == sorted(set(starts))


@PROPERTY
@given(cases(), cases())
def test_calls_in_a_row_share_nothing_but_their_answers(first: Case, second: Case) -> None:
    """Horizons and day templates are remembered across calls: the same windows under
    other settings, and other windows under the same settings and moment, still give the
    reference engine's answers."""
    runs = [
        (first.availability, first.settings, first.now),
        (first.availability, second.settings, second.now),
        (second.availability, first.settings, first.now),
        (first.availability, first.settings, first.now),
    ]
    for availability, settings_, now in runs:
        expected = reference_free_slots(availability, (), settings_, now=now)
        assert free_slots(availability, (), settings_, now=now) == expected


def test_shared_slot_values_for_no_one_and_many_starts() -> None:
    """The shared slot values are looked up in one go for two starts or more; none and one
    (where that look-up would not answer a tuple) give the same kind of answer."""
    from peermatch.availability.slots import _as_intervals, _as_pairs

    base = 1_790_000_100
    for count in (0, 1, 2, 5):
        starts = [base + 900 * k for k in range(count)]
        for _ in range(2):  # built, then shared
            slots = _as_intervals(3600, starts)
            assert isinstance(slots, list)
            assert [(s.start.timestamp(), s.end.timestamp()) for s in slots] == [
                (start, start + 3600) for start in starts
            ]
            pairs = _as_pairs(3600, starts)
            assert isinstance(pairs, tuple)
            assert pairs == tuple((s.start, s.end) for s in slots)
