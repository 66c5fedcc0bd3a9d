"""Example tests for every slot rule, stated as a coordinator would state them.

Reference week: Monday 1 June 2026 (Amsterdam on CEST, UTC+2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from peermatch.availability import (
    Availability,
    BookedSession,
    DateException,
    Interval,
    SlotSettings,
    WeeklyWindow,
    free_slots,
)

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2026, 6, 1)
NOW = datetime(2026, 5, 29, 12, 0, tzinfo=UTC)  # a Friday, well before the reference week


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMS)


def settings(**overrides: object) -> SlotSettings:
    values: dict[str, object] = {
        "session_minutes": 60,
        "min_notice_hours": 0,
        "horizon_weeks": 1,
        "step_minutes": 15,
    }
    values.update(overrides)
    return SlotSettings(**values)  # type: ignore[arg-type]


def starts_on(slots: list[Interval], day: date) -> list[str]:
    """Local HH:MM of the slots that start on `day` in Amsterdam."""
    return [
        s.start.astimezone(AMS).strftime("%H:%M")
        for s in slots
        if s.start.astimezone(AMS).date() == day
    ]


def monday_window(start: time, end: time) -> Availability:
    return Availability((WeeklyWindow(0, start, end),))


# --- windows and grid -------------------------------------------------------------------


def test_weekly_window_is_cut_into_sessions_on_the_local_quarter_hour_grid() -> None:
    slots = free_slots(monday_window(time(10), time(12)), [], settings(), now=NOW)
    assert starts_on(slots, MONDAY) == ["10:00", "10:15", "10:30", "10:45", "11:00"]


def test_slots_are_utc_and_summer_time_shifts_them_two_hours() -> None:
    slots = free_slots(monday_window(time(10), time(12)), [], settings(), now=NOW)
    assert slots[0] == Interval(
        datetime(2026, 6, 1, 8, 0, tzinfo=UTC), datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    )
    assert all(s.start.tzinfo is UTC and s.end.tzinfo is UTC for s in slots)


def test_grid_is_aligned_to_the_window_start_not_to_the_hour() -> None:
    slots = free_slots(
        monday_window(time(10, 10), time(11, 40)),
        [],
        settings(session_minutes=30, step_minutes=30),
        now=NOW,
    )
    assert starts_on(slots, MONDAY) == ["10:10", "10:40", "11:10"]


def test_every_slot_has_exactly_the_session_length() -> None:
    slots = free_slots(monday_window(time(9), time(17)), [], settings(session_minutes=45), now=NOW)
    assert slots
    assert {s.end - s.start for s in slots} == {timedelta(minutes=45)}


def test_session_longer_than_every_window_gives_no_slots_and_no_error() -> None:
    assert free_slots(monday_window(time(10), time(10, 45)), [], settings(), now=NOW) == []
    assert free_slots(monday_window(time(10), time(11)), [], settings(), now=NOW) != []


def test_only_the_windows_weekday_gets_slots() -> None:
    slots = free_slots(monday_window(time(10), time(12)), [], settings(), now=NOW)
    assert {s.start.astimezone(AMS).weekday() for s in slots} == {0}


def test_a_slot_never_spans_two_touching_windows() -> None:
    availability = Availability(
        (WeeklyWindow(0, time(10), time(11)), WeeklyWindow(0, time(11), time(12)))
    )
    slots = free_slots(availability, [], settings(step_minutes=30), now=NOW)
    assert starts_on(slots, MONDAY) == ["10:00", "11:00"]


def test_overlapping_windows_give_each_slot_once_and_sorted() -> None:
    availability = Availability(
        (
            WeeklyWindow(0, time(11), time(13)),
            WeeklyWindow(0, time(10), time(12)),
            WeeklyWindow(0, time(10), time(12)),
        )
    )
    slots = free_slots(availability, [], settings(step_minutes=30), now=NOW)
    assert starts_on(slots, MONDAY) == ["10:00", "10:30", "11:00", "11:30", "12:00"]
    assert [s.start for s in slots] == sorted({s.start for s in slots})


# --- exceptions and absences -----------------------------------------------------------


def test_whole_day_unavailable_removes_that_day_only() -> None:
    availability = Availability(
        (WeeklyWindow(0, time(10), time(12)), WeeklyWindow(1, time(10), time(12))),
        (DateException(MONDAY, MONDAY, "unavailable"),),
    )
    slots = free_slots(availability, [], settings(), now=NOW)
    assert starts_on(slots, MONDAY) == []
    assert len(starts_on(slots, MONDAY + timedelta(days=1))) == 5


def test_absence_over_a_date_range_blocks_every_day_in_it_inclusive() -> None:
    daily = tuple(WeeklyWindow(d, time(10), time(12)) for d in range(7))
    holiday = DateException(date(2026, 6, 2), date(2026, 6, 4), "unavailable")
    slots = free_slots(Availability(daily, (holiday,)), [], settings(horizon_weeks=2), now=NOW)
    days = {s.start.astimezone(AMS).date() for s in slots}
    assert days.isdisjoint({date(2026, 6, 2), date(2026, 6, 3), date(2026, 6, 4)})
    assert {date(2026, 6, 1), date(2026, 6, 5)} <= days


def test_partial_day_unavailable_cuts_the_window() -> None:
    availability = Availability(
        (WeeklyWindow(0, time(9), time(12)),),
        (DateException(MONDAY, MONDAY, "unavailable", time(10), time(11)),),
    )
    slots = free_slots(availability, [], settings(step_minutes=30), now=NOW)
    assert starts_on(slots, MONDAY) == ["09:00", "11:00"]


def test_partial_unavailable_over_several_days_applies_each_day() -> None:
    daily = tuple(WeeklyWindow(d, time(9), time(11)) for d in range(7))
    mornings_off = DateException(
        date(2026, 6, 1), date(2026, 6, 2), "unavailable", time(9), time(10)
    )
    slots = free_slots(Availability(daily, (mornings_off,)), [], settings(step_minutes=60), now=NOW)
    assert starts_on(slots, date(2026, 6, 1)) == ["10:00"]
    assert starts_on(slots, date(2026, 6, 2)) == ["10:00"]
    assert starts_on(slots, date(2026, 6, 3)) == ["09:00", "10:00"]


def test_extra_window_adds_slots_on_a_date_without_weekly_windows() -> None:
    wednesday = date(2026, 6, 3)
    availability = Availability(
        (WeeklyWindow(0, time(10), time(11)),),
        (DateException(wednesday, wednesday, "extra", time(18), time(20)),),
    )
    slots = free_slots(availability, [], settings(step_minutes=60), now=NOW)
    assert starts_on(slots, wednesday) == ["18:00", "19:00"]
    assert starts_on(slots, date(2026, 6, 10)) == []  # not recurring


def test_unavailable_wins_over_an_extra_window_on_the_same_date() -> None:
    wednesday = date(2026, 6, 3)
    availability = Availability(
        (),
        (
            DateException(wednesday, wednesday, "extra", time(18), time(20)),
            DateException(wednesday, wednesday, "unavailable", time(19), time(20)),
        ),
    )
    slots = free_slots(availability, [], settings(step_minutes=60), now=NOW)
    assert starts_on(slots, wednesday) == ["18:00"]


# --- bookings and buffers --------------------------------------------------------------


def booking(day: date, start: tuple[int, int], end: tuple[int, int]) -> BookedSession:
    return BookedSession(local(day, *start), local(day, *end))


def test_booking_removes_overlapping_slots_and_back_to_back_is_fine_without_buffers() -> None:
    slots = free_slots(
        monday_window(time(8), time(14)),
        [booking(MONDAY, (10, 0), (11, 0))],
        settings(step_minutes=30),
        now=NOW,
    )
    assert starts_on(slots, MONDAY) == [
        "08:00",
        "08:30",
        "09:00",
        "11:00",
        "11:30",
        "12:00",
        "12:30",
        "13:00",
    ]


def test_buffers_keep_both_blocks_apart_and_touching_blocks_are_allowed() -> None:
    # before=15, after=15: the slot's block and the booking's block may touch, not overlap,
    # so the gap between sessions is before + after = 30 minutes.
    slots = free_slots(
        monday_window(time(8), time(14)),
        [booking(MONDAY, (10, 0), (11, 0))],
        settings(step_minutes=15, buffer_before_minutes=15, buffer_after_minutes=15),
        now=NOW,
    )
    starts = starts_on(slots, MONDAY)
    assert "08:30" in starts  # ends 09:30, 30 min before 10:00: the blocks touch
    assert "08:45" not in starts
    assert "11:30" in starts  # starts 30 min after 11:00
    assert "11:15" not in starts


def test_only_one_sided_buffer_still_separates_by_that_buffer() -> None:
    slots = free_slots(
        monday_window(time(8), time(14)),
        [booking(MONDAY, (10, 0), (11, 0))],
        settings(step_minutes=15, buffer_after_minutes=20),
        now=NOW,
    )
    # Slot 08:30-09:30 + 20 min after-buffer ends 09:50, the booking's block starts 10:00:
    # fine. 08:45 would end 10:05. After the booking: its block ends 11:20, next grid 11:30.
    assert starts_on(slots, MONDAY)[:5] == ["08:00", "08:15", "08:30", "11:30", "11:45"]


def test_booking_just_outside_the_window_reaches_in_with_its_buffer() -> None:
    slots = free_slots(
        monday_window(time(8), time(10)),
        [booking(MONDAY, (7, 0), (8, 0))],
        settings(step_minutes=15, buffer_after_minutes=30),
        now=NOW,
    )
    assert starts_on(slots, MONDAY)[0] == "08:30"


def test_overlapping_bookings_are_all_respected_in_any_order() -> None:
    bookings = [
        booking(MONDAY, (11, 0), (12, 30)),
        booking(MONDAY, (9, 0), (10, 0)),
        booking(MONDAY, (9, 30), (11, 15)),
    ]
    slots = free_slots(
        monday_window(time(8), time(14)), bookings, settings(step_minutes=15), now=NOW
    )
    assert starts_on(slots, MONDAY) == ["08:00", "12:30", "12:45", "13:00"]


# --- notice and horizon ----------------------------------------------------------------


def test_minimum_notice_bounds_the_start_inclusively() -> None:
    now = local(MONDAY, 9, 0).astimezone(UTC) - timedelta(hours=24)
    slots = free_slots(monday_window(time(8), time(12)), [], settings(min_notice_hours=24), now=now)
    assert starts_on(slots, MONDAY)[0] == "09:00"


def test_notice_between_grid_points_takes_the_next_grid_point() -> None:
    now = local(MONDAY, 9, 5).astimezone(UTC) - timedelta(hours=2)
    slots = free_slots(monday_window(time(8), time(12)), [], settings(min_notice_hours=2), now=now)
    assert starts_on(slots, MONDAY)[0] == "09:15"


def test_horizon_bounds_the_start_half_open() -> None:
    # now is exactly one week before Monday 10:30: the 10:30 start is excluded, 10:15 is in
    # even though it ends after the horizon.
    now = local(MONDAY, 10, 30).astimezone(UTC) - timedelta(weeks=1)
    slots = free_slots(monday_window(time(10), time(12)), [], settings(horizon_weeks=1), now=now)
    assert starts_on(slots, MONDAY) == ["10:00", "10:15"]
    assert slots[-1].end > now + timedelta(weeks=1)


def test_notice_longer_than_horizon_gives_nothing() -> None:
    slots = free_slots(
        monday_window(time(10), time(12)), [], settings(min_notice_hours=24 * 7), now=NOW
    )
    assert slots == []


def test_now_in_another_zone_means_the_same_instant() -> None:
    availability = monday_window(time(10), time(12))
    in_utc = free_slots(availability, [], settings(min_notice_hours=3), now=NOW)
    in_tokyo = free_slots(
        availability,
        [],
        settings(min_notice_hours=3),
        now=NOW.astimezone(ZoneInfo("Asia/Tokyo")),
    )
    assert in_utc == in_tokyo


# --- weekly cap ------------------------------------------------------------------------


def weekdays_10_to_12() -> Availability:
    return Availability(tuple(WeeklyWindow(d, time(10), time(12)) for d in range(5)))


def test_week_at_the_cap_offers_no_slots_other_weeks_still_do() -> None:
    bookings = [booking(MONDAY, (14, 0), (15, 0)), booking(date(2026, 6, 3), (14, 0), (15, 0))]
    slots = free_slots(
        weekdays_10_to_12(), bookings, settings(horizon_weeks=3, max_sessions_per_week=2), now=NOW
    )
    weeks = {s.start.astimezone(AMS).isocalendar().week for s in slots}
    assert MONDAY.isocalendar().week not in weeks
    assert MONDAY.isocalendar().week + 1 in weeks


def test_week_below_the_cap_keeps_its_slots() -> None:
    slots = free_slots(
        weekdays_10_to_12(),
        [booking(MONDAY, (14, 0), (15, 0))],
        settings(max_sessions_per_week=2),
        now=NOW,
    )
    assert len(starts_on(slots, MONDAY)) == 5


def test_cap_counts_bookings_in_the_peer_experts_local_week_not_utc() -> None:
    # Monday 00:30 in Amsterdam is still Sunday in UTC: it belongs to the Monday's week.
    early_monday = BookedSession(local(MONDAY, 0, 30), local(MONDAY, 1, 0))
    assert early_monday.start.weekday() == 6  # Sunday in UTC
    availability = Availability(tuple(WeeklyWindow(d, time(10), time(12)) for d in range(7)))
    slots = free_slots(
        availability, [early_monday], settings(horizon_weeks=2, max_sessions_per_week=1), now=NOW
    )
    days = {s.start.astimezone(AMS).date() for s in slots}
    assert date(2026, 5, 31) in days  # the Sunday before (previous ISO week) is open
    assert not any(MONDAY <= d <= date(2026, 6, 7) for d in days)


def test_cap_of_zero_pauses_all_slots() -> None:
    slots = free_slots(weekdays_10_to_12(), [], settings(max_sessions_per_week=0), now=NOW)
    assert slots == []


# --- requester windows -----------------------------------------------------------------


def test_every_slot_lies_inside_a_requester_window() -> None:
    requester = [Interval(local(MONDAY, 10, 30), local(MONDAY, 11, 45))]
    slots = free_slots(
        monday_window(time(9), time(13)), [], settings(), now=NOW, requester_windows=requester
    )
    assert starts_on(slots, MONDAY) == ["10:30", "10:45"]


def test_touching_requester_windows_are_joined() -> None:
    requester = [
        Interval(local(MONDAY, 10, 0), local(MONDAY, 10, 30)),
        Interval(local(MONDAY, 10, 30), local(MONDAY, 11, 0)),
    ]
    slots = free_slots(
        monday_window(time(9), time(13)), [], settings(), now=NOW, requester_windows=requester
    )
    assert starts_on(slots, MONDAY) == ["10:00"]


def test_empty_requester_windows_mean_no_common_time() -> None:
    slots = free_slots(
        monday_window(time(9), time(13)), [], settings(), now=NOW, requester_windows=[]
    )
    assert slots == []
