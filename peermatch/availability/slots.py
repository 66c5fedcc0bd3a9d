"""The slot engine: free session slots of one peer expert as sorted UTC intervals.

Rules (each one has example and property tests in tests/unit/availability/):
- Windows: a slot lies completely inside one window occurrence: a weekly window on its
  weekday or an "extra" exception window. Windows are not joined: a slot never spans two.
- Grid: slot starts step through *local wall-clock time* from the window start
  (10:00, 10:15, ...). A grid time the clock skips (spring forward) is no start; a repeated
  time (fall back) starts once, at its first occurrence (fold=0). Window boundaries follow
  `local_time.first_instant`. The slot end is start + session length in real time.
- Unavailable exceptions and absences always win, also over "extra" windows; a partial-day
  exception cuts the window.
- Buffers: a slot's block is [start - before, end + after), a booking's block the same with
  the same buffers; blocks may touch but not overlap. Equivalently a slot may not overlap
  [booking.start - (before + after), booking.end + (before + after)). Buffers may lie
  outside the window: only the session itself must fit in the window.
- Notice and horizon bound the *start*: now + min_notice <= start < now + horizon_weeks.
- Weekly cap: weeks are the peer expert's local ISO weeks (Mon-Sun), a slot belongs to the
  week of its local start; a week holding max_sessions_per_week or more bookings offers none.
- Daily cap: days are the peer expert's local calendar days (midnight to midnight in their
  own zone, so a DST day lasts 23 or 25 hours); a slot belongs to the day of its local start;
  a day holding max_sessions_per_day or more bookings offers none.
- Requester windows are merged first (touching windows join), then every slot lies
  completely inside one merged requester window.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from operator import itemgetter
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
    WeeklyWindow,
    trusted_interval,
)

MIDNIGHT = time(0)
ONE_DAY = timedelta(days=1)
DAY_SECONDS = 86_400
WEEK_SECONDS = 7 * DAY_SECONDS
WallRange = tuple[time, time]
#: a window's wall-clock start and end, also as seconds after midnight
WallWindow = tuple[time, time, int, int]
#: per weekday (Monday first), its windows
Weekly = tuple[tuple[WallWindow, ...], ...]
#: (date, weekday, ISO week key, UTC epoch seconds of local midnight, lasts 24 hours)
DayInfo = tuple[date, int, tuple[int, int], int, bool]
K = TypeVar("K")


def free_slots(
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
    return _as_intervals(*_free_slots(availability, bookings, settings, _Call(now, allowed)))


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
    call = _Call(now, allowed)
    for key, availability, bookings, settings in inputs:
        if nothing_fits:
            yield key, []
        else:
            yield key, _as_intervals(*_free_slots(availability, bookings, settings, call))


def free_slot_pairs_each(
    inputs: Iterable[tuple[K, Availability, Sequence[BookedSession], SlotSettings]],
    *,
    now: datetime,
    requester_windows: Sequence[Interval] | None = None,
    soonest_only: bool = False,
) -> Iterator[tuple[K, SlotPairs]]:
    """`free_slots_each` as (start, end) pairs, the form matching ranks on; equal slots
    share one pair, so a thousand peer experts cost no more pairs than one grid.

    ``soonest_only``: just the first free slot (none if there is none), found without
    walking the rest of the horizon: a ranking inside the same requester windows reads
    nothing else (a later slot is no sooner, and with one session length ends no earlier)."""
    validation.check_aware(now, "now")
    allowed = _allowed_spans(requester_windows)
    nothing_fits = allowed is not None and not allowed
    call = _Call(now, allowed)
    for key, availability, bookings, settings in inputs:
        if nothing_fits:
            yield key, ()
        else:
            session, starts = _free_slots(
                availability, bookings, settings, call, first_day_only=soonest_only
            )
            yield key, _as_pairs(session, starts[:1] if soonest_only else starts)


def _allowed_spans(requester_windows: Sequence[Interval] | None) -> list[Span] | None:
    if requester_windows is None:
        return None
    return merge_spans((ceil_seconds(w.start), floor_seconds(w.end)) for w in requester_windows)


class _Horizon:
    """What one set of slot settings makes of one call's moment and requester windows, the
    same for every peer expert sharing them (most keep the defaults), worked out once:
    the bounds on slot starts, the local days they span, and per weekly window the days on
    which it overlaps the requester windows at all."""

    __slots__ = (
        "_days_of_window",
        "_days_of_windows",
        "allowed",
        "allowed_ends",
        "days",
        "earliest",
        "first_day",
        "horizon_end",
        "last_day",
        "session",
        "zone",
    )  # fmt: skip

    def __init__(self, settings: SlotSettings, now_seconds: int, allowed: list[Span] | None):
        self.zone = settings.zone
        self.session = settings.session_minutes * 60
        self.earliest = now_seconds + settings.min_notice_hours * 3600
        self.horizon_end = now_seconds + settings.horizon_weeks * WEEK_SECONDS
        self.first_day = local_date(from_seconds(self.earliest), self.zone)
        self.last_day = local_date(from_seconds(self.horizon_end - 1), self.zone)
        self.days = _days(self.first_day, self.last_day, self.zone)
        self.allowed = allowed
        self.allowed_ends = [end for _, end in allowed] if allowed is not None else []
        # per set of weekly windows (by identity: `_weekly_by_weekday` hands out one
        # object per distinct set, kept alive here) and per window
        self._days_of_windows: dict[int, tuple[Weekly, tuple[int, ...]]] = {}
        self._days_of_window: dict[tuple[int, int, int], tuple[int, ...]] = {}

    def days_to_walk(self, weekly: Weekly) -> Sequence[int]:
        """Indexes into `days` of the days on which one of these weekly windows may hold a
        slot. Without requester windows that is every day; with them, only the days on
        which a window's occurrence keeps, clipped to the requester windows, a piece a
        session fits in, starting before the horizon: a NECESSARY condition of any slot
        (bookings, absences and caps only take away), so skipping the other days drops
        nothing. Most peer experts share their windows' shapes, so each window's days are
        worked out once per call."""
        if self.allowed is None:
            return range(len(self.days))
        known = self._days_of_windows.get(id(weekly))
        if known is not None and known[0] is weekly:
            return known[1]
        indexes: set[int] = set()
        for weekday, windows in enumerate(weekly):
            for window in windows:
                indexes.update(self._days_of(weekday, window))
        found = tuple(sorted(indexes))
        self._days_of_windows[id(weekly)] = (weekly, found)
        return found

    def _days_of(self, weekday: int, window: WallWindow) -> tuple[int, ...]:
        window_start, window_end, wall_start, wall_end = window
        key = (weekday, wall_start, wall_end)
        found = self._days_of_window.get(key)
        if found is not None:
            return found
        allowed = self.allowed
        assert allowed is not None
        indexes = []
        for index, (day, day_weekday, _, day_start, regular_day) in enumerate(self.days):
            if day_weekday != weekday:
                continue
            # the window's occurrence, as the walk in `_free_slots` bounds it
            if regular_day:
                begin, end = day_start + wall_start, day_start + wall_end
            else:
                begin = first_instant(day, window_start, self.zone)
                end = first_instant(day, window_end, self.zone)
            for low, high in clip_spans(((begin, end),), allowed, self.allowed_ends):
                low = max(low, self.earliest)
                if high - low >= self.session and low < self.horizon_end:
                    indexes.append(index)
                    break
        found = self._days_of_window[key] = tuple(indexes)
        return found


class _Call:
    """One call of the engine (one moment, one set of requester windows) over one or many
    peer experts: what repeats across them is remembered here, for this call only."""

    __slots__ = ("_last", "allowed", "horizons", "now_seconds")

    def __init__(self, now: datetime, allowed: list[Span] | None):
        self.now_seconds = ceil_seconds(now)
        self.allowed = allowed
        self.horizons: dict[SlotSettings, _Horizon] = {}
        self._last: tuple[SlotSettings, _Horizon] | None = None

    def horizon(self, settings: SlotSettings) -> _Horizon:
        # the services share one settings object among the peer experts holding equal
        # settings: the same object as the last peer expert's needs no hashing
        last = self._last
        if last is not None and last[0] is settings:
            return last[1]
        found = self.horizons.get(settings)
        if found is None:
            if self.allowed is None:
                found = _plain_horizon(settings, self.now_seconds)
            else:
                found = _Horizon(settings, self.now_seconds, self.allowed)
            self.horizons[settings] = found
        self._last = (settings, found)
        return found


@lru_cache(maxsize=64)
def _plain_horizon(settings: SlotSettings, now_seconds: int) -> _Horizon:
    """The horizon without requester windows, shared across calls: a matching service
    calls `free_slots` once per peer expert with the same settings and the same moment,
    and without requester windows a horizon is fixed by those two (its per-window caches
    only fill with requester windows)."""
    return _Horizon(settings, now_seconds, None)


def _free_slots(
    availability: Availability,
    bookings: Sequence[BookedSession],
    settings: SlotSettings,
    call: _Call,
    *,
    first_day_only: bool = False,
) -> tuple[int, list[int]]:
    """(session length in seconds, sorted unique slot starts in epoch seconds); with
    ``first_day_only`` those of the first local day that has any (days ascend, and every
    start of a day comes before every start of the next)."""
    if 0 in (settings.max_sessions_per_week, settings.max_sessions_per_day):
        return 0, []
    horizon = call.horizon(settings)
    zone = horizon.zone
    session = horizon.session
    earliest = horizon.earliest
    horizon_end = horizon.horizon_end
    if earliest >= horizon_end:
        return 0, []
    first_day = horizon.first_day
    last_day = horizon.last_day
    allowed = horizon.allowed
    allowed_ends = horizon.allowed_ends

    weekly = _weekly_by_weekday(availability.windows)
    extras = _extras_by_date(availability.exceptions, first_day, last_day)
    if not extras and not any(weekly):
        return 0, []  # no window at all: nothing to cut
    days = horizon.days
    # An extra window may fall on any day: walk them all then (rare).
    walk = horizon.days_to_walk(weekly) if not extras else range(len(days))
    if not walk:
        return 0, []  # no weekly window meets the requester windows within the horizon
    pad = (settings.buffer_before_minutes + settings.buffer_after_minutes) * 60
    blocked = merge_spans(
        [(floor_seconds(b.start) - pad, ceil_seconds(b.end) + pad) for b in bookings]
        + _unavailable_spans(availability.exceptions, first_day, last_day, zone)
    )
    blocked_ends = [end for _, end in blocked]
    capped = _capped_weeks(bookings, settings.max_sessions_per_week, zone)
    full_days = full_local_days(bookings, settings.max_sessions_per_day, zone)

    step = settings.step_minutes * 60
    # A "clean" day (24 hours long, wholly inside [earliest, horizon), no extra window, no
    # blocked span touching it, no requester windows) offers every window's whole grid, the
    # same offsets from midnight each week: most days are clean, so most of the horizon
    # skips cutting pieces and bounding them below.
    templates = _day_templates(weekly, session, step) if allowed is None else None
    blocked_count = len(blocked)
    block_index = 0
    # Starts usually arrive in ascending order (days ascend, a day's windows are sorted
    # and rarely overlap): collect a list and sort only a day in which one arrived out of
    # order (overlapping windows, a clock change). Every start of a day comes before
    # every start of the next, so sorting that day's own stretch sorts the whole list.
    starts: list[int] = []
    latest = -1
    day_mark = 0  # where the current day's starts begin in `starts`
    unsorted_day = -1  # `day_mark` of a day whose starts need sorting, if any
    for index in walk:
        if unsorted_day >= 0:
            starts[unsorted_day:] = sorted(set(starts[unsorted_day:]))
            unsorted_day = -1
        if first_day_only and starts:
            break
        day_mark = len(starts)
        day, weekday, week, day_start, regular_day = days[index]
        windows = weekly[weekday]
        extra = extras.get(day) if extras else None
        if extra:
            windows += tuple((a, b, wall_seconds(a), wall_seconds(b)) for a, b in extra)
        if not windows or (capped and week in capped) or (full_days and day in full_days):
            continue
        if templates is not None and not extra and regular_day:
            day_end = day_start + DAY_SECONDS
            while block_index < blocked_count and blocked_ends[block_index] <= day_start:
                block_index += 1
            if (
                earliest <= day_start
                and day_end <= horizon_end
                and (block_index == blocked_count or blocked[block_index][0] >= day_end)
            ):
                for first_offset, last_offset in templates[weekday]:
                    first_start = day_start + first_offset
                    if first_start <= latest:
                        unsorted_day = day_mark
                    latest = day_start + last_offset
                    starts.extend(range(first_start, latest + 1, step))
                continue
        for window_start, window_end, wall_start, wall_end in windows:
            wall_length = wall_end - wall_start
            if regular_day:
                begin = day_start + wall_start
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
                # No clock change inside the window: the local grid is a plain UTC grid.
                for piece_start, piece_end in pieces:
                    low = piece_start if piece_start > earliest else earliest
                    high = piece_end - session
                    if high >= horizon_end:
                        high = horizon_end - 1
                    if low > high:
                        continue
                    first_k = -((begin - low) // step)
                    last_k = (high - begin) // step
                    if first_k <= last_k:
                        first_start = begin + first_k * step
                        if first_start <= latest:
                            unsorted_day = day_mark
                        latest = begin + last_k * step
                        starts.extend(range(first_start, latest + 1, step))
            else:
                unsorted_day = day_mark
                _grid_across_transition(
                    starts, day, window_start, window_end, pieces, settings, zone,
                    earliest, horizon_end,
                )  # fmt: skip

    if unsorted_day >= 0:
        starts[unsorted_day:] = sorted(set(starts[unsorted_day:]))
    return session, starts


def _as_intervals(session: int, starts: list[int]) -> list[Interval]:
    known = _SLOTS.get(session)
    if known is None or len(known) > _SLOTS_KEPT:
        known = _SLOTS[session] = {}
    try:
        return list(_look_up(known, starts))
    except KeyError:
        length = timedelta(seconds=session)
        for start in set(starts).difference(known):
            moment = from_seconds(start)
            known[start] = trusted_interval(moment, moment + length)
        return list(_look_up(known, starts))


def _as_pairs(session: int, starts: list[int]) -> SlotPairs:
    known = _PAIRS.get(session)
    if known is None or len(known) > _SLOTS_KEPT:
        known = _PAIRS[session] = {}
    try:
        return _look_up(known, starts)
    except KeyError:
        for slot in _as_intervals(session, [s for s in set(starts) if s not in known]):
            known[ceil_seconds(slot.start)] = (slot.start, slot.end)
        return _look_up(known, starts)


V = TypeVar("V")


def _look_up(known: dict[int, V], starts: list[int]) -> tuple[V, ...]:
    """The values of `starts`, in order (KeyError if one is missing). `itemgetter` reads
    them all in one C loop, a third faster than mapping `known.__getitem__`; with fewer
    than two keys it would not answer a tuple."""
    if len(starts) < 2:
        return tuple(map(known.__getitem__, starts))
    found: tuple[V, ...] = itemgetter(*starts)(known)
    return found


#: Slots already built, per session length (seconds) and start (epoch seconds). Slots lie on
#: a shared quarter-hour grid, so matching a thousand peer experts asks for the same few
#: thousand slots again and again; building them (two datetimes and an Interval each) was
#: most of the engine's time. Intervals are immutable, so sharing them is safe; the table is
#: dropped when it grows past `_SLOTS_KEPT` so a long-running process stays small.
_SLOTS: dict[int, dict[int, Interval]] = {}
#: the same slots as (start, end) pairs, the form matching ranks on
_PAIRS: dict[int, dict[int, tuple[datetime, datetime]]] = {}
_SLOTS_KEPT = 100_000
SlotPairs = tuple[tuple[datetime, datetime], ...]


def _grid_across_transition(
    starts: list[int],
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
                starts.append(start)
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


@lru_cache(maxsize=16_384)
def _weekly_by_weekday(windows: tuple[WeeklyWindow, ...]) -> Weekly:
    """Per weekday, the sorted distinct windows. Remembered: a thousand peer experts hold
    a few hundred distinct sets of windows, and the answer is immutable (and, being one
    object per set, lets `_Horizon.days_to_walk` know a set again by identity)."""
    by_weekday: list[list[WallRange]] = [[], [], [], [], [], [], []]
    for window in windows:
        by_weekday[window.weekday].append((window.start, window.end))
    return tuple(
        tuple((a, b, wall_seconds(a), wall_seconds(b)) for a, b in sorted(set(ranges)))
        if ranges
        else ()
        for ranges in by_weekday
    )


Templates = list[tuple[tuple[int, int], ...]]


def _day_templates(weekly: Weekly, session: int, step: int) -> Templates:
    """Per weekday, the grid of each window on an untouched 24-hour day: its first and last
    slot start as seconds after midnight (windows too short for a session left out).

    Remembered per set of windows by identity (`_weekly_by_weekday` hands out one object
    per distinct set; the entry keeps it alive, so its id is not reused meanwhile): a
    matching pass asks again for every peer expert on every call."""
    key = (id(weekly), session, step)
    known = _TEMPLATES.get(key)
    if known is not None and known[0] is weekly:
        return known[1]
    if len(_TEMPLATES) > _TEMPLATES_KEPT:
        _TEMPLATES.clear()
    templates = _TEMPLATES[key] = (weekly, _build_day_templates(weekly, session, step))
    return templates[1]


_TEMPLATES: dict[tuple[int, int, int], tuple[Weekly, Templates]] = {}
_TEMPLATES_KEPT = 16_384


def _build_day_templates(weekly: Weekly, session: int, step: int) -> Templates:
    return [
        tuple(
            (wall_start, wall_start + (wall_end - wall_start - session) // step * step)
            for _, _, wall_start, wall_end in windows
            if wall_end - wall_start >= session
        )
        for windows in weekly
    ]


@lru_cache(maxsize=256)
def _days(first_day: date, last_day: date, zone: ZoneInfo) -> tuple[DayInfo, ...]:
    """Per local date of the horizon: weekday, ISO week, UTC start and whether it lasts
    exactly 24 hours. The same for every peer expert in one zone at one moment, so
    matching a thousand of them works this out once."""
    days: list[DayInfo] = []
    day = first_day
    while day <= last_day:
        day_start = first_instant(day, MIDNIGHT, zone)
        regular = first_instant(day + ONE_DAY, MIDNIGHT, zone) - day_start == DAY_SECONDS
        days.append((day, day.weekday(), date_week_key(day), day_start, regular))
        day += ONE_DAY
    return tuple(days)


def full_local_days(
    bookings: Iterable[BookedSession], cap: int | None, zone: ZoneInfo
) -> set[date]:
    """Local dates (in the peer expert's zone) that already hold ``cap`` sessions or more.

    A session belongs to the local date of its start, so one that runs past midnight counts
    for the day it began; the day itself runs from local midnight to local midnight, which
    the zone decides (23 or 25 hours on a clock change)."""
    if cap is None:
        return set()
    counts = Counter(local_date(b.start, zone) for b in bookings)
    return {day for day, count in counts.items() if count >= cap}


def _capped_weeks(
    bookings: Sequence[BookedSession], cap: int | None, zone: ZoneInfo
) -> set[tuple[int, int]]:
    if cap is None or len(bookings) < cap:
        return set()  # no week can hold `cap` bookings
    counts = Counter(date_week_key(local_date(b.start, zone)) for b in bookings)
    return {week for week, count in counts.items() if count >= cap}
