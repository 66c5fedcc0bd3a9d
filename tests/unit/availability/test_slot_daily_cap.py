"""The daily maximum, stated as a peer expert would: "no more than two sessions on one day".

Days are the peer expert's own local calendar days; on the clock-change Sundays of 2026 in
Amsterdam (29 March: 23 hours, 25 October: 25 hours) a day still runs midnight to midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from peermatch.availability import (
    Availability,
    BookedSession,
    SlotSettings,
    WeeklyWindow,
    free_slots,
)
from peermatch.availability.slots import full_local_days

AMS = ZoneInfo("Europe/Amsterdam")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2026, 6, 1)
NOW = datetime(2026, 5, 29, 12, 0, tzinfo=UTC)


def local(day: date, hour: int, minute: int = 0, zone: ZoneInfo = AMS) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def session_at(day: date, hour: int, zone: ZoneInfo = AMS) -> BookedSession:
    return BookedSession(local(day, hour, zone=zone), local(day, hour + 1, zone=zone))


def every_day(start: int, end: int) -> Availability:
    return Availability(tuple(WeeklyWindow(d, time(start), time(end)) for d in range(7)))


def settings(**overrides: object) -> SlotSettings:
    values: dict[str, object] = {
        "session_minutes": 60,
        "min_notice_hours": 0,
        "horizon_weeks": 1,
        "step_minutes": 60,
    }
    values.update(overrides)
    return SlotSettings(**values)  # type: ignore[arg-type]


def days_with_slots(slots: list, zone: ZoneInfo = AMS) -> set[date]:
    return {s.start.astimezone(zone).date() for s in slots}


def test_a_day_holding_the_maximum_offers_no_more_slots_other_days_still_do() -> None:
    bookings = [session_at(MONDAY, 9), session_at(MONDAY, 16)]
    slots = free_slots(every_day(10, 14), bookings, settings(max_sessions_per_day=2), now=NOW)
    days = days_with_slots(slots)
    assert MONDAY not in days
    assert date(2026, 6, 2) in days


def test_a_day_below_the_maximum_keeps_its_free_slots() -> None:
    bookings = [session_at(MONDAY, 9)]
    slots = free_slots(every_day(10, 14), bookings, settings(max_sessions_per_day=2), now=NOW)
    assert sum(s.start.astimezone(AMS).date() == MONDAY for s in slots) == 4


def test_no_daily_maximum_leaves_the_day_to_the_weekly_cap() -> None:
    bookings = [session_at(MONDAY, 9), session_at(MONDAY, 16)]
    slots = free_slots(every_day(10, 14), bookings, settings(max_sessions_per_day=None), now=NOW)
    assert MONDAY in days_with_slots(slots)


def test_a_daily_maximum_of_zero_offers_nothing() -> None:
    slots = free_slots(every_day(10, 14), [], settings(max_sessions_per_day=0), now=NOW)
    assert slots == []


def test_the_weekly_cap_still_applies_below_the_daily_maximum() -> None:
    bookings = [session_at(MONDAY, 9)]
    slots = free_slots(
        every_day(10, 14),
        bookings,
        settings(max_sessions_per_day=3, max_sessions_per_week=1),
        now=NOW,
    )
    assert not any(s.start.astimezone(AMS).date().isocalendar().week == 23 for s in slots)


def test_a_session_just_after_local_midnight_counts_for_that_local_day_not_the_utc_day() -> None:
    # 00:30 on Tuesday in Amsterdam is still Monday in UTC.
    tuesday = date(2026, 6, 2)
    early = BookedSession(local(tuesday, 0, 30), local(tuesday, 1, 30))
    assert early.start.date() == MONDAY
    slots = free_slots(every_day(10, 14), [early], settings(max_sessions_per_day=1), now=NOW)
    days = days_with_slots(slots)
    assert MONDAY in days
    assert tuesday not in days


def test_days_are_counted_in_the_peer_experts_own_zone() -> None:
    # 20:00 on Monday in New York is 02:00 on Tuesday in Amsterdam.
    evening = session_at(MONDAY, 20, zone=NEW_YORK)
    assert full_local_days([evening], 1, NEW_YORK) == {MONDAY}
    assert full_local_days([evening], 1, AMS) == {date(2026, 6, 2)}
    slots = free_slots(
        Availability(tuple(WeeklyWindow(d, time(10), time(14)) for d in range(7))),
        [evening],
        settings(max_sessions_per_day=1, time_zone="America/New_York"),
        now=NOW,
    )
    days = days_with_slots(slots, NEW_YORK)
    assert MONDAY not in days
    assert date(2026, 6, 2) in days


@pytest.mark.parametrize(
    ("sunday", "now"),
    [
        (date(2026, 3, 29), datetime(2026, 3, 27, 12, tzinfo=UTC)),  # 23-hour day
        (date(2026, 10, 25), datetime(2026, 10, 23, 12, tzinfo=UTC)),  # 25-hour day
    ],
)
def test_on_a_clock_change_sunday_the_day_still_runs_from_local_midnight_to_midnight(
    sunday: date, now: datetime
) -> None:
    # A session from 23:30 on the Sunday to 00:15 on the Monday fills the Sunday; one at
    # 00:30 (before the clock change at 02:00/03:00) fills it too, never the Saturday.
    monday = sunday + timedelta(days=1)
    late = BookedSession(local(sunday, 23, 30), local(monday, 0, 15))
    assert full_local_days([late], 1, AMS) == {sunday}
    early = BookedSession(local(sunday, 0, 30), local(sunday, 1, 30))
    assert full_local_days([early], 1, AMS) == {sunday}
    for booked in (late, early):
        slots = free_slots(every_day(10, 14), [booked], settings(max_sessions_per_day=1), now=now)
        days = days_with_slots(slots)
        assert sunday not in days
        assert monday in days
        assert sunday - timedelta(days=1) in days
