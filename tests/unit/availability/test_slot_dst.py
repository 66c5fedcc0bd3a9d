"""Daylight saving time in Europe/Amsterdam, 2026: spring forward Sunday 29 March
(02:00 CET -> 03:00 CEST), fall back Sunday 25 October (03:00 CEST -> 02:00 CET)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from peermatch.availability import (
    Availability,
    DateException,
    Interval,
    SlotSettings,
    WeeklyWindow,
    free_slots,
)

AMS = ZoneInfo("Europe/Amsterdam")
SPRING = date(2026, 3, 29)
FALL = date(2026, 10, 25)
SUNDAY, MONDAY = 6, 0


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def run(
    availability: Availability,
    now: datetime,
    *,
    session: int = 60,
    step: int = 15,
    exceptions: tuple[DateException, ...] = (),
) -> list[Interval]:
    settings = SlotSettings(
        session_minutes=session, min_notice_hours=0, horizon_weeks=1, step_minutes=step
    )
    return free_slots(Availability(availability.windows, exceptions), [], settings, now=now)


def local_starts(slots: list[Interval], day: date) -> list[str]:
    return [
        s.start.astimezone(AMS).strftime("%H:%M %Z")
        for s in slots
        if s.start.astimezone(AMS).date() == day
    ]


def ten_to_twelve(*weekdays: int) -> Availability:
    return Availability(tuple(WeeklyWindow(d, time(10), time(12)) for d in weekdays))


@pytest.mark.parametrize(
    ("day", "first_utc", "zone_name"),
    [
        (date(2026, 3, 28), utc(2026, 3, 28, 9), "CET"),  # Saturday before: UTC+1
        (SPRING, utc(2026, 3, 29, 8), "CEST"),  # the Sunday itself: already UTC+2
        (date(2026, 3, 30), utc(2026, 3, 30, 8), "CEST"),  # Monday after
        (date(2026, 10, 24), utc(2026, 10, 24, 8), "CEST"),
        (FALL, utc(2026, 10, 25, 9), "CET"),
        (date(2026, 10, 26), utc(2026, 10, 26, 9), "CET"),
    ],
)
def test_ten_oclock_stays_ten_local_and_moves_in_utc(
    day: date, first_utc: datetime, zone_name: str
) -> None:
    now = datetime.combine(day - timedelta(days=2), time(0), tzinfo=UTC)
    slots = run(ten_to_twelve(day.weekday()), now)
    today = [s for s in slots if s.start.astimezone(AMS).date() == day]
    assert today[0].start == first_utc
    assert local_starts(slots, day) == [
        f"{t} {zone_name}" for t in ("10:00", "10:15", "10:30", "10:45", "11:00")
    ]


@pytest.mark.parametrize("change", [SPRING, FALL])
def test_no_slot_vanishes_or_doubles_in_the_week_of_the_change(change: date) -> None:
    now = datetime.combine(change - timedelta(days=6), time(0), tzinfo=UTC)  # Monday
    slots = run(ten_to_twelve(*range(7)), now)
    per_day = Counter(s.start.astimezone(AMS).date() for s in slots)
    week = [change - timedelta(days=6) + timedelta(days=i) for i in range(7)]
    assert [per_day[d] for d in week] == [5] * 7
    assert len({s.start for s in slots}) == len(slots)
    assert {s.start.astimezone(AMS).time() for s in slots} == {
        time(10),
        time(10, 15),
        time(10, 30),
        time(10, 45),
        time(11),
    }


def test_spring_forward_night_has_no_start_at_a_nonexistent_time() -> None:
    slots = run(Availability((WeeklyWindow(SUNDAY, time(1), time(4)),)), utc(2026, 3, 27))
    # 01:00-04:00 local is 00:00-02:00 UTC: two real hours; 02:00-02:45 do not exist.
    assert [s.start for s in slots] == [
        utc(2026, 3, 29, 0, 0),
        utc(2026, 3, 29, 0, 15),
        utc(2026, 3, 29, 0, 30),
        utc(2026, 3, 29, 0, 45),
        utc(2026, 3, 29, 1, 0),
    ]
    assert local_starts(slots, SPRING)[-1] == "03:00 CEST"
    for slot in slots:
        wall = slot.start.astimezone(AMS)
        assert not time(2) <= wall.time() < time(3)
        assert wall.replace(tzinfo=None).replace(tzinfo=AMS).astimezone(UTC) == slot.start
    assert slots[-1].end == utc(2026, 3, 29, 2, 0)  # = 04:00 CEST, the window end


def test_window_wholly_inside_the_skipped_hour_has_no_slots() -> None:
    slots = run(
        Availability((WeeklyWindow(SUNDAY, time(2), time(3)),)), utc(2026, 3, 27), session=15
    )
    assert local_starts(slots, SPRING) == []


def test_window_starting_in_the_skipped_hour_opens_at_the_jump() -> None:
    slots = run(
        Availability((WeeklyWindow(SUNDAY, time(2, 30), time(3, 30)),)),
        utc(2026, 3, 27),
        session=30,
    )
    assert [s.start for s in slots if s.start.date() == SPRING] == [
        utc(2026, 3, 29, 1, 0),  # 03:00 CEST
    ]


def test_fall_back_night_offers_each_local_start_once() -> None:
    slots = run(Availability((WeeklyWindow(SUNDAY, time(1), time(4)),)), utc(2026, 10, 23))
    starts = local_starts(slots, FALL)
    assert len(starts) == len(set(starts))
    # The window lasts four real hours (23:00-03:00 UTC); the repeated 02:xx starts only
    # at its first occurrence (CEST), so 02:00-02:45 CET are no starts.
    assert starts == [
        "01:00 CEST", "01:15 CEST", "01:30 CEST", "01:45 CEST",
        "02:00 CEST", "02:15 CEST", "02:30 CEST", "02:45 CEST",
        "03:00 CET",
    ]  # fmt: skip
    assert slots[-1].end == utc(2026, 10, 25, 3, 0)  # 04:00 CET


def test_unavailable_repeated_hour_blocks_both_passes_of_it() -> None:
    availability = Availability((WeeklyWindow(SUNDAY, time(0), time(6)),))
    blocked = DateException(FALL, FALL, "unavailable", time(2), time(3))
    slots = run(availability, utc(2026, 10, 23), session=30, step=30, exceptions=(blocked,))
    on_fall = [s for s in slots if s.start.astimezone(AMS).date() == FALL]
    # From the first 02:00 (00:00 UTC) until the clock first shows 03:00 (02:00 UTC).
    assert all(s.end <= utc(2026, 10, 25, 0) or s.start >= utc(2026, 10, 25, 2) for s in on_fall)
    assert utc(2026, 10, 24, 23, 30) in [s.start for s in on_fall]
    assert utc(2026, 10, 25, 2) in [s.start for s in on_fall]


def test_whole_day_unavailable_covers_the_25_hour_day() -> None:
    availability = Availability(
        (WeeklyWindow(SUNDAY, time(0), time(23, 59)), WeeklyWindow(MONDAY, time(0), time(1)))
    )
    off = DateException(FALL, FALL, "unavailable")
    slots = run(availability, utc(2026, 10, 23), exceptions=(off,))
    assert local_starts(slots, FALL) == []
    assert local_starts(slots, date(2026, 10, 26)) == ["00:00 CET"]


def test_slot_spanning_the_jump_lasts_the_session_length_in_real_time() -> None:
    slots = run(Availability((WeeklyWindow(SUNDAY, time(1), time(4)),)), utc(2026, 3, 27))
    first = slots[0]
    assert first.start.astimezone(AMS).strftime("%H:%M") == "01:00"
    assert first.end.astimezone(AMS).strftime("%H:%M") == "03:00"  # one real hour
    assert first.end - first.start == timedelta(hours=1)
