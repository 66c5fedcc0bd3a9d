"""Invariants of free_slots, checked against an oracle written without the engine's code.

The oracle reads every slot back in the peer expert's local time. Boundary times follow the
documented rule "the first instant at which the local clock shows that time or later",
which the oracle finds by scanning minutes (slow but obviously right). The zones include
ones with DST on other dates (New York, Sydney), a 30-minute DST (Lord Howe) and none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from peermatch.availability import (
    Availability,
    BookedSession,
    DateException,
    Interval,
    SlotSettings,
    WeeklyWindow,
    free_slots,
    free_slots_each,
)

ZONES = [
    "Europe/Amsterdam",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Europe/London",
    "UTC",
]
# Shortly before 2026 clock changes in those zones, plus an ordinary June week.
ANCHORS = [
    datetime(2026, 3, 24, tzinfo=UTC),  # Europe spring 29 Mar
    datetime(2026, 10, 20, tzinfo=UTC),  # Europe autumn 25 Oct
    datetime(2026, 3, 3, tzinfo=UTC),  # New York 8 Mar
    datetime(2026, 10, 28, tzinfo=UTC),  # New York 1 Nov
    datetime(2026, 3, 31, tzinfo=UTC),  # Sydney / Lord Howe 5 Apr
    datetime(2026, 9, 29, tzinfo=UTC),  # Sydney / Lord Howe 4 Oct
    datetime(2026, 6, 10, tzinfo=UTC),
]
FIVE = timedelta(minutes=5)
PROPERTY = settings(deadline=None, max_examples=100)


@dataclass(frozen=True)
class Case:
    availability: Availability
    bookings: tuple[BookedSession, ...]
    settings: SlotSettings
    now: datetime
    requester: tuple[Interval, ...] | None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.time_zone)

    def run(self) -> list[Interval]:
        return free_slots(
            self.availability,
            self.bookings,
            self.settings,
            now=self.now,
            requester_windows=self.requester,
        )


# --- strategies ------------------------------------------------------------------------

day_minutes = st.one_of(
    st.integers(0, 287).map(lambda n: n * 5),  # anywhere in the day
    st.integers(0, 60).map(lambda n: n * 5),  # the small hours, where clocks change
)


@st.composite
def wall_ranges(draw: st.DrawFn) -> tuple[time, time]:
    start = min(draw(day_minutes), 1425)
    length = draw(st.integers(1, 120).map(lambda n: n * 5))
    end = min(start + length, 1435)
    return time(start // 60, start % 60), time(end // 60, end % 60)


@st.composite
def weekly_windows(draw: st.DrawFn) -> WeeklyWindow:
    start, end = draw(wall_ranges())
    return WeeklyWindow(draw(st.integers(0, 6)), start, end)


@st.composite
def exceptions(draw: st.DrawFn, first_day: date) -> DateException:
    start_date = first_day + timedelta(days=draw(st.integers(-2, 22)))
    end_date = start_date + timedelta(days=draw(st.integers(0, 4)))
    kind = draw(st.sampled_from(["unavailable", "extra"]))
    if kind == "unavailable" and draw(st.booleans()):
        return DateException(start_date, end_date, "unavailable")
    start, end = draw(wall_ranges())
    return DateException(start_date, end_date, kind, start, end)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    zone_name = draw(st.sampled_from(ZONES))
    now = draw(st.sampled_from(ANCHORS)) + timedelta(minutes=draw(st.integers(0, 7 * 24 * 12)) * 5)
    slot_settings = SlotSettings(
        session_minutes=draw(st.sampled_from([15, 30, 45, 60, 90, 120])),
        buffer_before_minutes=draw(st.integers(0, 6)) * 5,
        buffer_after_minutes=draw(st.integers(0, 6)) * 5,
        min_notice_hours=draw(st.integers(0, 72)),
        horizon_weeks=draw(st.integers(1, 3)),
        max_sessions_per_week=draw(st.none() | st.integers(0, 5)),
        max_sessions_per_day=draw(st.none() | st.integers(0, 3)),
        step_minutes=draw(st.sampled_from([5, 10, 15, 20, 30, 60])),
        time_zone=zone_name,
    )
    first_day = now.astimezone(ZoneInfo(zone_name)).date()
    availability = Availability(
        tuple(draw(st.lists(weekly_windows(), min_size=1, max_size=10))),
        tuple(draw(st.lists(exceptions(first_day), max_size=5))),
    )
    horizon_minutes = slot_settings.horizon_weeks * 7 * 24 * 60
    bookings = []
    for _ in range(draw(st.integers(0, 12))):
        start = now + timedelta(minutes=draw(st.integers(-600, horizon_minutes // 5)) * 5)
        length = timedelta(minutes=draw(st.integers(3, 48)) * 5)
        bookings.append(BookedSession(start, start + length))
    requester = None
    if draw(st.booleans()):
        windows = []
        for _ in range(draw(st.integers(0, 10))):
            start = now + timedelta(minutes=draw(st.integers(0, horizon_minutes // 5)) * 5)
            length = timedelta(minutes=draw(st.integers(1, 36 * 12)) * 5)  # up to 36 hours
            windows.append(Interval(start, start + length))
        requester = tuple(windows)
    return Case(availability, tuple(bookings), slot_settings, now, requester)


# --- the oracle ------------------------------------------------------------------------


@cache
def clock_reaches(day: date, moment: time, zone_name: str) -> datetime:
    """First instant at which the clock in `zone_name` shows `moment` (or later) on `day`."""
    zone = ZoneInfo(zone_name)
    wanted = datetime.combine(day, moment)
    probes = [(wanted + timedelta(hours=h)).replace(tzinfo=zone).utcoffset() for h in (-30, 0, 30)]
    offsets = [p for p in probes if p is not None]
    instant = (wanted - max(offsets) - timedelta(hours=1)).replace(tzinfo=UTC)
    while instant.astimezone(zone).replace(tzinfo=None) < wanted:
        instant += timedelta(minutes=1)
    return instant


def windows_on(case: Case, day: date) -> list[tuple[time, time]]:
    weekly = [(w.start, w.end) for w in case.availability.windows if w.weekday == day.weekday()]
    extra = [
        (e.start, e.end)
        for e in case.availability.exceptions
        if e.kind == "extra" and e.start_date <= day <= e.end_date and e.start and e.end
    ]
    return weekly + extra


def samples(slot: Interval) -> list[datetime]:
    points, instant = [], slot.start
    while instant < slot.end:
        points.append(instant)
        instant += FIVE
    return points


def inside_a_window(case: Case, slot: Interval) -> bool:
    zone, name = case.zone, case.settings.time_zone
    wall = slot.start.astimezone(zone)
    day = wall.date()
    step = case.settings.step_minutes
    for start, end in windows_on(case, day):
        by_wall_clock = wall.time() >= start and all(
            p.astimezone(zone).date() == day and p.astimezone(zone).time() < end
            for p in samples(slot)
        )
        by_boundaries = clock_reaches(day, start, name) <= slot.start and slot.end <= clock_reaches(
            day, end, name
        )
        minutes_in = (wall.hour * 60 + wall.minute) - (start.hour * 60 + start.minute)
        on_grid = minutes_in % step == 0 and wall.second == 0
        if by_wall_clock and by_boundaries and on_grid and wall.fold == 0:
            return True
    return False


def blocked_spans(case: Case, around: date) -> list[tuple[datetime, datetime]]:
    name = case.settings.time_zone
    spans = []
    for exception in case.availability.exceptions:
        if exception.kind != "unavailable":
            continue
        for offset in (-1, 0, 1):
            day = around + timedelta(days=offset)
            if not exception.start_date <= day <= exception.end_date:
                continue
            if exception.start is None or exception.end is None:
                spans.append(
                    (
                        clock_reaches(day, time(0), name),
                        clock_reaches(day + timedelta(days=1), time(0), name),
                    )
                )
            else:
                spans.append(
                    (
                        clock_reaches(day, exception.start, name),
                        clock_reaches(day, exception.end, name),
                    )
                )
    return spans


def outside_exceptions(case: Case, slot: Interval) -> bool:
    day = slot.start.astimezone(case.zone).date()
    return all(slot.end <= start or end <= slot.start for start, end in blocked_spans(case, day))


def clear_of_bookings(case: Case, slot: Interval) -> bool:
    before = timedelta(minutes=case.settings.buffer_before_minutes)
    after = timedelta(minutes=case.settings.buffer_after_minutes)
    return all(
        not (slot.start - before < b.end + after and b.start - before < slot.end + after)
        for b in case.bookings
    )


def within_notice_and_horizon(case: Case, slot: Interval) -> bool:
    earliest = case.now + timedelta(hours=case.settings.min_notice_hours)
    horizon = case.now + timedelta(weeks=case.settings.horizon_weeks)
    return earliest <= slot.start < horizon


def local_week(moment: datetime, zone: ZoneInfo) -> tuple[int, int]:
    iso = moment.astimezone(zone).date().isocalendar()
    return iso[0], iso[1]


def week_below_cap(case: Case, slot: Interval) -> bool:
    cap = case.settings.max_sessions_per_week
    if cap is None:
        return True
    week = local_week(slot.start, case.zone)
    return sum(local_week(b.start, case.zone) == week for b in case.bookings) < cap


def day_below_cap(case: Case, slot: Interval) -> bool:
    """Days are the peer expert's local calendar days, however long the clock makes them."""
    cap = case.settings.max_sessions_per_day
    if cap is None:
        return True
    day = slot.start.astimezone(case.zone).date()
    return sum(b.start.astimezone(case.zone).date() == day for b in case.bookings) < cap


def inside_requester_windows(case: Case, slot: Interval) -> bool:
    if case.requester is None:
        return True
    reached = slot.start
    for window in sorted(case.requester, key=lambda w: w.start):
        if window.start <= reached < window.end:
            reached = window.end
    return reached >= slot.end


def fits(case: Case, slot: Interval) -> bool:
    return (
        slot.end - slot.start == timedelta(minutes=case.settings.session_minutes)
        and inside_a_window(case, slot)
        and outside_exceptions(case, slot)
        and clear_of_bookings(case, slot)
        and within_notice_and_horizon(case, slot)
        and week_below_cap(case, slot)
        and day_below_cap(case, slot)
        and inside_requester_windows(case, slot)
    )


# --- properties ------------------------------------------------------------------------


@PROPERTY
@given(cases())
def test_every_slot_lies_inside_an_availability_window_on_the_local_grid(case: Case) -> None:
    for slot in case.run():
        assert inside_a_window(case, slot), slot


@PROPERTY
@given(cases())
def test_no_slot_touches_an_unavailable_exception_or_absence(case: Case) -> None:
    for slot in case.run():
        assert outside_exceptions(case, slot), slot


@PROPERTY
@given(cases())
def test_no_slot_block_overlaps_a_booking_block(case: Case) -> None:
    for slot in case.run():
        assert clear_of_bookings(case, slot), slot


@PROPERTY
@given(cases())
def test_every_start_respects_notice_and_horizon(case: Case) -> None:
    for slot in case.run():
        assert within_notice_and_horizon(case, slot), slot


@PROPERTY
@given(cases())
def test_weeks_at_the_cap_offer_no_slots(case: Case) -> None:
    for slot in case.run():
        assert week_below_cap(case, slot), slot


@PROPERTY
@given(cases())
def test_days_at_the_daily_cap_offer_no_slots(case: Case) -> None:
    for slot in case.run():
        assert day_below_cap(case, slot), slot


@PROPERTY
@given(cases())
def test_every_slot_lies_inside_the_requester_windows(case: Case) -> None:
    for slot in case.run():
        assert inside_requester_windows(case, slot), slot


@PROPERTY
@given(cases())
def test_slots_are_sorted_unique_and_exactly_one_session_long(case: Case) -> None:
    slots = case.run()
    assert all(a.start < b.start for a, b in pairwise(slots))
    length = timedelta(minutes=case.settings.session_minutes)
    assert all(s.end - s.start == length and s.start.tzinfo is UTC for s in slots)


@PROPERTY
@given(cases())
def test_every_fitting_grid_start_is_offered(case: Case) -> None:
    """Completeness: brute force over every local grid time of every window occurrence."""
    zone = case.zone
    session = timedelta(minutes=case.settings.session_minutes)
    step = timedelta(minutes=case.settings.step_minutes)
    day = case.now.astimezone(zone).date() - timedelta(days=1)
    last = (case.now + timedelta(weeks=case.settings.horizon_weeks)).astimezone(zone).date()
    expected: set[datetime] = set()
    while day <= last:
        for start, end in windows_on(case, day):
            wall = datetime.combine(day, start)
            while wall < datetime.combine(day, end):
                instant = wall.replace(tzinfo=zone).astimezone(UTC)
                exists = instant.astimezone(zone).replace(tzinfo=None) == wall
                if exists and fits(case, Interval(instant, instant + session)):
                    expected.add(instant)
                wall += step
        day += timedelta(days=1)
    assert [s.start for s in case.run()] == sorted(expected)


@PROPERTY
@given(cases())
def test_requester_windows_only_filter_the_peer_experts_own_slots(case: Case) -> None:
    """Matching hands the requester's windows to the engine to save work, and ranks on the
    result as if it had filtered the full slots itself: so the two must be the same."""
    full = free_slots(case.availability, case.bookings, case.settings, now=case.now)
    expected = [slot for slot in full if inside_requester_windows(case, slot)]
    assert case.run() == expected


@PROPERTY
@given(st.lists(cases(), min_size=1, max_size=4), st.booleans())
def test_many_peer_experts_at_once_get_the_same_slots_as_one_by_one(
    batch: list[Case], shared_windows: bool
) -> None:
    now = batch[0].now
    requester = batch[0].requester if shared_windows else None
    each = dict(
        free_slots_each(
            ((n, c.availability, c.bookings, c.settings) for n, c in enumerate(batch)),
            now=now,
            requester_windows=requester,
        )
    )
    assert each == {
        n: free_slots(c.availability, c.bookings, c.settings, now=now, requester_windows=requester)
        for n, c in enumerate(batch)
    }
