"""Free slots from stored availability: rows into the pure slot engine, for one peer expert
or a thousand in four SQL statements."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Select, Text, cast, select
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
from peermatch.availability.slots import full_local_days
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
from peermatch.services.availability.editing import zone_of
from peermatch.services.rows import plain_rows
from peermatch.timezones import known_zone

DEFAULT_SESSION_MINUTES = 60


BLOCKING_STATUSES = (BookingStatus.HELD, BookingStatus.CONFIRMED)


#: Rows fetched at a time where thousands stream by (fewer objects alive at once); each
#: batch is a server-side cursor round trip on PostgreSQL, dearer than the rows it saves.
STREAM_ROWS = 10_000


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
    @property
    def max_sessions_per_day(self) -> int | None: ...


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


@dataclass(frozen=True, slots=True)
class _SettingsRow:
    """A plain row's slot settings with its session lengths (selected as JSON text)
    decoded: built only once per distinct set of settings."""

    session_lengths: list[int] | None
    buffer_before_minutes: int
    buffer_after_minutes: int
    min_notice_hours: int
    horizon_weeks: int
    max_sessions_per_week: int | None
    max_sessions_per_day: int | None

    @classmethod
    def of(cls, row: Any) -> _SettingsRow:
        raw = row.session_lengths
        return cls(
            session_lengths=json.loads(raw) if raw else None,
            buffer_before_minutes=row.buffer_before_minutes,
            buffer_after_minutes=row.buffer_after_minutes,
            min_notice_hours=row.min_notice_hours,
            horizon_weeks=row.horizon_weeks,
            max_sessions_per_week=row.max_sessions_per_week,
            max_sessions_per_day=row.max_sessions_per_day,
        )


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
        max_sessions_per_day=profile.max_sessions_per_day,
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


def full_day_for(
    session: Session, profile_ids: Iterable[int], start: dt.datetime, *, now: dt.datetime
) -> bool:
    """Whether the local day of ``start`` already holds the daily maximum of one of these
    peer experts (each counted on their own calendar). Only asked when a time was refused,
    to say why in words; the slot engine already leaves such days out."""
    for _id, _availability, bookings, settings in _engine_inputs(
        session, _ids_or_query(profile_ids), now=now
    ):
        zone = settings.zone
        if start.astimezone(zone).date() in full_local_days(
            bookings, settings.max_sessions_per_day, zone
        ):
            return True
    return False


def lock_peer_experts(session: Session, profile_ids: Iterable[int]) -> None:
    """Row-lock these profiles until the end of the transaction (PostgreSQL), so two
    bookings with the same peer expert check their weekly and daily maximum one after the
    other. Double booking is the exclusion constraint's job; a maximum needs this lock.
    SQLite ignores it: its ``BEGIN IMMEDIATE`` already serialises every writer."""
    session.execute(
        select(PeerExpertProfile.id)
        .where(PeerExpertProfile.id.in_(sorted(set(profile_ids))))
        .order_by(PeerExpertProfile.id)
        .with_for_update()
    ).all()


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
    only: Container[int] | None = None,
    soonest_only: bool = False,
) -> dict[int, SlotPairs]:
    """``free_slots_for_many`` as plain (start, end) pairs, the form matching ranks on.

    Each peer expert's slots are turned into pairs as the engine hands them over, so no
    Interval objects are kept for a thousand peer experts (same four statements).
    ``only``: the engine runs for these profile ids alone (the statements still select by
    ``profile_ids``, which may be a query, so their number stays the same).
    ``soonest_only``: each peer expert's first free slot alone (see `free_slot_pairs_each`).
    """
    inputs = _engine_inputs(session, _ids_or_query(profile_ids), now=now, only=only)
    return dict(
        free_slot_pairs_each(
            inputs, now=now, requester_windows=requester_windows, soonest_only=soonest_only
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
    only: Container[int] | None = None,
) -> Iterator[EngineInput]:
    """Runs the four statements now; the inputs are then built one peer expert at a time
    (with ``only``, for those profile ids alone)."""
    if isinstance(ids, list) and not ids:
        return iter(())
    # Plain columns, not ORM objects: matching asks for a thousand profiles at once.
    rows = list(
        plain_rows(
            session,
            select(
                PeerExpertProfile.id,
                PeerExpertProfile.user_id,
                # as its text, decoded once per distinct text (see `_SettingsRow`): nearly
                # everyone keeps the default lengths, and a JSON decode per row adds up
                cast(PeerExpertProfile.session_lengths, Text).label("session_lengths"),
                PeerExpertProfile.buffer_before_minutes,
                PeerExpertProfile.buffer_after_minutes,
                PeerExpertProfile.min_notice_hours,
                PeerExpertProfile.horizon_weeks,
                PeerExpertProfile.max_sessions_per_week,
                PeerExpertProfile.max_sessions_per_day,
                User.time_zone,
            )
            .join(User, User.id == PeerExpertProfile.user_id)
            .where(PeerExpertProfile.id.in_(ids)),
        )
    )
    if not rows:
        return iter(())
    today = now.date() - dt.timedelta(days=2)  # covers every zone's "today"
    # Rows become the engine's values as they arrive; equal weekly windows are one value.
    windows: dict[int, list[WeeklyWindow]] = defaultdict(list)
    shared_windows: dict[tuple[int, dt.time, dt.time], WeeklyWindow] = {}
    for profile_id, weekday, start, end in plain_rows(
        session,
        select(
            AvailabilityRule.profile_id,
            AvailabilityRule.weekday,
            AvailabilityRule.start_time,
            AvailabilityRule.end_time,
        )
        .where(AvailabilityRule.profile_id.in_(ids))
        .execution_options(yield_per=STREAM_ROWS),
    ):
        window = shared_windows.get((weekday, start, end))
        if window is None:
            window = shared_windows[(weekday, start, end)] = WeeklyWindow(weekday, start, end)
        windows[profile_id].append(window)
    exceptions: dict[int, list[DateException]] = defaultdict(list)
    for exception in plain_rows(
        session,
        select(
            AvailabilityException.profile_id,
            AvailabilityException.kind,
            AvailabilityException.start_date,
            AvailabilityException.end_date,
            AvailabilityException.start_time,
            AvailabilityException.end_time,
        ).where(AvailabilityException.profile_id.in_(ids), AvailabilityException.end_date >= today),
    ):
        exceptions[exception.profile_id].append(_date_exception(exception))

    longest = max(max(1, p.horizon_weeks) for p in rows)
    # A week's cap counts sessions earlier that week too: look back eight days.
    since = now - dt.timedelta(days=8)
    until = now + dt.timedelta(weeks=longest, days=1)
    blocks: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for profile_id, block_start, block_end in plain_rows(
        session,
        select(PeerExpertProfile.id, BookingParticipant.block_start, BookingParticipant.block_end)
        .join(Booking, Booking.id == BookingParticipant.booking_id)
        .join(PeerExpertProfile, PeerExpertProfile.user_id == BookingParticipant.user_id)
        .where(
            # Tested as a whole (IS TRUE, the same answer in a WHERE clause), so SQLite
            # walks the bookings and looks each profile up in the id set, instead of
            # driving the join from the ids and scanning the bookings once per id (19 ms
            # at 1,000 peer experts, 2 s at 10,000).
            PeerExpertProfile.id.in_(ids).is_(True),
            BookingParticipant.active.is_(True),
            Booking.status.in_(BLOCKING_STATUSES),
            BookingParticipant.block_end > since,
            BookingParticipant.block_start < until,
        ),
    ):
        blocks[profile_id].append((block_start, block_end))

    zones: dict[str, str] = {}
    # Most peer experts keep the default settings: build (and validate) each distinct set
    # once; SlotSettings is frozen, so sharing one is safe.
    shared_settings: dict[tuple[object, ...], SlotSettings] = {}

    def inputs() -> Iterator[EngineInput]:
        for profile in rows:
            if only is not None and profile.id not in only:
                continue
            time_zone = zones.get(profile.time_zone)
            if time_zone is None:
                time_zone = zones[profile.time_zone] = known_zone(profile.time_zone)
            key = (
                time_zone,
                profile.session_lengths,
                profile.buffer_before_minutes,
                profile.buffer_after_minutes,
                profile.min_notice_hours,
                profile.horizon_weeks,
                profile.max_sessions_per_week,
                profile.max_sessions_per_day,
            )
            settings = shared_settings.get(key)
            if settings is None:
                settings = shared_settings[key] = _settings(
                    _SettingsRow.of(profile), time_zone, session_minutes, weeks
                )
            availability = Availability(
                windows=tuple(windows.get(profile.id, ())),
                exceptions=tuple(exceptions.get(profile.id, ())),
            )
            bookings = [_booked(start, end, settings) for start, end in blocks[profile.id]]
            yield profile.id, availability, bookings, settings

    return inputs()
