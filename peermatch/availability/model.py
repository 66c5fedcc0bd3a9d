"""Plain values the slot engine takes and returns; validated on construction so an invalid
availability can never reach the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from peermatch.availability import validation
from peermatch.timezones import DEFAULT_TIME_ZONE as DEFAULT_TIME_ZONE

ExceptionKind = Literal["unavailable", "extra"]


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """A recurring window in the peer expert's wall-clock time, e.g. Monday 10:00-12:00."""

    weekday: int  # 0 = Monday ... 6 = Sunday
    start: time
    end: time

    def __post_init__(self) -> None:
        validation.check_weekday(self.weekday)
        validation.check_wall_clock_range(self.start, self.end, "weekly window")


@dataclass(frozen=True, slots=True)
class DateException:
    """A date range (inclusive) that is unavailable or adds an extra window.

    Times apply to every date in the range (a daily part), None means whole days.
    "unavailable" always wins over windows, including "extra" ones.
    """

    start_date: date
    end_date: date
    kind: ExceptionKind
    start: time | None = None
    end: time | None = None

    def __post_init__(self) -> None:
        validation.check_date_exception(
            self.start_date, self.end_date, self.kind, self.start, self.end
        )


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo is UTC else value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Interval:
    """A half-open [start, end) span of absolute time, normalised to UTC."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        validation.check_span(self.start, self.end, "interval")
        object.__setattr__(self, "start", _as_utc(self.start))
        object.__setattr__(self, "end", _as_utc(self.end))


_new = object.__new__
_set = object.__setattr__


def trusted_interval(start: datetime, end: datetime) -> Interval:
    """Build an Interval the engine itself derived (UTC, start < end) without re-validating:
    output construction is most of a free_slots call otherwise."""
    interval: Interval = _new(Interval)
    _set(interval, "start", start)
    _set(interval, "end", end)
    return interval


@dataclass(frozen=True, slots=True)
class BookedSession:
    """An existing active session of the peer expert (buffers are added by the engine)."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        validation.check_span(self.start, self.end, "booked session")
        object.__setattr__(self, "start", _as_utc(self.start))
        object.__setattr__(self, "end", _as_utc(self.end))


@dataclass(frozen=True, slots=True)
class SlotSettings:
    """How slots are cut from availability.

    step_minutes sets the local wall-clock grid of slot starts, counted from each window start.
    """

    session_minutes: int
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    min_notice_hours: int = 24
    horizon_weeks: int = 8
    max_sessions_per_week: int | None = None
    step_minutes: int = 15
    time_zone: str = DEFAULT_TIME_ZONE
    #: None: no daily maximum besides the weekly one.
    max_sessions_per_day: int | None = None

    def __post_init__(self) -> None:
        validation.check_settings(
            session_minutes=self.session_minutes,
            buffer_before_minutes=self.buffer_before_minutes,
            buffer_after_minutes=self.buffer_after_minutes,
            min_notice_hours=self.min_notice_hours,
            horizon_weeks=self.horizon_weeks,
            max_sessions_per_week=self.max_sessions_per_week,
            max_sessions_per_day=self.max_sessions_per_day,
            step_minutes=self.step_minutes,
            time_zone=self.time_zone,
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


@dataclass(frozen=True, slots=True)
class Availability:
    """What a peer expert stated: weekly windows plus date exceptions and absences."""

    windows: tuple[WeeklyWindow, ...]
    exceptions: tuple[DateException, ...] = ()

    def __post_init__(self) -> None:
        windows = tuple(self.windows)
        exceptions = tuple(self.exceptions)
        validation.check_all_of(windows, WeeklyWindow, "availability windows")
        validation.check_all_of(exceptions, DateException, "availability exceptions")
        object.__setattr__(self, "windows", windows)
        object.__setattr__(self, "exceptions", exceptions)
