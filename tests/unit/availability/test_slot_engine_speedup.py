"""The faster slot engine (shared day table, grid in one loop, shared slot values) gives
exactly the answers of the engine before it, on generated cases and on the benchmark world."""

from __future__ import annotations

import random

from hypothesis import given
from reference_slots import reference_free_slots
from test_slot_properties import PROPERTY, Case, cases

from peermatch.availability import SlotSettings, free_slots


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
