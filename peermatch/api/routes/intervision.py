"""Group intervision over the API: the same use cases as the intervision pages, through the
same service (``peermatch.services.intervision``); nothing is decided here.

Peer experts read their invitations and answer them; coordinators plan, change and call off
meetings of the organisations they coordinate and record who came. Anyone else gets the
same 404 as for a meeting that does not exist. Peer experts are named by their profile id,
as everywhere in the API; the service's refusals of a plan land on the body field they are
about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from flask import Response, request

from peermatch.api.http import json_response, parse_body, parse_query
from peermatch.api.openapi import endpoint
from peermatch.api.refusals import refusal_fields
from peermatch.api.validation import Doc, Length, Range
from peermatch.auth.access import roles
from peermatch.edge.context import Call
from peermatch.models import Intervision, IntervisionParticipant
from peermatch.models.enums import Role
from peermatch.services import intervision as svc
from peermatch.services.intervision import rules

TAG = "intervision"
Mode = Literal["video", "phone", "in_person"]
Answer = Literal["pending", "accepted", "declined"]
When = Literal["upcoming", "past", "all"]

refusal_fields(
    {
        "intervision.error.title_missing": "title",
        "intervision.error.title_too_long": "title",
        "intervision.error.topic_too_long": "topic",
        "intervision.error.place_too_long": "place",
        "intervision.error.place_missing": "place",
        "intervision.error.mode": "mode",
        "intervision.error.in_the_past": "start",
        "intervision.error.too_far_ahead": "start",
        "intervision.error.length": "end",
        "intervision.error.capacity": "capacity",
        "intervision.error.nobody_invited": "peer_expert_ids",
        "intervision.error.too_many": "peer_expert_ids",
        "intervision.error.not_invitable": "peer_expert_ids",
        "intervision.error.not_invited": "attendance",
        "intervision.error.response": "answer",
    }
)


# --------------------------------------------------------------------------- shapes


@dataclass(frozen=True, slots=True)
class InviteeOut:
    """One invited peer expert, as their coordinator sees them."""

    peer_expert_id: Annotated[int | None, Doc("The peer expert's profile id")]
    name: str
    answer: Answer
    attended: Annotated[bool | None, Doc("null: not recorded (yet)")]


@dataclass(frozen=True, slots=True)
class IntervisionOut:
    """A group intervision meeting (times in UTC)."""

    id: int
    organisation_id: int
    title: str
    topic: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    minutes: int
    mode: Mode
    place: Annotated[
        str | None, Doc("Address, phone number or link; hidden once declined or called off")
    ]
    video_room_url: Annotated[
        str | None, Doc("The meeting's own video room; hidden once declined or called off")
    ]
    capacity: int | None
    sequence: Annotated[int, Doc("Grows with every change of time or place (calendar entry)")]
    cancelled_at: Annotated[dt.datetime | None, Doc("Set when the meeting was called off")]
    upcoming: Annotated[bool, Doc("The meeting has not ended yet")]
    my_answer: Annotated[
        Answer | None, Doc("An invited peer expert's own answer; null for a coordinator")
    ]
    my_attendance: Annotated[
        bool | None, Doc("An invited peer expert's own attendance, as the coordinator recorded it")
    ]
    invitees: Annotated[
        list[InviteeOut], Doc("Coordinators only: who is invited; empty for a peer expert")
    ]


@dataclass(frozen=True, slots=True)
class ListQuery:
    when: When = "all"


@dataclass(frozen=True, slots=True)
class AnswerIn:
    answer: Annotated[Literal["accepted", "declined"], Doc("You can change it until the start")]


@dataclass(frozen=True, slots=True)
class ScheduleIn:
    """A new meeting for peer experts of the organisation."""

    title: Annotated[str, Length(1, rules.TITLE_MAX)]
    start: Annotated[dt.datetime, Doc("ISO 8601 with offset; at most a year ahead")]
    end: Annotated[dt.datetime, Doc("ISO 8601 with offset; 15 minutes to 8 hours after start")]
    mode: Mode
    peer_expert_ids: Annotated[
        list[int], Length(1, rules.MAX_INVITEES), Doc("Profile ids of the invited peer experts")
    ]
    topic: Annotated[str | None, Length(0, rules.TOPIC_MAX)] = None
    place: Annotated[
        str | None, Length(0, rules.PLACE_MAX), Doc("Needed for a meeting in person")
    ] = None
    capacity: Annotated[int | None, Range(*rules.CAPACITY_RANGE)] = None


@dataclass(frozen=True, slots=True)
class ChangeIn:
    """Only the fields sent change. ``topic``, ``place`` and ``capacity`` sent as null are
    cleared; the other fields sent as null keep their value."""

    title: Annotated[str | None, Length(1, rules.TITLE_MAX)] = None
    start: Annotated[dt.datetime | None, Doc("ISO 8601 with offset")] = None
    end: Annotated[dt.datetime | None, Doc("ISO 8601 with offset")] = None
    mode: Mode | None = None
    peer_expert_ids: Annotated[
        list[int] | None,
        Length(1, rules.MAX_INVITEES),
        Doc("The full new list of invited peer experts (profile ids)"),
    ] = None
    topic: Annotated[str | None, Length(0, rules.TOPIC_MAX)] = None
    place: Annotated[str | None, Length(0, rules.PLACE_MAX)] = None
    capacity: Annotated[int | None, Range(*rules.CAPACITY_RANGE)] = None


@dataclass(frozen=True, slots=True)
class AttendedIn:
    peer_expert_id: Annotated[int, Doc("Profile id of an invited peer expert")]
    attended: Annotated[bool | None, Doc("null: not known")]


@dataclass(frozen=True, slots=True)
class AttendanceIn:
    """Who came; invited peer experts not listed keep their record."""

    attendance: Annotated[list[AttendedIn], Length(1, rules.MAX_INVITEES)]


# --------------------------------------------------------------------------- answers


def _shown(intervision: Intervision, seat: IntervisionParticipant | None) -> bool:
    """Where and how to join, as on the page: not once called off or declined."""
    return intervision.cancelled_at is None and (seat is None or seat.response != "declined")


def _out(
    call: Call,
    intervision: Intervision,
    *,
    seat: IntervisionParticipant | None = None,
    cards: dict[int, svc.PeerCard] | None = None,
) -> IntervisionOut:
    shown = _shown(intervision, seat)
    invitees = []
    if cards is not None:
        for p in intervision.participants:
            card = cards.get(p.user_id)
            invitees.append(
                InviteeOut(
                    peer_expert_id=card.profile_id if card else None,
                    name=card.name if card else "",
                    answer=p.response,  # type: ignore[arg-type]
                    attended=p.attended,
                )
            )
    return IntervisionOut(
        id=intervision.id,
        organisation_id=intervision.organisation_id,
        title=intervision.title,
        topic=intervision.topic,
        starts_at=intervision.starts_at,
        ends_at=intervision.ends_at,
        minutes=intervision.minutes,
        mode=intervision.mode,  # type: ignore[arg-type]
        place=intervision.place if shown else None,
        video_room_url=intervision.video_room_url if shown else None,
        capacity=intervision.capacity,
        sequence=intervision.sequence,
        cancelled_at=intervision.cancelled_at,
        upcoming=intervision.ends_at > call.now,
        my_answer=seat.response if seat is not None else None,  # type: ignore[arg-type]
        my_attendance=seat.attended if seat is not None else None,
        invitees=invitees,
    )


def _coordinated(call: Call, meetings: list[Intervision]) -> list[IntervisionOut]:
    """Meetings with their invitees: one statement for every invitee's name."""
    users = {p.user_id for iv in meetings for p in iv.participants}
    cards = svc.peer_cards(call.session, users)
    return [_out(call, iv, cards=cards) for iv in meetings]


def _coordinator_answer(call: Call, intervision_id: int, status: int = 200) -> Response:
    intervision = svc.for_coordinator(call.session, call.user, intervision_id)
    return json_response(_coordinated(call, [intervision])[0], status)


def _wanted(when: When, upcoming: bool) -> bool:
    return when == "all" or upcoming is (when == "upcoming")


# --------------------------------------------------------------------------- peer expert


@endpoint("GET", "/intervision", summary="My intervision invitations, upcoming and past",
          query=ListQuery, response=list[IntervisionOut], tag=TAG,
          description="From two months back on, soonest first, with my answer; declined and "
          "called-off meetings stay listed.")  # fmt: skip
@roles(Role.PEER_EXPERT)
def intervision_mine(call: Call) -> Response:
    query = parse_query(ListQuery)
    entries = svc.mine(call.session, call.user, now=call.now)
    return json_response(
        [
            _out(call, iv, seat=seat)
            for iv, seat in entries
            if _wanted(query.when, iv.ends_at > call.now)
        ]
    )


@endpoint("GET", "/intervision/<int:intervision_id>",
          summary="One intervision I am invited to or coordinate", response=IntervisionOut,
          errors=(404,), tag=TAG)  # fmt: skip
@roles(Role.PEER_EXPERT, Role.COORDINATOR)
def intervision_get(call: Call, intervision_id: int) -> Response:
    coordinated = svc.for_coordinator_or_none(call.session, call.user, intervision_id)
    if coordinated is not None:
        return json_response(_coordinated(call, [coordinated])[0])
    intervision, seat = svc.for_participant(call.session, call.user, intervision_id)
    return json_response(_out(call, intervision, seat=seat))


@endpoint("POST", "/intervision/<int:intervision_id>/answer",
          summary="Say whether I will come", body=AnswerIn, response=IntervisionOut,
          errors=(404, 409, 422), tag=TAG,
          description="Changing your mind is fine until the meeting begins.")  # fmt: skip
@roles(Role.PEER_EXPERT)
def intervision_answer(call: Call, intervision_id: int) -> Response:
    data = parse_body(AnswerIn)
    intervision, seat = svc.respond(
        call.session, call.user, intervision_id, data.answer, now=call.now, origin=call.origin
    )
    return json_response(_out(call, intervision, seat=seat))


# --------------------------------------------------------------------------- coordinator


@endpoint("GET", "/organisations/<int:organisation_id>/intervision",
          summary="Intervision meetings of an organisation I coordinate", query=ListQuery,
          response=list[IntervisionOut], errors=(404,), tag=TAG,
          description="Upcoming ones soonest first, then those of the last two months latest "
          "first (to record who came).")  # fmt: skip
@roles(Role.COORDINATOR)
def intervision_organisation_list(call: Call, organisation_id: int) -> Response:
    query = parse_query(ListQuery)
    svc.organisation_of(call.session, call.user, organisation_id)
    lists = svc.coordinator_list(call.session, call.user, now=call.now)
    meetings = [
        iv
        for upcoming, part in ((True, lists.upcoming), (False, lists.recent))
        if _wanted(query.when, upcoming)
        for iv in part
        if iv.organisation_id == organisation_id
    ]
    return json_response(_coordinated(call, meetings))


def _invited(call: Call, profile_ids: list[int]) -> tuple[int, ...]:
    users = svc.user_ids_for_profiles(
        call.session, profile_ids, unknown="intervision.error.not_invitable"
    )
    return tuple(users.values())


def _plan(call: Call, data: ScheduleIn) -> svc.Plan:
    return svc.Plan(
        title=data.title,
        starts_at=data.start,
        ends_at=data.end,
        mode=data.mode,
        peer_user_ids=_invited(call, data.peer_expert_ids),
        topic=data.topic,
        place=data.place,
        capacity=data.capacity,
    )


@endpoint("POST", "/organisations/<int:organisation_id>/intervision",
          summary="Plan an intervision; each invited peer expert gets a calendar invitation",
          body=ScheduleIn, response=IntervisionOut, status=201, errors=(404, 422),
          tag=TAG)  # fmt: skip
@roles(Role.COORDINATOR)
def intervision_schedule(call: Call, organisation_id: int) -> Response:
    data = parse_body(ScheduleIn)
    svc.organisation_of(call.session, call.user, organisation_id)  # strangers: 404 first
    made = svc.schedule(
        call.session, call.user, organisation_id, _plan(call, data), now=call.now,
        origin=call.origin,
    )  # fmt: skip
    return _coordinator_answer(call, made.id, 201)


def _changed_plan(call: Call, intervision: Intervision, data: ChangeIn) -> svc.Plan:
    """The meeting as it is, with the fields the client sent (null clears the optional ones)."""
    raw = request.get_json(silent=True)
    sent = set(raw) if isinstance(raw, dict) else set()
    invited = (
        _invited(call, data.peer_expert_ids)
        if data.peer_expert_ids is not None
        else tuple(p.user_id for p in intervision.participants)
    )
    return svc.Plan(
        title=data.title if data.title is not None else intervision.title,
        starts_at=data.start or intervision.starts_at,
        ends_at=data.end or intervision.ends_at,
        mode=data.mode or intervision.mode,
        peer_user_ids=invited,
        topic=data.topic if "topic" in sent else intervision.topic,
        place=data.place if "place" in sent else intervision.place,
        capacity=data.capacity if "capacity" in sent else intervision.capacity,
    )


@endpoint("PATCH", "/intervision/<int:intervision_id>",
          summary="Change the time, the place, the words or who is invited", body=ChangeIn,
          response=IntervisionOut, errors=(404, 409, 422), tag=TAG,
          description="A new time, way of meeting or place sends everyone who has not declined "
          "the updated invitation; newly invited peer experts get an invitation, those no longer "
          "invited a cancellation.")  # fmt: skip
@roles(Role.COORDINATOR)
def intervision_change(call: Call, intervision_id: int) -> Response:
    data = parse_body(ChangeIn)
    current = svc.check_open(call.session, call.user, intervision_id, now=call.now)
    svc.reschedule(
        call.session, call.user, intervision_id, _changed_plan(call, current, data),
        now=call.now, origin=call.origin,
    )  # fmt: skip
    return _coordinator_answer(call, intervision_id)


@endpoint("POST", "/intervision/<int:intervision_id>/cancel",
          summary="Call an intervision off; everyone invited is told", response=IntervisionOut,
          errors=(404, 409), tag=TAG)  # fmt: skip
@roles(Role.COORDINATOR)
def intervision_cancel(call: Call, intervision_id: int) -> Response:
    svc.cancel(call.session, call.user, intervision_id, now=call.now, origin=call.origin)
    return _coordinator_answer(call, intervision_id)


@endpoint("PUT", "/intervision/<int:intervision_id>/attendance",
          summary="Record who came (it counts in the hours report)", body=AttendanceIn,
          response=IntervisionOut, errors=(404, 409, 422), tag=TAG,
          description="Once the meeting has begun.")  # fmt: skip
@roles(Role.COORDINATOR)
def intervision_attendance(call: Call, intervision_id: int) -> Response:
    data = parse_body(AttendanceIn)
    svc.check_attendance(call.session, call.user, intervision_id, now=call.now)
    by_profile = svc.user_ids_for_profiles(
        call.session,
        [a.peer_expert_id for a in data.attendance],
        unknown="intervision.error.not_invited",
    )
    chosen = {by_profile[a.peer_expert_id]: a.attended for a in data.attendance}
    svc.record_attendance(
        call.session, call.user, intervision_id, chosen, now=call.now, origin=call.origin
    )
    return _coordinator_answer(call, intervision_id)
