"""Requesters in other time zones, and the interval helpers other code reuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from peermatch.availability import (
    AFTERNOON,
    EVENING,
    MORNING,
    PARTS_OF_DAY,
    Availability,
    Interval,
    SlotSettings,
    WeeklyPart,
    WeeklyWindow,
    free_slots,
    intersect,
    merge,
    requester_intervals,
    week_key,
)

AMS = ZoneInfo("Europe/Amsterdam")
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def iv(start: datetime, end: datetime) -> Interval:
    return Interval(start, end)


def test_parts_of_day_are_the_named_constants() -> None:
    assert {
        MORNING: (time(8), time(12)),
        AFTERNOON: (time(12), time(17)),
        EVENING: (time(17), time(21)),
    } == PARTS_OF_DAY


def test_tokyo_evening_becomes_utc_morning() -> None:
    result = requester_intervals(
        [WeeklyPart(0, EVENING)],
        time_zone="Asia/Tokyo",
        start=utc(2026, 6, 1),
        end=utc(2026, 6, 15),
    )
    assert result == [
        iv(utc(2026, 6, 1, 8), utc(2026, 6, 1, 12)),
        iv(utc(2026, 6, 8, 8), utc(2026, 6, 8, 12)),
    ]


def test_parts_are_clipped_to_the_range_and_adjacent_parts_merge() -> None:
    result = requester_intervals(
        [WeeklyPart(0, MORNING), WeeklyPart(0, AFTERNOON)],
        time_zone="Europe/Amsterdam",
        start=datetime(2026, 6, 1, 9, tzinfo=AMS),
        end=datetime(2026, 6, 8, 0, tzinfo=AMS),
    )
    assert result == [iv(datetime(2026, 6, 1, 9, tzinfo=AMS), datetime(2026, 6, 1, 17, tzinfo=AMS))]


def test_concrete_windows_join_the_weekly_parts() -> None:
    concrete = iv(utc(2026, 6, 3, 6), utc(2026, 6, 3, 7))
    result = requester_intervals(
        [WeeklyPart(2, MORNING)],
        time_zone="Europe/Amsterdam",
        start=utc(2026, 6, 1),
        end=utc(2026, 6, 8),
        concrete=[concrete],
    )
    # 08:00-12:00 CEST is 06:00-10:00 UTC; the concrete 06:00-07:00 lies inside it.
    assert result == [iv(utc(2026, 6, 3, 6), utc(2026, 6, 3, 10))]


def test_requester_parts_follow_their_own_dst_dates() -> None:
    # New York moves to EDT on 8 March 2026, three weeks before Amsterdam.
    parts = [WeeklyPart(0, AFTERNOON)]
    result = requester_intervals(
        parts, time_zone="America/New_York", start=utc(2026, 3, 1), end=utc(2026, 3, 10)
    )
    assert [i.start for i in result] == [utc(2026, 3, 2, 17), utc(2026, 3, 9, 16)]


def peer_evenings_in_amsterdam() -> Availability:
    return Availability((WeeklyWindow(0, time(17), time(21)),))


def first_local_start(now: datetime, requester: list[Interval]) -> str:
    slots = free_slots(
        peer_evenings_in_amsterdam(),
        [],
        SlotSettings(session_minutes=60, min_notice_hours=0, horizon_weeks=1, step_minutes=30),
        now=now,
        requester_windows=requester,
    )
    return slots[0].start.astimezone(AMS).strftime("%a %H:%M %Z")


def test_new_york_afternoon_overlaps_amsterdam_evening_differently_per_dst_period() -> None:
    def ny_mondays(start: datetime) -> list[Interval]:
        return requester_intervals(
            [WeeklyPart(0, AFTERNOON)],
            time_zone="America/New_York",
            start=start,
            end=start + timedelta(weeks=1),
        )

    # Both on winter time: 6 hours apart, New York 12:00 = Amsterdam 18:00.
    assert first_local_start(utc(2026, 2, 27), ny_mondays(utc(2026, 2, 27))) == "Mon 18:00 CET"
    # New York already on summer time, Amsterdam not: 5 hours apart.
    assert first_local_start(utc(2026, 3, 13), ny_mondays(utc(2026, 3, 13))) == "Mon 17:00 CET"
    # Both on summer time: 6 hours again.
    assert first_local_start(utc(2026, 3, 27), ny_mondays(utc(2026, 3, 27))) == "Mon 18:00 CEST"


def test_tokyo_evening_meets_amsterdam_morning_and_shrinks_after_european_dst() -> None:
    peer = Availability(tuple(WeeklyWindow(d, time(9), time(12)) for d in range(5)))
    settings = SlotSettings(
        session_minutes=60, min_notice_hours=0, horizon_weeks=2, step_minutes=60
    )
    now = utc(2026, 3, 21)
    youth = requester_intervals(
        [WeeklyPart(d, EVENING) for d in range(5)],
        time_zone="Asia/Tokyo",
        start=now,
        end=now + timedelta(weeks=2),
    )
    slots = free_slots(peer, [], settings, now=now, requester_windows=youth)
    by_day: dict[date, list[str]] = {}
    for slot in slots:
        wall = slot.start.astimezone(AMS)
        by_day.setdefault(wall.date(), []).append(wall.strftime("%H:%M"))
        assert slot.start.astimezone(TOKYO).time() >= time(17)
        assert slot.end.astimezone(TOKYO).time() <= time(21)
    # Tokyo 17-21 is 09-13 CET: the whole 09-12 morning. After 29 March it is 10-14 CEST.
    assert by_day[date(2026, 3, 27)] == ["09:00", "10:00", "11:00"]
    assert by_day[date(2026, 3, 30)] == ["10:00", "11:00"]


def test_merge_joins_overlapping_and_touching_intervals() -> None:
    result = merge(
        [
            iv(utc(2026, 6, 1, 12), utc(2026, 6, 1, 13)),
            iv(utc(2026, 6, 1, 9), utc(2026, 6, 1, 10)),
            iv(utc(2026, 6, 1, 10), utc(2026, 6, 1, 11)),
            iv(utc(2026, 6, 1, 9, 30), utc(2026, 6, 1, 10, 30)),
        ]
    )
    assert result == [
        iv(utc(2026, 6, 1, 9), utc(2026, 6, 1, 11)),
        iv(utc(2026, 6, 1, 12), utc(2026, 6, 1, 13)),
    ]


def test_intersect_keeps_only_common_time() -> None:
    a = [iv(utc(2026, 6, 1, 8), utc(2026, 6, 1, 12)), iv(utc(2026, 6, 1, 14), utc(2026, 6, 1, 18))]
    b = [iv(utc(2026, 6, 1, 11), utc(2026, 6, 1, 15)), iv(utc(2026, 6, 1, 17), utc(2026, 6, 1, 20))]
    assert intersect(a, b) == [
        iv(utc(2026, 6, 1, 11), utc(2026, 6, 1, 12)),
        iv(utc(2026, 6, 1, 14), utc(2026, 6, 1, 15)),
        iv(utc(2026, 6, 1, 17), utc(2026, 6, 1, 18)),
    ]
    assert intersect(a, []) == []
    assert (
        intersect(
            [iv(utc(2026, 6, 1, 8), utc(2026, 6, 1, 9))],
            [iv(utc(2026, 6, 1, 9), utc(2026, 6, 1, 10))],
        )
        == []
    )


def test_interval_is_normalised_to_utc() -> None:
    interval = iv(datetime(2026, 6, 1, 10, tzinfo=AMS), datetime(2026, 6, 1, 11, tzinfo=AMS))
    assert interval.start == utc(2026, 6, 1, 8)
    assert interval.start.tzinfo is UTC


def test_week_key_uses_the_local_iso_week() -> None:
    sunday_night_utc = utc(2026, 5, 31, 22, 30)  # Monday 00:30 in Amsterdam
    assert week_key(sunday_night_utc, "Europe/Amsterdam") == (2026, 23)
    assert week_key(sunday_night_utc, "UTC") == (2026, 22)
    assert week_key(utc(2027, 1, 1, 12), "Europe/Amsterdam") == (2026, 53)  # ISO year
