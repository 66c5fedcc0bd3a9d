"""A peer expert edits their own availability: weekly windows and date exceptions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import (
    AvailabilityException,
    AvailabilityRule,
    PeerExpertProfile,
    User,
)
from peermatch.models.enums import ExceptionKind
from peermatch.services.errors import InvalidInput, NotFound
from peermatch.timezones import known_zone

MAX_WINDOWS_PER_DAY = 20


MAX_EXCEPTION_DAYS = 366


MAX_NOTE_LENGTH = 200


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
