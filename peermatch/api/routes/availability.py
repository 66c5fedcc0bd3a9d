"""A peer expert's own availability over the API; every rule lives in the service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from flask import Response

from peermatch.api.http import json_response, no_content, parse_body, parse_query
from peermatch.api.openapi import endpoint
from peermatch.api.validation import Doc, Length, Range
from peermatch.auth.access import roles
from peermatch.edge.context import Call
from peermatch.models import AvailabilityException, AvailabilityRule
from peermatch.models.enums import ExceptionKind, Role
from peermatch.services import availability as service

TAG = "availability"
WALL = Doc("Local wall-clock time HH:MM in your own time zone")


@dataclass(frozen=True, slots=True)
class WindowIn:
    weekday: Annotated[int, Range(0, 6), Doc("0 = Monday ... 6 = Sunday")]
    start: Annotated[dt.time, WALL]
    end: Annotated[dt.time, WALL]


@dataclass(frozen=True, slots=True)
class WeekIn:
    """The complete set of weekly windows; it replaces the current one."""

    windows: Annotated[list[WindowIn], Length(max=7 * service.MAX_WINDOWS_PER_DAY)]


@dataclass(frozen=True, slots=True)
class WindowOut:
    id: int
    weekday: int
    start: dt.time
    end: dt.time


@dataclass(frozen=True, slots=True)
class WeekOut:
    time_zone: str
    windows: list[WindowOut]


@dataclass(frozen=True, slots=True)
class ExceptionIn:
    """Unavailable date(s) (whole days, or the same hours each day) or an extra window."""

    kind: ExceptionKind
    start_date: dt.date
    end_date: Annotated[dt.date | None, Doc("Defaults to start_date")] = None
    start_time: Annotated[dt.time | None, WALL] = None
    end_time: Annotated[dt.time | None, WALL] = None
    note: Annotated[str | None, Length(max=service.MAX_NOTE_LENGTH)] = None


@dataclass(frozen=True, slots=True)
class ExceptionOut:
    id: int
    kind: ExceptionKind
    start_date: dt.date
    end_date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    note: str | None


@dataclass(frozen=True, slots=True)
class SlotsQuery:
    weeks: Annotated[int, Range(1, 12), Doc("Weeks ahead, capped by your horizon")] = 4


@dataclass(frozen=True, slots=True)
class SlotOut:
    start: dt.datetime
    end: dt.datetime
    local_date: dt.date
    local_start: dt.time
    local_end: dt.time


@dataclass(frozen=True, slots=True)
class SlotsOut:
    """Free slots for your default session length, as a youth would see them."""

    time_zone: str
    session_minutes: int
    slots: list[SlotOut]


def _window(rule: AvailabilityRule) -> WindowOut:
    return WindowOut(rule.id, rule.weekday, rule.start_time, rule.end_time)


def _exception(e: AvailabilityException) -> ExceptionOut:
    return ExceptionOut(e.id, e.kind, e.start_date, e.end_date, e.start_time, e.end_time, e.note)


@endpoint(
    "GET",
    "/availability/rules",
    summary="Your weekly windows",
    response=WeekOut,
    tag=TAG,
    errors=(404,),
)
@roles(Role.PEER_EXPERT)
def availability_rules_get(call: Call) -> Response:
    profile = service.require_profile(call.session, call.user)
    rules = service.list_rules(call.session, profile)
    return json_response(WeekOut(service.zone_of(call.user), [_window(r) for r in rules]))


@endpoint(
    "PUT",
    "/availability/rules",
    summary="Replace your weekly windows",
    body=WeekIn,
    response=WeekOut,
    tag=TAG,
    errors=(404, 422),
)
@roles(Role.PEER_EXPERT)
def availability_rules_put(call: Call) -> Response:
    data = parse_body(WeekIn)
    profile = service.require_profile(call.session, call.user)
    rules = service.replace_rules(
        call.session,
        profile,
        [service.WindowInput(w.weekday, w.start, w.end) for w in data.windows],
    )
    return json_response(WeekOut(service.zone_of(call.user), [_window(r) for r in rules]))


@endpoint(
    "GET",
    "/availability/exceptions",
    summary="Your date exceptions from today on",
    response=list[ExceptionOut],
    tag=TAG,
    errors=(404,),
)
@roles(Role.PEER_EXPERT)
def availability_exceptions_get(call: Call) -> Response:
    profile = service.require_profile(call.session, call.user)
    today = service.local_today(profile, call.now)
    found = service.list_exceptions(call.session, profile, from_date=today)
    return json_response([_exception(e) for e in found])


@endpoint(
    "POST",
    "/availability/exceptions",
    summary="Add unavailable date(s) or an extra window",
    body=ExceptionIn,
    response=ExceptionOut,
    status=201,
    tag=TAG,
    errors=(404, 422),
)
@roles(Role.PEER_EXPERT)
def availability_exceptions_post(call: Call) -> Response:
    data = parse_body(ExceptionIn)
    profile = service.require_profile(call.session, call.user)
    created = service.add_exception(
        call.session,
        profile,
        service.ExceptionInput(
            kind=data.kind,
            start_date=data.start_date,
            end_date=data.end_date or data.start_date,
            start_time=data.start_time,
            end_time=data.end_time,
            note=data.note,
        ),
        now=call.now,
    )
    return json_response(_exception(created), status=201)


@endpoint(
    "DELETE",
    "/availability/exceptions/<int:exception_id>",
    summary="Remove one of your date exceptions",
    status=204,
    tag=TAG,
    errors=(404,),
)
@roles(Role.PEER_EXPERT)
def availability_exception_delete(call: Call, exception_id: int) -> Response:
    profile = service.require_profile(call.session, call.user)
    service.remove_exception(call.session, profile, exception_id)
    return no_content()


@endpoint(
    "GET",
    "/availability/slots",
    summary="Your free slots in the coming weeks",
    query=SlotsQuery,
    response=SlotsOut,
    tag=TAG,
    errors=(404,),
)
@roles(Role.PEER_EXPERT)
def availability_slots_get(call: Call) -> Response:
    query = parse_query(SlotsQuery)
    profile = service.require_profile(call.session, call.user)
    zone = service.zone_of(call.user)
    days = service.preview(call.session, profile, now=call.now, weeks=query.weeks)
    return json_response(
        SlotsOut(
            time_zone=zone,
            session_minutes=service.default_session_minutes(profile),
            slots=[
                SlotOut(s.interval.start, s.interval.end, day.day, s.start, s.end)
                for day in days
                for s in day.slots
            ],
        )
    )
