"""Contact requests over the API: the same service as the web pages, JSON in and out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Literal

from flask import Response

from peermatch.api.http import json_response, parse_body
from peermatch.api.openapi import endpoint
from peermatch.api.validation import Doc, Length, Range
from peermatch.auth.access import roles
from peermatch.edge.context import Call
from peermatch.models import ContactRequest
from peermatch.models.enums import Gender, Importance, Mode, RequestKind, RequestStatus, Role
from peermatch.services import requests as svc

PartOfDay = Literal["morning", "afternoon", "evening"]
Hope = Literal["one_talk", "few_talks", "tips", "go_along", "other"]
Purpose = Literal["intervision", "training_session", "co_facilitating_group", "case_consultation"]


@dataclass(frozen=True, slots=True)
class DomainIn:
    """A taxonomy domain the requester wants to talk about, and how much it matters."""

    domain_id: int
    importance: Importance = Importance.MOST


@dataclass(frozen=True, slots=True)
class WeeklyPartIn:
    """A recurring part of a weekday in the requester's own time zone (0 = Monday)."""

    weekday: Annotated[int, Range(0, 6)]
    part: PartOfDay


@dataclass(frozen=True, slots=True)
class WindowIn:
    """A concrete period in the coming weeks."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True, slots=True)
class GuardianIn:
    """A parent or guardian: needed for youths aged 12-15 without a referral."""

    name: Annotated[str, Length(1, 120)]
    email: Annotated[str, Length(3, 254)]


@dataclass(frozen=True, slots=True)
class RequestIn:
    """A youth request (kind "youth") or a team request (kind "team"), sent at once."""

    kind: RequestKind = RequestKind.YOUTH
    domains: Annotated[list[DomainIn], Length(0, svc.MAX_DOMAINS)] = field(default_factory=list)
    not_sure: Annotated[bool, Doc("Youth: no domain needed when true")] = False
    own_words: Annotated[
        str | None, Length(0, svc.MAX_OWN_WORDS), Doc("Youth: own words; team: the team's notes")
    ] = None
    hopes: list[Hope] = field(default_factory=list)
    languages: Annotated[list[str], Length(0, 11)] = field(default_factory=lambda: ["nl"])
    modes: list[Mode] = field(default_factory=list)
    place_id: Annotated[int | None, Doc("GeoNames id from the places catalogue")] = None
    max_distance_km: Annotated[int | None, Range(1, svc.MAX_DISTANCE_KM)] = None
    gender_preference: Literal["none", "same", "specific"] = "none"
    preferred_gender: Gender | None = None
    own_gender: Annotated[Gender | None, Doc("Saved on the account; needed for 'same'")] = None
    prefers_age_close: bool = False
    weekly: Annotated[list[WeeklyPartIn], Length(0, 21)] = field(default_factory=list)
    windows: Annotated[list[WindowIn], Length(0, svc.MAX_WINDOWS)] = field(default_factory=list)
    guardian: GuardianIn | None = None
    purpose: Annotated[Purpose | None, Doc("Team requests only")] = None
    peer_experts_wanted: Annotated[int, Range(1, svc.MAX_PEER_EXPERTS)] = 1


@dataclass(frozen=True, slots=True)
class DomainOut:
    domain_id: int
    slug: str
    importance: Importance


@dataclass(frozen=True, slots=True)
class TimePreferencesOut:
    weekly: list[WeeklyPartIn]
    windows: list[WindowIn]


@dataclass(frozen=True, slots=True)
class RequestOut:
    """A contact request as its requester sees it."""

    id: int
    kind: RequestKind
    status: RequestStatus
    editable: bool
    domains: list[DomainOut]
    not_sure: bool
    own_words: str | None
    hopes: list[str]
    languages: list[str]
    modes: list[str]
    place_id: int | None
    max_distance_km: int | None
    gender_preference: str
    preferred_gender: Gender | None
    prefers_age_close: bool
    time_preferences: TimePreferencesOut
    purpose: str | None
    peer_experts_wanted: int
    team_id: int | None
    referred: bool
    expires_at: dt.datetime | None
    submitted_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    created_at: dt.datetime


def _out(call: Call, request: ContactRequest) -> RequestOut:
    return RequestOut(
        id=request.id,
        kind=request.kind,
        status=request.status,
        editable=svc.is_editable(call.session, request),
        domains=[DomainOut(rd.domain_id, rd.domain.slug, rd.importance) for rd in request.domains],
        not_sure=request.not_sure,
        own_words=svc.read_own_words(
            call.session, request, call.user, origin=call.origin, now=call.now
        ),
        hopes=list(request.hopes),
        languages=list(request.languages),
        modes=list(request.modes),
        place_id=request.place_id,
        max_distance_km=request.max_distance_km,
        gender_preference=request.gender_preference,
        preferred_gender=request.preferred_gender,
        prefers_age_close=request.prefers_age_close,
        time_preferences=TimePreferencesOut(
            weekly=[WeeklyPartIn(w.weekday, w.part) for w in svc.weekly_of(request)],  # type: ignore[arg-type]
            windows=[WindowIn(w.start, w.end) for w in svc.windows_of(request)],
        ),
        purpose=request.purpose,
        peer_experts_wanted=request.peer_experts_wanted,
        team_id=request.team_id,
        referred=request.referred_by_id is not None,
        expires_at=request.expires_at,
        submitted_at=request.submitted_at,
        withdrawn_at=request.withdrawn_at,
        created_at=request.created_at,
    )


@endpoint(
    "POST",
    "/requests",
    summary="Create and send a contact request (youth or team)",
    body=RequestIn,
    response=RequestOut,
    status=201,
    errors=(403, 409),
    tag="requests",
    description=(
        "Youths aged 12-15 without a referral must include `guardian`; the request then "
        "waits in `awaiting_consent`. A youth's referred draft, if any, is used and sent."
    ),
)
@roles(Role.YOUTH, Role.TEAM_MEMBER)
def requests_create(call: Call) -> Response:
    data = parse_body(RequestIn)
    windows = tuple(svc.TimeWindow(w.start, w.end) for w in data.windows)
    if data.kind is RequestKind.TEAM:
        request = svc.save_team_request(
            call.session,
            call.user,
            svc.TeamRequestInput(
                purpose=data.purpose,
                domain_ids=tuple(d.domain_id for d in data.domains),
                peer_experts_wanted=data.peer_experts_wanted,
                windows=windows,
                modes=tuple(m.value for m in data.modes),
                languages=tuple(data.languages),
                place_id=data.place_id,
                max_distance_km=data.max_distance_km,
                notes=data.own_words,
            ),
            now=call.now,
            origin=call.origin,
        )
        guardian = None
    else:
        request = svc.save_youth_draft(
            call.session,
            call.user,
            svc.YouthRequestInput(
                domains=tuple(svc.DomainChoice(d.domain_id, d.importance) for d in data.domains),
                not_sure=data.not_sure,
                own_words=data.own_words,
                hopes=tuple(data.hopes),
                languages=tuple(data.languages),
                modes=tuple(m.value for m in data.modes),
                place_id=data.place_id,
                max_distance_km=data.max_distance_km,
                gender_preference=data.gender_preference,
                preferred_gender=data.preferred_gender,
                own_gender=data.own_gender,
                prefers_age_close=data.prefers_age_close,
                weekly=tuple(svc.WeeklyPart(w.weekday, w.part) for w in data.weekly),
                windows=windows,
            ),
            now=call.now,
            origin=call.origin,
            request=svc.current_draft(call.session, call.user),
        )
        guardian = (
            svc.GuardianContact(data.guardian.name, data.guardian.email) if data.guardian else None
        )
    svc.submit(
        call.session, request, call.user, now=call.now, origin=call.origin, guardian=guardian
    )
    return json_response(_out(call, request), 201)


@endpoint(
    "GET",
    "/requests",
    summary="My contact requests (and my team's, for team members)",
    response=list[RequestOut],
    tag="requests",
)
@roles(Role.YOUTH, Role.TEAM_MEMBER)
def requests_list(call: Call) -> Response:
    items = {r.id: r for r in svc.list_mine(call.session, call.user)}
    for r in svc.list_team_requests(call.session, call.user):
        items.setdefault(r.id, r)
    ordered = sorted(items.values(), key=lambda r: r.id, reverse=True)
    return json_response([_out(call, r) for r in ordered])


@endpoint(
    "GET",
    "/requests/<int:request_id>",
    summary="One of my contact requests",
    response=RequestOut,
    errors=(404,),
    tag="requests",
)
@roles(Role.YOUTH, Role.TEAM_MEMBER)
def requests_get(call: Call, request_id: int) -> Response:
    return json_response(_out(call, svc.get_for(call.session, request_id, call.user)))


@endpoint(
    "POST",
    "/requests/<int:request_id>/withdraw",
    summary="Withdraw a request; its open proposals end with it",
    response=RequestOut,
    errors=(404, 409),
    tag="requests",
)
@roles(Role.YOUTH, Role.TEAM_MEMBER)
def requests_withdraw(call: Call, request_id: int) -> Response:
    request = svc.get_for(call.session, request_id, call.user)
    svc.withdraw(call.session, request, call.user, now=call.now, origin=call.origin)
    return json_response(_out(call, request))
