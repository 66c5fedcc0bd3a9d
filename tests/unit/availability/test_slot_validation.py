"""Bad input raises ValueError with a message that names the problem."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from peermatch.availability import (
    Availability,
    BookedSession,
    DateException,
    Interval,
    SlotSettings,
    WeeklyPart,
    WeeklyWindow,
    free_slots,
    requester_intervals,
    week_key,
)

NOW = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: WeeklyWindow(0, time(12), time(10)), "must be after start"),
        (lambda: WeeklyWindow(0, time(10), time(10)), "must be after start"),
        (lambda: WeeklyWindow(7, time(10), time(11)), "weekday"),
        (lambda: WeeklyWindow(-1, time(10), time(11)), "weekday"),
        (lambda: WeeklyWindow(0, time(10, tzinfo=UTC), time(11, tzinfo=UTC)), "naive"),
        (lambda: DateException(date(2026, 6, 2), date(2026, 6, 1), "unavailable"), "before"),
        (lambda: DateException(date(2026, 6, 1), date(2026, 6, 1), "extra"), "needs start"),
        (lambda: DateException(date(2026, 6, 1), date(2026, 6, 1), "holiday"), "kind"),  # type: ignore[arg-type]
        (
            lambda: DateException(date(2026, 6, 1), date(2026, 6, 1), "unavailable", time(10)),
            "both",
        ),
        (
            lambda: DateException(date(2026, 6, 1), date(2026, 6, 1), "extra", time(11), time(10)),
            "must be after start",
        ),
        (
            lambda: DateException(NOW, date(2026, 6, 1), "unavailable"),
            "not a datetime",
        ),
        (lambda: Interval(datetime(2026, 6, 1), datetime(2026, 6, 2)), "timezone-aware"),
        (lambda: Interval(NOW, NOW), "must be after start"),
        (lambda: BookedSession(NOW, datetime(2026, 5, 1, tzinfo=UTC)), "must be after start"),
        (lambda: SlotSettings(session_minutes=0), "session_minutes"),
        (lambda: SlotSettings(session_minutes=60, step_minutes=0), "step_minutes"),
        (lambda: SlotSettings(session_minutes=60, buffer_before_minutes=-5), "buffer_before"),
        (lambda: SlotSettings(session_minutes=60, buffer_after_minutes=-5), "buffer_after"),
        (lambda: SlotSettings(session_minutes=60, min_notice_hours=-1), "min_notice"),
        (lambda: SlotSettings(session_minutes=60, horizon_weeks=0), "horizon_weeks"),
        (lambda: SlotSettings(session_minutes=60, max_sessions_per_week=-1), "max_sessions"),
        (lambda: SlotSettings(session_minutes=60, time_zone="Mars/Olympus"), "unknown time zone"),
        (lambda: SlotSettings(session_minutes=True), "session_minutes"),  # type: ignore[arg-type]
        (lambda: Availability(("Monday 10-12",)), "WeeklyWindow"),  # type: ignore[arg-type]
        (lambda: WeeklyPart(0, "night"), "part of day"),  # type: ignore[arg-type]
    ],
)
def test_bad_values_are_refused_with_a_clear_message(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        free_slots(Availability(()), [], SlotSettings(60), now=datetime(2026, 6, 1))


def test_week_key_refuses_naive_and_unknown_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        week_key(datetime(2026, 6, 1), "Europe/Amsterdam")
    with pytest.raises(ValueError, match="unknown time zone"):
        week_key(NOW, "Nowhere/Else")


def test_requester_range_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="requester range"):
        requester_intervals([], time_zone="Asia/Tokyo", start=NOW, end=NOW)


def test_lists_are_stored_as_tuples_so_values_stay_immutable() -> None:
    availability = Availability([WeeklyWindow(0, time(10), time(11))])  # type: ignore[arg-type]
    assert isinstance(availability.windows, tuple)
    assert hash(availability) == hash(Availability((WeeklyWindow(0, time(10), time(11)),)))
