"""The slot engine as it was before the speed work, kept as the oracle for `free_slots`.

Verbatim copy of peermatch/availability/slots.py at b321f27 (minus its module docstring),
plus the daily cap written the plain way (count the bookings on each local date)."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from peermatch.availability import validation
from peermatch.availability.intervals import (
    Span,
    ceil_seconds,
    clip_spans,
    floor_seconds,
    from_seconds,
    merge_spans,
    subtract_spans,
)
from peermatch.availability.local_time import (
    date_week_key,
    first_instant,
    local_date,
    local_to_utc_seconds,
    wall_seconds,
)
from peermatch.availability.model import (
    Availability,
    BookedSession,
    DateException,
    Interval,
    SlotSettings,
    trusted_interval,
)

MIDNIGHT = time(0)
ONE_DAY = timedelta(days=1)
DAY_SECONDS = 86_400
WEEK_SECONDS = 7 * DAY_SECONDS
WallRange = tuple[time, time]
K = TypeVar("K")


def reference_free_slots(
    availability: Availability,
    bookings: Sequence[BookedSession],
    settings: SlotSettings,
    *,
    now: datetime,
    requester_windows: Sequence[Interval] | None = None,
) -> list[Interval]:
    """Free slots of one peer expert, sorted by start, without duplicates."""
    validation.check_aware(now, "now")
    allowed = _allowed_spans(requester_windows)
    if allowed is not None and not allowed:
        return []
    return _free_slots(availability, bookings, settings, now, allowed)


def free_slots_each(
    inputs: Iterable[tuple[K, Availability, Sequence[BookedSession], SlotSettings]],
    *,
    now: datetime,
    requester_windows: Sequence[Interval] | None = None,
) -> Iterator[tuple[K, list[Interval]]]:
    """`free_slots` for many peer experts against the same requester windows, which are
    merged once instead of once per peer expert; same answers as calling `free_slots`.

    Lazy both ways (`inputs` may be a generator, answers come one peer expert at a time),
    so a caller that turns slots into its own form never holds them all at once."""
    validation.check_aware(now, "now")
    allowed = _allowed_spans(requester_windows)
    nothing_fits = allowed is not None and not allowed
    for key, availability, bookings, settings in inputs:
        if nothing_fits:
            yield key, []
        else:
            yield key, _free_slots(availability, bookings, settings, now, allowed)


def _allowed_spans(requester_windows: Sequence[Interval] | None) -> list[Span] | None:
    if requester_windows is None:
        return None
    return merge_spans((ceil_seconds(w.start), floor_seconds(w.end)) for w in requester_windows)


def _free_slots(
    availability: Availability,
    bookings: Sequence[BookedSession],
    settings: SlotSettings,
    now: datetime,
    allowed: list[Span] | None,
) -> list[Interval]:
    zone = settings.zone
    session = settings.session_minutes * 60
    now_seconds = ceil_seconds(now)
    earliest = now_seconds + settings.min_notice_hours * 3600
    horizon_end = now_seconds + settings.horizon_weeks * WEEK_SECONDS
    if earliest >= horizon_end or settings.max_sessions_per_week == 0:
        return []
    if settings.max_sessions_per_day == 0:
        return []
    first_day = local_date(from_seconds(earliest), zone)
    last_day = local_date(from_seconds(horizon_end - 1), zone)
    allowed_ends = [end for _, end in allowed] if allowed is not None else []

    weekly = _weekly_by_weekday(availability)
    extras = _extras_by_date(availability.exceptions, first_day, last_day)
    if not extras and not any(weekly):
        return []  # no window at all: nothing to cut
    pad = (settings.buffer_before_minutes + settings.buffer_after_minutes) * 60
    blocked = merge_spans(
        [(floor_seconds(b.start) - pad, ceil_seconds(b.end) + pad) for b in bookings]
        + _unavailable_spans(availability.exceptions, first_day, last_day, zone)
    )
    blocked_ends = [end for _, end in blocked]
    capped = _capped_weeks(bookings, settings.max_sessions_per_week, zone)

    starts: set[int] = set()
    day = first_day
    while day <= last_day:
        windows = weekly[day.weekday()]
        extra = extras.get(day)
        if extra:
            windows += extra
        if not windows or (capped and date_week_key(day) in capped):
            day += ONE_DAY
            continue
        day_cap = settings.max_sessions_per_day
        if day_cap is not None and (
            sum(local_date(b.start, zone) == day for b in bookings) >= day_cap
        ):
            day += ONE_DAY
            continue
        day_start = first_instant(day, MIDNIGHT, zone)
        regular_day = first_instant(day + ONE_DAY, MIDNIGHT, zone) - day_start == DAY_SECONDS
        for window_start, window_end in windows:
            wall_length = wall_seconds(window_end) - wall_seconds(window_start)
            if regular_day:
                begin = day_start + wall_seconds(window_start)
                end = begin + wall_length
            else:
                begin = first_instant(day, window_start, zone)
                end = first_instant(day, window_end, zone)
            if end - begin < session:
                continue
            if allowed is None:
                pieces = subtract_spans(begin, end, blocked, blocked_ends)
            else:
                # Requester windows first: they usually leave little or nothing to cut.
                pieces = [
                    piece
                    for low, high in clip_spans(((begin, end),), allowed, allowed_ends)
                    for piece in subtract_spans(low, high, blocked, blocked_ends)
                ]
            if not pieces:
                continue
            if end - begin == wall_length:
                _grid_in_steady_offset(starts, begin, pieces, settings, earliest, horizon_end)
            else:
                _grid_across_transition(
                    starts, day, window_start, window_end, pieces, settings, zone,
                    earliest, horizon_end,
                )  # fmt: skip
        day += ONE_DAY

    length = timedelta(seconds=session)
    result = []
    for start in sorted(starts):
        moment = from_seconds(start)
        result.append(trusted_interval(moment, moment + length))
    return result


def _grid_in_steady_offset(
    starts: set[int],
    begin: int,
    pieces: list[Span],
    settings: SlotSettings,
    earliest: int,
    horizon_end: int,
) -> None:
    """No clock change inside the window: the local grid is a plain arithmetic UTC grid."""
    step = settings.step_minutes * 60
    session = settings.session_minutes * 60
    for piece_start, piece_end in pieces:
        low = max(piece_start, earliest)
        high = min(piece_end - session, horizon_end - 1)
        if low > high:
            continue
        first_k = -((begin - low) // step)
        last_k = (high - begin) // step
        if first_k <= last_k:
            starts.update(range(begin + first_k * step, begin + last_k * step + 1, step))


def _grid_across_transition(
    starts: set[int],
    day: date,
    window_start: time,
    window_end: time,
    pieces: list[Span],
    settings: SlotSettings,
    zone: ZoneInfo,
    earliest: int,
    horizon_end: int,
) -> None:
    """The clock jumps inside the window: walk the local grid, skip skipped times, use fold=0."""
    step = timedelta(minutes=settings.step_minutes)
    session = settings.session_minutes * 60
    piece_starts = [start for start, _ in pieces]
    wall = datetime.combine(day, window_start)
    stop = datetime.combine(day, window_end)
    while wall < stop:
        start = local_to_utc_seconds(wall, zone)
        if start is not None and earliest <= start < horizon_end:
            index = bisect_right(piece_starts, start) - 1
            if index >= 0 and start + session <= pieces[index][1]:
                starts.add(start)
        wall += step


def _unavailable_spans(
    exceptions: Sequence[DateException], first_day: date, last_day: date, zone: ZoneInfo
) -> list[Span]:
    """Each span stays within its own local date, as windows do, so dates outside
    [first_day, last_day] cannot cut any window that is looked at."""
    spans: list[Span] = []
    for exception in exceptions:
        if exception.kind != "unavailable":
            continue
        start_day = max(exception.start_date, first_day)
        end_day = min(exception.end_date, last_day)
        if start_day > end_day:
            continue
        if exception.start is None or exception.end is None:
            spans.append(
                (
                    first_instant(start_day, MIDNIGHT, zone),
                    first_instant(end_day + ONE_DAY, MIDNIGHT, zone),
                )
            )
            continue
        day = start_day
        while day <= end_day:
            spans.append(
                (first_instant(day, exception.start, zone), first_instant(day, exception.end, zone))
            )
            day += ONE_DAY
    return spans


def _extras_by_date(
    exceptions: Sequence[DateException], first_day: date, last_day: date
) -> dict[date, tuple[WallRange, ...]]:
    extras: dict[date, set[WallRange]] = {}
    for exception in exceptions:
        if exception.kind != "extra" or exception.start is None or exception.end is None:
            continue
        day = max(exception.start_date, first_day)
        end_day = min(exception.end_date, last_day)
        while day <= end_day:
            extras.setdefault(day, set()).add((exception.start, exception.end))
            day += ONE_DAY
    return {day: tuple(sorted(ranges)) for day, ranges in extras.items()}


def _weekly_by_weekday(availability: Availability) -> list[tuple[WallRange, ...]]:
    by_weekday: list[set[WallRange]] = [set() for _ in range(7)]
    for window in availability.windows:
        by_weekday[window.weekday].add((window.start, window.end))
    return [tuple(sorted(ranges)) for ranges in by_weekday]


def _capped_weeks(
    bookings: Sequence[BookedSession], cap: int | None, zone: ZoneInfo
) -> set[tuple[int, int]]:
    if cap is None:
        return set()
    counts = Counter(date_week_key(local_date(b.start, zone)) for b in bookings)
    return {week for week, count in counts.items() if count >= cap}
