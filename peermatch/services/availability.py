"""A peer expert's availability: weekly windows, date exceptions, and their free slots.

Rules about windows and exceptions live here (web editor and API both call this module);
slot arithmetic lives in the pure engine ``peermatch.availability``. Loading for the engine
comes in two shapes: one profile (``free_slots_for``) and many at once
(``free_slots_for_many``, a fixed number of SQL statements however many profiles, for
matching).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from peermatch.availability import (
    Availability,
    BookedSession,
    DateException,
    Interval,
    SlotPairs,
    SlotSettings,
    WeeklyPart,
    WeeklyWindow,
    free_slot_pairs_each,
    free_slots_each,
    requester_intervals,
)
from peermatch.models import (
    AvailabilityException,
    AvailabilityRule,
    Booking,
    BookingParticipant,
    ContactRequest,
    PeerExpertProfile,
    User,
)
from peermatch.models.enums import BookingStatus, ExceptionKind
from peermatch.services.errors import InvalidInput, NotFound
from peermatch.timezones import known_zone

MAX_WINDOWS_PER_DAY = 20
MAX_EXCEPTION_DAYS = 366
MAX_NOTE_LENGTH = 200
DEFAULT_SESSION_MINUTES = 60
BLOCKING_STATUSES = (BookingStatus.HELD, BookingStatus.CONFIRMED)
#: Rows fetched at a time where thousands stream by (fewer objects alive at once).
STREAM_ROWS = 500


# --- input values -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WindowInput:
    """A weekly window in the peer expert's own wall-clock time."""

    weekday: int  # 0 = Monday
    start: dt.time
    end: dt.time


@dataclass(frozen=True, slots=True)
class ExceptionInput:
    """Unavailable days (whole or part of each day), or an extra window on date(s)."""

    kind: ExceptionKind
    start_date: dt.date
    end_date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    note: str | None = None


# --- finding the profile ----------------------------------------------------------------


def profile_of(session: Session, user: User) -> PeerExpertProfile | None:
    return session.scalar(select(PeerExpertProfile).where(PeerExpertProfile.user_id == user.id))


def require_profile(session: Session, user: User) -> PeerExpertProfile:
    profile = profile_of(session, user)
    if profile is None:
        raise NotFound("availability.error.no_profile")
    return profile


def zone_of(user: User) -> str:
    return known_zone(user.time_zone)


def local_today(profile: PeerExpertProfile, now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(zone_of(profile.user))).date()


# --- weekly windows ---------------------------------------------------------------------


def list_rules(session: Session, profile: PeerExpertProfile) -> list[AvailabilityRule]:
    return list(
        session.scalars(
            select(AvailabilityRule)
            .where(AvailabilityRule.profile_id == profile.id)
            .order_by(AvailabilityRule.weekday, AvailabilityRule.start_time)
        )
    )


def check_windows(windows: Sequence[WindowInput]) -> None:
    """All windows of one week together: sane times, no overlaps on a day, at most 20 a day."""
    by_day: dict[int, list[WindowInput]] = defaultdict(list)
    for window in windows:
        if not 0 <= window.weekday <= 6:
            raise InvalidInput("availability.error.weekday")
        _check_times(window.start, window.end)
        by_day[window.weekday].append(window)
    for day_windows in by_day.values():
        if len(day_windows) > MAX_WINDOWS_PER_DAY:
            raise InvalidInput("availability.error.too_many_windows", max=MAX_WINDOWS_PER_DAY)
        ordered = sorted(day_windows, key=lambda w: (w.start, w.end))
        for before, after in pairwise(ordered):
            if after.start < before.end:
                raise InvalidInput(
                    "availability.error.overlap",
                    first=_hhmm(before.start) + "-" + _hhmm(before.end),
                    second=_hhmm(after.start) + "-" + _hhmm(after.end),
                )


def add_rule(session: Session, profile: PeerExpertProfile, window: WindowInput) -> AvailabilityRule:
    existing = [_as_input(rule) for rule in list_rules(session, profile)]
    check_windows([*existing, window])
    rule = AvailabilityRule(
        profile_id=profile.id, weekday=window.weekday, start_time=window.start, end_time=window.end
    )
    session.add(rule)
    session.flush()
    return rule


def replace_rules(
    session: Session, profile: PeerExpertProfile, windows: Sequence[WindowInput]
) -> list[AvailabilityRule]:
    """The whole week at once (API PUT): checked as a set before anything is deleted."""
    check_windows(windows)
    for rule in list_rules(session, profile):
        session.delete(rule)
    session.flush()
    for window in windows:
        session.add(
            AvailabilityRule(
                profile_id=profile.id,
                weekday=window.weekday,
                start_time=window.start,
                end_time=window.end,
            )
        )
    session.flush()
    return list_rules(session, profile)


def remove_rule(session: Session, profile: PeerExpertProfile, rule_id: int) -> None:
    rule = session.get(AvailabilityRule, rule_id)
    if rule is None or rule.profile_id != profile.id:
        raise NotFound("availability.error.window_not_found")
    session.delete(rule)
    session.flush()


# --- date exceptions --------------------------------------------------------------------


def list_exceptions(
    session: Session, profile: PeerExpertProfile, *, from_date: dt.date | None = None
) -> list[AvailabilityException]:
    query = select(AvailabilityException).where(AvailabilityException.profile_id == profile.id)
    if from_date is not None:
        query = query.where(AvailabilityException.end_date >= from_date)
    return list(
        session.scalars(
            query.order_by(
                AvailabilityException.start_date,
                AvailabilityException.start_time,
                AvailabilityException.id,
            )
        )
    )


def add_exception(
    session: Session, profile: PeerExpertProfile, data: ExceptionInput, *, now: dt.datetime
) -> AvailabilityException:
    if data.end_date < data.start_date:
        raise InvalidInput("availability.error.end_date_before_start")
    if (data.end_date - data.start_date).days + 1 > MAX_EXCEPTION_DAYS:
        raise InvalidInput("availability.error.range_too_long", max=MAX_EXCEPTION_DAYS)
    if data.end_date < local_today(profile, now):
        raise InvalidInput("availability.error.in_the_past")
    if (data.start_time is None) != (data.end_time is None):
        raise InvalidInput("availability.error.both_times")
    if data.start_time is not None and data.end_time is not None:
        _check_times(data.start_time, data.end_time)
    elif data.kind is ExceptionKind.EXTRA:
        raise InvalidInput("availability.error.extra_needs_times")
    note = (data.note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput("availability.error.note_too_long", max=MAX_NOTE_LENGTH)
    if data.kind is ExceptionKind.EXTRA:
        _check_extra_fits(session, profile, data)
    exception = AvailabilityException(
        profile_id=profile.id,
        kind=data.kind,
        start_date=data.start_date,
        end_date=data.end_date,
        start_time=data.start_time,
        end_time=data.end_time,
        note=note,
    )
    session.add(exception)
    session.flush()
    return exception


def remove_exception(session: Session, profile: PeerExpertProfile, exception_id: int) -> None:
    exception = session.get(AvailabilityException, exception_id)
    if exception is None or exception.profile_id != profile.id:
        raise NotFound("availability.error.exception_not_found")
    session.delete(exception)
    session.flush()


def _check_extra_fits(session: Session, profile: PeerExpertProfile, data: ExceptionInput) -> None:
    """Extra windows on a date may not overlap each other, at most 20 on one date."""
    assert data.start_time is not None and data.end_time is not None
    others = [
        e
        for e in list_exceptions(session, profile, from_date=data.start_date)
        if e.kind is ExceptionKind.EXTRA and e.start_date <= data.end_date
    ]
    day = data.start_date
    while day <= data.end_date:
        same_day = [
            WindowInput(day.weekday(), e.start_time, e.end_time)
            for e in others
            if e.start_date <= day <= e.end_date
            and e.start_time is not None
            and e.end_time is not None
        ]
        if same_day:
            check_windows([*same_day, WindowInput(day.weekday(), data.start_time, data.end_time)])
        day += dt.timedelta(days=1)


def _check_times(start: dt.time, end: dt.time) -> None:
    if end <= start:
        raise InvalidInput("availability.error.end_before_start")


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _as_input(rule: AvailabilityRule) -> WindowInput:
    return WindowInput(rule.weekday, rule.start_time, rule.end_time)


# --- loading into the engine ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlotInputs:
    """Everything the slot engine needs for one peer expert."""

    availability: Availability
    settings: SlotSettings


class SlotSettingsSource(Protocol):
    """What slot settings are read from: a loaded profile, or a plain row of its columns
    (matching loads rows for a thousand profiles without building ORM objects)."""

    @property
    def session_lengths(self) -> list[int] | None: ...
    @property
    def buffer_before_minutes(self) -> int: ...
    @property
    def buffer_after_minutes(self) -> int: ...
    @property
    def min_notice_hours(self) -> int: ...
    @property
    def horizon_weeks(self) -> int: ...
    @property
    def max_sessions_per_week(self) -> int | None: ...


class RuleSource(Protocol):
    @property
    def weekday(self) -> int: ...
    @property
    def start_time(self) -> dt.time: ...
    @property
    def end_time(self) -> dt.time: ...


class ExceptionSource(Protocol):
    @property
    def kind(self) -> ExceptionKind: ...
    @property
    def start_date(self) -> dt.date: ...
    @property
    def end_date(self) -> dt.date: ...
    @property
    def start_time(self) -> dt.time | None: ...
    @property
    def end_time(self) -> dt.time | None: ...


def default_session_minutes(profile: SlotSettingsSource) -> int:
    lengths = [n for n in (profile.session_lengths or []) if isinstance(n, int) and n > 0]
    return lengths[0] if lengths else DEFAULT_SESSION_MINUTES


def _settings(
    profile: SlotSettingsSource, time_zone: str, session_minutes: int | None, weeks: int | None
) -> SlotSettings:
    horizon = max(1, profile.horizon_weeks)
    return SlotSettings(
        session_minutes=session_minutes or default_session_minutes(profile),
        buffer_before_minutes=max(0, profile.buffer_before_minutes),
        buffer_after_minutes=max(0, profile.buffer_after_minutes),
        min_notice_hours=max(0, profile.min_notice_hours),
        horizon_weeks=min(horizon, weeks) if weeks else horizon,
        max_sessions_per_week=profile.max_sessions_per_week,
        time_zone=time_zone,
    )


def _date_exception(e: ExceptionSource) -> DateException:
    return DateException(
        start_date=e.start_date,
        end_date=e.end_date,
        kind="extra" if e.kind is ExceptionKind.EXTRA else "unavailable",
        start=e.start_time,
        end=e.end_time,
    )


def _availability(
    rules: Iterable[RuleSource], exceptions: Iterable[ExceptionSource]
) -> Availability:
    return Availability(
        windows=tuple(WeeklyWindow(r.weekday, r.start_time, r.end_time) for r in rules),
        exceptions=tuple(_date_exception(e) for e in exceptions),
    )


def slot_inputs(
    profile: PeerExpertProfile, *, session_minutes: int | None = None, weeks: int | None = None
) -> SlotInputs:
    """Engine inputs from a loaded profile (its rules, exceptions, settings, user's zone)."""
    return SlotInputs(
        availability=_availability(profile.availability_rules, profile.availability_exceptions),
        settings=_settings(profile, zone_of(profile.user), session_minutes, weeks),
    )


def _booked(block_start: dt.datetime, block_end: dt.datetime, s: SlotSettings) -> BookedSession:
    """The stored block already holds the session plus buffers; the engine pads a booking by
    before+after on each side, so hand it the block shrunk by the buffers: a slot's own block
    then may touch but never overlap the stored one. If settings grew since, block it all."""
    start = block_start + dt.timedelta(minutes=s.buffer_before_minutes)
    end = block_end - dt.timedelta(minutes=s.buffer_after_minutes)
    if end <= start:
        start, end = block_start, block_end
    return BookedSession(start, end)


def free_slots_for(
    session: Session,
    profile: PeerExpertProfile,
    *,
    now: dt.datetime,
    session_minutes: int | None = None,
    requester_windows: Sequence[Interval] | None = None,
    weeks: int | None = None,
) -> list[Interval]:
    result = _free_slots(
        session,
        [profile.id],
        now=now,
        session_minutes=session_minutes,
        requester_windows=requester_windows,
        weeks=weeks,
    )
    return result.get(profile.id, [])


#: Which profiles: their ids, or a query selecting their ids. Matching asks for every active
#: profile: a subquery beats binding a thousand ids (PostgreSQL drivers parse them each time).
ProfileSelection = Iterable[int] | Select[int]


def _ids_or_query(profile_ids: ProfileSelection) -> list[int] | Select[int]:
    if isinstance(profile_ids, Select):
        return profile_ids
    return sorted(set(profile_ids))


def free_slots_for_many(
    session: Session,
    profile_ids: ProfileSelection,
    *,
    now: dt.datetime,
    requester_windows: Sequence[Interval] | None = None,
    session_minutes: int | None = None,
    weeks: int | None = None,
) -> dict[int, list[Interval]]:
    """Free slots per profile id (each profile's default session length unless
    ``session_minutes`` is given); unknown ids are left out.

    Four SQL statements whatever the number of profiles: profiles with their user's zone,
    rules, exceptions and active bookings, each with one IN-query.
    """
    return _free_slots(
        session,
        _ids_or_query(profile_ids),
        now=now,
        requester_windows=requester_windows,
        session_minutes=session_minutes,
        weeks=weeks,
    )


def requester_windows_for(
    request: ContactRequest, *, time_zone: str, now: dt.datetime, until: dt.datetime
) -> list[Interval] | None:
    """The requester's own times (weekly parts of day in their zone plus concrete windows)
    as UTC intervals for ``requester_windows``, or ``None`` when they left it open."""
    prefs = request.time_preferences or {}
    parts = [
        WeeklyPart(int(p["weekday"]), p["part"])
        for p in prefs.get("weekly", [])
        if isinstance(p, dict) and "weekday" in p and "part" in p
    ]
    concrete = [
        Interval(dt.datetime.fromisoformat(w["start"]), dt.datetime.fromisoformat(w["end"]))
        for w in prefs.get("windows", [])
        if isinstance(w, dict) and "start" in w and "end" in w
    ]
    if not parts and not concrete:
        return None
    return requester_intervals(
        parts, time_zone=known_zone(time_zone), start=now, end=until, concrete=concrete
    )


def free_slot_pairs_for_many(
    session: Session,
    profile_ids: ProfileSelection,
    *,
    now: dt.datetime,
    requester_windows: Sequence[Interval] | None = None,
) -> dict[int, SlotPairs]:
    """``free_slots_for_many`` as plain (start, end) pairs, the form matching ranks on.

    Each peer expert's slots are turned into pairs as the engine hands them over, so no
    Interval objects are kept for a thousand peer experts (same four statements).
    """
    return dict(
        _free_slot_pairs_each(
            session, _ids_or_query(profile_ids), now=now, requester_windows=requester_windows
        )
    )


def _free_slots(
    session: Session,
    profile_ids: list[int] | Select[int],
    *,
    now: dt.datetime,
    session_minutes: int | None = None,
    requester_windows: Sequence[Interval] | None = None,
    weeks: int | None = None,
) -> dict[int, list[Interval]]:
    return dict(
        _free_slots_each(
            session,
            profile_ids,
            now=now,
            session_minutes=session_minutes,
            requester_windows=requester_windows,
            weeks=weeks,
        )
    )


EngineInput = tuple[int, Availability, list[BookedSession], SlotSettings]


def _free_slots_each(
    session: Session,
    ids: list[int] | Select[int],
    *,
    now: dt.datetime,
    session_minutes: int | None = None,
    requester_windows: Sequence[Interval] | None = None,
    weeks: int | None = None,
) -> Iterator[tuple[int, list[Interval]]]:
    """Runs the four statements now; the engine then works one peer expert at a time."""
    inputs = _engine_inputs(session, ids, now=now, session_minutes=session_minutes, weeks=weeks)
    return free_slots_each(inputs, now=now, requester_windows=requester_windows)


def _free_slot_pairs_each(
    session: Session,
    ids: list[int] | Select[int],
    *,
    now: dt.datetime,
    requester_windows: Sequence[Interval] | None = None,
) -> Iterator[tuple[int, SlotPairs]]:
    """`_free_slots_each` as shared (start, end) pairs, what matching ranks on."""
    inputs = _engine_inputs(session, ids, now=now)
    return free_slot_pairs_each(inputs, now=now, requester_windows=requester_windows)


def _engine_inputs(
    session: Session,
    ids: list[int] | Select[int],
    *,
    now: dt.datetime,
    session_minutes: int | None = None,
    weeks: int | None = None,
) -> Iterator[EngineInput]:
    """Runs the four statements now; the inputs are then built one peer expert at a time."""
    if isinstance(ids, list) and not ids:
        return iter(())
    # Plain columns, not ORM objects: matching asks for a thousand profiles at once.
    rows = session.execute(
        select(
            PeerExpertProfile.id,
            PeerExpertProfile.user_id,
            PeerExpertProfile.session_lengths,
            PeerExpertProfile.buffer_before_minutes,
            PeerExpertProfile.buffer_after_minutes,
            PeerExpertProfile.min_notice_hours,
            PeerExpertProfile.horizon_weeks,
            PeerExpertProfile.max_sessions_per_week,
            User.time_zone,
        )
        .join(User, User.id == PeerExpertProfile.user_id)
        .where(PeerExpertProfile.id.in_(ids))
    ).all()
    if not rows:
        return iter(())
    today = now.date() - dt.timedelta(days=2)  # covers every zone's "today"
    # Rows become the engine's values as they arrive; equal weekly windows are one value.
    windows: dict[int, list[WeeklyWindow]] = defaultdict(list)
    shared_windows: dict[tuple[int, dt.time, dt.time], WeeklyWindow] = {}
    for profile_id, weekday, start, end in session.execute(
        select(
            AvailabilityRule.profile_id,
            AvailabilityRule.weekday,
            AvailabilityRule.start_time,
            AvailabilityRule.end_time,
        )
        .where(AvailabilityRule.profile_id.in_(ids))
        .execution_options(yield_per=STREAM_ROWS)
    ):
        window = shared_windows.get((weekday, start, end))
        if window is None:
            window = shared_windows[(weekday, start, end)] = WeeklyWindow(weekday, start, end)
        windows[profile_id].append(window)
    exceptions: dict[int, list[DateException]] = defaultdict(list)
    for exception in session.execute(
        select(
            AvailabilityException.profile_id,
            AvailabilityException.kind,
            AvailabilityException.start_date,
            AvailabilityException.end_date,
            AvailabilityException.start_time,
            AvailabilityException.end_time,
        ).where(AvailabilityException.profile_id.in_(ids), AvailabilityException.end_date >= today)
    ):
        exceptions[exception.profile_id].append(_date_exception(exception))

    longest = max(max(1, p.horizon_weeks) for p in rows)
    # A week's cap counts sessions earlier that week too: look back eight days.
    since = now - dt.timedelta(days=8)
    until = now + dt.timedelta(weeks=longest, days=1)
    blocks: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for profile_id, block_start, block_end in session.execute(
        select(PeerExpertProfile.id, BookingParticipant.block_start, BookingParticipant.block_end)
        .join(Booking, Booking.id == BookingParticipant.booking_id)
        .join(PeerExpertProfile, PeerExpertProfile.user_id == BookingParticipant.user_id)
        .where(
            PeerExpertProfile.id.in_(ids),
            BookingParticipant.active.is_(True),
            Booking.status.in_(BLOCKING_STATUSES),
            BookingParticipant.block_end > since,
            BookingParticipant.block_start < until,
        )
    ):
        blocks[profile_id].append((block_start, block_end))

    zones: dict[str, str] = {}

    def inputs() -> Iterator[EngineInput]:
        for profile in rows:
            time_zone = zones.get(profile.time_zone)
            if time_zone is None:
                time_zone = zones[profile.time_zone] = known_zone(profile.time_zone)
            settings = _settings(profile, time_zone, session_minutes, weeks)
            availability = Availability(
                windows=tuple(windows.get(profile.id, ())),
                exceptions=tuple(exceptions.get(profile.id, ())),
            )
            bookings = [_booked(start, end, settings) for start, end in blocks[profile.id]]
            yield profile.id, availability, bookings, settings

    return inputs()


# --- preview ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LocalSlot:
    interval: Interval
    start: dt.time  # local wall clock
    end: dt.time


@dataclass(frozen=True, slots=True)
class DaySlots:
    day: dt.date
    slots: list[LocalSlot]


def group_by_local_day(slots: Sequence[Interval], time_zone: str) -> list[DaySlots]:
    zone = ZoneInfo(time_zone)
    days: dict[dt.date, list[LocalSlot]] = defaultdict(list)
    for slot in slots:
        start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
        days[start.date()].append(LocalSlot(slot, start.time(), end.time()))
    return [DaySlots(day, days[day]) for day in sorted(days)]


def preview(
    session: Session, profile: PeerExpertProfile, *, now: dt.datetime, weeks: int | None = None
) -> list[DaySlots]:
    """Free slots of the coming weeks for the default session length, as a youth would see
    them, grouped per day in the peer expert's own time zone."""
    slots = free_slots_for(session, profile, now=now, weeks=weeks)
    return group_by_local_day(slots, zone_of(profile.user))


def weekly_window_count(session: Session, user: User) -> int | None:
    """How many weekly windows the peer expert has; None when they have no profile yet."""
    profile = profile_of(session, user)
    if profile is None:
        return None
    return (
        session.scalar(
            select(func.count())
            .select_from(AvailabilityRule)
            .where(AvailabilityRule.profile_id == profile.id)
        )
        or 0
    )
