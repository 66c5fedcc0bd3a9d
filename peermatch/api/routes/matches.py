"""Matching over the API: candidates with explanations, choosing, answering, deciding.

Every handler calls the same services as the web pages; nothing is decided here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from flask import Response, current_app

from peermatch.api.http import json_response, parse_body
from peermatch.api.openapi import endpoint
from peermatch.api.validation import Length
from peermatch.auth.access import roles
from peermatch.edge.context import Call
from peermatch.models import MatchProposal
from peermatch.models.enums import ProposalStatus, Role
from peermatch.services import matching
from peermatch.services import proposals as svc


@dataclass(frozen=True, slots=True)
class FactorOut:
    name: str
    value: float
    weight: float


@dataclass(frozen=True, slots=True)
class ReasonOut:
    """A translation key and its parameters (domain ids are ids of the taxonomy)."""

    key: str
    params: dict[str, str]


@dataclass(frozen=True, slots=True)
class CandidateOut:
    profile_id: int
    first_name: str
    pronouns: str | None
    score: float
    soonest_start: dt.datetime
    modes: list[str]
    reasons: list[ReasonOut]
    factors: list[FactorOut]


@dataclass(frozen=True, slots=True)
class CandidatesOut:
    request_id: int
    eligible_count: int
    candidates: list[CandidateOut]
    exclusions: dict[str, int]
    relaxations: dict[str, int]


@dataclass(frozen=True, slots=True)
class ChooseIn:
    """Peer experts in order of preference (first is asked at once)."""

    profile_ids: Annotated[list[int], Length(min=1, max=5)]


@dataclass(frozen=True, slots=True)
class DeclineIn:
    reason: Annotated[str | None, Length(max=svc.MAX_REASON)] = None


@dataclass(frozen=True, slots=True)
class RejectIn:
    reason: Annotated[str, Length(min=1, max=svc.MAX_REASON)]


@dataclass(frozen=True, slots=True)
class ProposalOut:
    id: int
    request_id: int
    profile_id: int
    status: ProposalStatus
    choice_rank: int
    respond_by: dt.datetime | None
    coordinator_reason: str | None


def _proposal(p: MatchProposal) -> ProposalOut:
    return ProposalOut(
        id=p.id,
        request_id=p.request_id,
        profile_id=p.profile_id,
        status=p.status,
        choice_rank=p.choice_rank,
        respond_by=p.respond_by,
        coordinator_reason=p.coordinator_reason,
    )


@endpoint(
    "GET",
    "/requests/<int:request_id>/candidates",
    summary="Candidates for a request, with their explanations",
    response=CandidatesOut,
    tag="matches",
    errors=(404, 409),
)
@roles(Role.YOUTH, Role.TEAM_MEMBER, Role.COORDINATOR)
def list_candidates(call: Call, request_id: int) -> Response:
    request = matching.get_request(call.session, request_id)
    view = matching.candidates_for(
        call.session,
        request,
        call.user,
        now=call.now,
        weights=matching.configured_weights(current_app.config),
    )
    coordinator = view.viewer_kind == "coordinator"
    return json_response(
        CandidatesOut(
            request_id=request.id,
            eligible_count=view.eligible_count,
            candidates=[
                CandidateOut(
                    profile_id=c.profile.id,
                    first_name=c.first_name,
                    pronouns=c.profile.pronouns,
                    score=c.ranked.score,
                    soonest_start=c.soonest[0],
                    modes=c.modes,
                    reasons=[
                        ReasonOut(r.key, {k: str(v) for k, v in r.params.items()})
                        for r in c.reasons
                    ],
                    factors=[
                        FactorOut(name, f.value, f.weight) for name, f in c.ranked.factors.items()
                    ],
                )
                for c in view.cards
            ],
            exclusions={r.value: n for r, n in view.exclusion_counts.items()}
            if coordinator
            else {},
            relaxations={r.key: r.eligible_count for r in view.relaxations},
        )
    )


@endpoint(
    "POST",
    "/requests/<int:request_id>/choices",
    summary="Choose peer experts in order of preference",
    body=ChooseIn,
    response=list[ProposalOut],
    status=201,
    tag="matches",
    errors=(404, 409, 422),
)
@roles(Role.YOUTH, Role.TEAM_MEMBER)
def choose(call: Call, request_id: int) -> Response:
    data = parse_body(ChooseIn)
    created = svc.choose(
        call.session,
        request_id,
        call.user,
        data.profile_ids,
        now=call.now,
        origin=call.origin,
        weights=matching.configured_weights(current_app.config),
    )
    return json_response([_proposal(p) for p in created], 201)


@endpoint(
    "POST",
    "/proposals/<int:proposal_id>/accept",
    summary="The asked peer expert accepts",
    response=ProposalOut,
    tag="matches",
    errors=(404, 409),
)
@roles(Role.PEER_EXPERT)
def accept(call: Call, proposal_id: int) -> Response:
    proposal = svc.accept(call.session, proposal_id, call.user, now=call.now, origin=call.origin)
    return json_response(_proposal(proposal))


@endpoint(
    "POST",
    "/proposals/<int:proposal_id>/decline",
    summary="The asked peer expert declines (the reason is for coordinators only)",
    body=DeclineIn,
    response=ProposalOut,
    tag="matches",
    errors=(404, 409, 422),
)
@roles(Role.PEER_EXPERT)
def decline(call: Call, proposal_id: int) -> Response:
    data = parse_body(DeclineIn)
    proposal = svc.decline(
        call.session,
        proposal_id,
        call.user,
        reason=data.reason,
        now=call.now,
        origin=call.origin,
    )
    return json_response(_proposal(proposal))


@endpoint(
    "POST",
    "/proposals/<int:proposal_id>/approve",
    summary="A coordinator of the peer expert's organisation approves",
    response=ProposalOut,
    tag="matches",
    errors=(403, 404, 409),
)
@roles(Role.COORDINATOR)
def approve(call: Call, proposal_id: int) -> Response:
    proposal = svc.approve(call.session, proposal_id, call.user, now=call.now, origin=call.origin)
    return json_response(_proposal(proposal))


@endpoint(
    "POST",
    "/proposals/<int:proposal_id>/reject",
    summary="A coordinator rejects, with a reason the requester can read",
    body=RejectIn,
    response=ProposalOut,
    tag="matches",
    errors=(403, 404, 409, 422),
)
@roles(Role.COORDINATOR)
def reject(call: Call, proposal_id: int) -> Response:
    data = parse_body(RejectIn)
    proposal = svc.reject(
        call.session,
        proposal_id,
        call.user,
        reason=data.reason,
        now=call.now,
        origin=call.origin,
    )
    return json_response(_proposal(proposal))
