"""Every input rule of the slot engine lives here, so callers get the same clear message
whether the bad value came from a form, the API or a test."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EXCEPTION_KINDS = frozenset({"unavailable", "extra"})
PARTS_OF_DAY_NAMES = frozenset({"morning", "afternoon", "evening"})


def check_weekday(weekday: object) -> None:
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be an int from 0 (Monday) to 6 (Sunday), got {weekday!r}")


def check_wall_clock_range(start: object, end: object, what: str) -> None:
    """Windows are same-day wall-clock ranges; overnight windows must be split by the caller."""
    if not isinstance(start, time) or not isinstance(end, time):
        raise ValueError(f"{what}: start and end must be datetime.time values")
    if start.tzinfo is not None or end.tzinfo is not None:
        raise ValueError(f"{what}: times are local wall-clock times and must be naive")
    if end <= start:
        raise ValueError(
            f"{what}: end {end.isoformat()} must be after start {start.isoformat()} "
            "(windows cannot run past midnight; split them per day)"
        )


def check_plain_date(value: object, name: str) -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"{name} must be a datetime.date (not a datetime), got {value!r}")


def check_date_exception(
    start_date: object, end_date: object, kind: object, start: object, end: object
) -> None:
    check_plain_date(start_date, "start_date")
    check_plain_date(end_date, "end_date")
    if isinstance(start_date, date) and isinstance(end_date, date) and end_date < start_date:
        raise ValueError(f"exception end_date {end_date} is before start_date {start_date}")
    if kind not in EXCEPTION_KINDS:
        raise ValueError(f"exception kind must be 'unavailable' or 'extra', got {kind!r}")
    if (start is None) != (end is None):
        raise ValueError("exception needs both start and end times, or neither (whole days)")
    if start is None:
        if kind == "extra":
            raise ValueError("an 'extra' exception needs start and end times")
        return
    check_wall_clock_range(start, end, f"{kind} exception")


def check_aware(value: object, name: str) -> None:
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC), got naive {value.isoformat()}")


def check_span(start: object, end: object, what: str) -> None:
    check_aware(start, f"{what} start")
    check_aware(end, f"{what} end")
    if isinstance(start, datetime) and isinstance(end, datetime) and end <= start:
        raise ValueError(f"{what}: end {end.isoformat()} must be after start {start.isoformat()}")


def check_zone(name: object) -> ZoneInfo:
    if not isinstance(name, str) or not name:
        raise ValueError(f"time zone must be an IANA name such as 'Europe/Amsterdam', got {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def _check_int(value: object, name: str, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")


def check_settings(
    *,
    session_minutes: object,
    buffer_before_minutes: object,
    buffer_after_minutes: object,
    min_notice_hours: object,
    horizon_weeks: object,
    max_sessions_per_week: object,
    step_minutes: object,
    max_sessions_per_day: object = None,
    time_zone: object,
) -> None:
    _check_int(session_minutes, "session_minutes", 1)
    _check_int(buffer_before_minutes, "buffer_before_minutes", 0)
    _check_int(buffer_after_minutes, "buffer_after_minutes", 0)
    _check_int(min_notice_hours, "min_notice_hours", 0)
    _check_int(horizon_weeks, "horizon_weeks", 1)
    if max_sessions_per_week is not None:
        _check_int(max_sessions_per_week, "max_sessions_per_week", 0)
    if max_sessions_per_day is not None:
        _check_int(max_sessions_per_day, "max_sessions_per_day", 0)
    _check_int(step_minutes, "step_minutes", 1)
    check_zone(time_zone)


def check_all_of(items: tuple[object, ...], kind: type, name: str) -> None:
    for item in items:
        if not isinstance(item, kind):
            raise ValueError(f"{name} must hold {kind.__name__} values, got {item!r}")


def check_part_of_day(part: object) -> None:
    if part not in PARTS_OF_DAY_NAMES:
        raise ValueError(f"part of day must be morning, afternoon or evening, got {part!r}")
