"""Slot engine speed: one busy peer expert over 12 weeks, and a 1,000-expert matching pass.

Run: python -m bench.bench_slots
"""

from __future__ import annotations

import random
import statistics
import time as clock
from datetime import UTC, datetime, time, timedelta

from peermatch.availability import (
    Availability,
    BookedSession,
    DateException,
    SlotSettings,
    WeeklyWindow,
    free_slots,
)

#: issue 13: a full matching pass over 1,000 peer experts x 4 weeks (median, wall clock)
PASS_TARGET_MS = 100.0
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)  # the horizon crosses the spring DST change


def ten_windows(rng: random.Random) -> Availability:
    windows = []
    for weekday in rng.sample(range(7), 5):
        for start_hour in rng.sample([9, 13, 17], 2):
            length = rng.choice([2, 3, 4])
            windows.append(WeeklyWindow(weekday, time(start_hour), time(start_hour + length)))
    start = NOW.date() + timedelta(days=rng.randint(3, 20))
    exceptions = (
        DateException(start, start + timedelta(days=rng.randint(0, 3)), "unavailable"),
        DateException(
            start + timedelta(days=7), start + timedelta(days=7), "extra", time(19), time(21)
        ),
    )
    return Availability(tuple(windows), exceptions)


def bookings(rng: random.Random, count: int, weeks: int) -> list[BookedSession]:
    result = []
    for _ in range(count):
        start = NOW + timedelta(minutes=15 * rng.randrange(weeks * 7 * 96))
        result.append(BookedSession(start, start + timedelta(minutes=60)))
    return result


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def busy_expert(runs: int = 200) -> None:
    rng = random.Random(1)
    availability = ten_windows(rng)
    booked = bookings(rng, 300, 12)
    settings = SlotSettings(
        session_minutes=60,
        buffer_before_minutes=10,
        buffer_after_minutes=10,
        horizon_weeks=12,
        max_sessions_per_week=30,
    )
    timings, slots = [], 0
    for _ in range(runs):
        started = clock.perf_counter()
        slots = len(free_slots(availability, booked, settings, now=NOW))
        timings.append(clock.perf_counter() - started)
    print(
        f"(1) one expert, 12 weeks, 10 windows/week, 300 bookings: "
        f"median {median_ms(timings):.3f} ms per call ({slots} slots, {runs} runs)"
    )


def matching_pass(experts: int = 1000, passes: int = 15) -> None:
    rng = random.Random(2)
    people = [(ten_windows(rng), bookings(rng, rng.randint(0, 6), 4)) for _ in range(experts)]
    settings = SlotSettings(session_minutes=60, horizon_weeks=4, max_sessions_per_week=3)
    per_pass, cpu_pass, per_call = [], [], []
    for _ in range(passes):
        started = clock.perf_counter()
        cpu_started = clock.process_time()
        for availability, booked in people:
            call_started = clock.perf_counter()
            free_slots(availability, booked, settings, now=NOW)
            per_call.append(clock.perf_counter() - call_started)
        cpu_pass.append(clock.process_time() - cpu_started)
        per_pass.append(clock.perf_counter() - started)
    median = median_ms(per_pass)
    print(
        f"(2) {experts} experts x 4 weeks: median {median:.1f} ms per full pass "
        f"(CPU median {median_ms(cpu_pass):.1f} ms), "
        f"median {median_ms(per_call):.3f} ms per expert call, "
        f"{median / experts:.3f} ms per expert from the pass median ({passes} passes)"
        f"  [target <= {PASS_TARGET_MS:g} ms: {'met' if median <= PASS_TARGET_MS else 'MISSED'}]"
    )


def main() -> None:
    busy_expert()
    matching_pass()


if __name__ == "__main__":
    main()
