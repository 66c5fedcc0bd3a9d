"""Batch matching: a coordinator proposes for many open requests at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from peermatch.lifecycles.proposals import ProposalActor as P
from peermatch.matching import Assignment, Weights, greedy_assignment, optimal_assignment
from peermatch.matching import rank_candidates as core_rank
from peermatch.models import ContactRequest, MatchProposal, PeerExpertProfile, RequestDomain, User
from peermatch.models.enums import RequestStatus
from peermatch.services import audit, feedback, matching
from peermatch.services.errors import InvalidInput
from peermatch.services.matching.request_inputs import audience_of
from peermatch.services.proposals.access import OPEN, S
from peermatch.services.proposals.choosing import _ask, _new_choice
from peermatch.services.proposals.notify import _tell_requesters


def open_requests_for(session: Session, coordinator: User) -> list[ContactRequest]:
    """Open requests without a proposal in motion that this coordinator may help match."""
    busy = select(MatchProposal.request_id).where(MatchProposal.status.in_((*OPEN, S.APPROVED)))
    requests = session.scalars(
        select(ContactRequest)
        .where(ContactRequest.status == RequestStatus.OPEN, ContactRequest.id.not_in(busy))
        .options(
            # What the review page shows per request, loaded up front instead of per row.
            selectinload(ContactRequest.requester),
            selectinload(ContactRequest.domains).selectinload(RequestDomain.domain),
        )
        .order_by(ContactRequest.submitted_at, ContactRequest.id)
    )
    return [r for r in requests if matching.may_coordinate_request(session, r, coordinator)]


#: Other peer experts offered per request on the review page, best first.
ALTERNATIVES = 3


@dataclass(frozen=True, slots=True)
class BatchRow:
    request: ContactRequest
    profile: PeerExpertProfile | None
    score: float | None
    #: Other eligible peer experts with room left, best first: the coordinator may swap.
    alternatives: tuple[tuple[PeerExpertProfile, float], ...] = ()
    audience: str = ""
    waited: dt.timedelta = dt.timedelta(0)


@dataclass(frozen=True, slots=True)
class BatchPlan:
    rows: list[BatchRow]
    optimal: Assignment
    greedy: Assignment
    explanations: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: every eligible pair's score and explanation, so a swap is checked and explained too
    scores: dict[int, dict[int, float]] = field(default_factory=dict)
    all_explanations: dict[int, dict[int, dict[str, Any]]] = field(default_factory=dict)
    capacities: dict[int, int] = field(default_factory=dict)


def batch_plan(
    session: Session,
    coordinator: User,
    request_ids: Sequence[int],
    *,
    now: dt.datetime,
    weights: Weights,
) -> BatchPlan:
    """One proposal per request maximising the total score under each peer expert's
    remaining capacity; the greedy total is shown beside it for comparison."""
    allowed = {r.id: r for r in open_requests_for(session, coordinator)}
    chosen = [allowed[i] for i in dict.fromkeys(request_ids) if i in allowed]
    if not chosen or len(chosen) != len(set(request_ids)):
        raise InvalidInput("match.error.batch_choose_requests")
    domains = matching.domains_by_id(session)
    taxonomy = matching.taxonomy_of(domains)
    # Shared by every request of the batch, so with all free slots (no one request's windows).
    loaded = matching.load_candidates(session, audience="team", now=now)
    scores: list[tuple[int, Mapping[int, float]]] = []
    explanations: dict[int, dict[int, dict[str, Any]]] = {}
    for request in chosen:
        match_request = matching.build_match_request(session, request, now=now)
        candidates = matching.with_ratings(
            loaded, feedback.continuity_ratings(session, request.requester_id, None)
        )
        ranking = core_rank(match_request, candidates, taxonomy=taxonomy, now=now, weights=weights)
        scores.append((request.id, {r.peer_id: r.score for r in ranking.ranked}))
        explanations[request.id] = {
            r.peer_id: matching.explanation_of(r, match_request.audience, now)
            for r in ranking.ranked
        }
    capacities = {c.peer_id: max(0, c.max_active_matches - c.active_matches) for c in loaded}
    optimal = optimal_assignment(scores, capacities)
    greedy = greedy_assignment(scores, capacities)
    score_maps = {request_id: dict(by_peer) for request_id, by_peer in scores}
    alternative_ids = {
        request.id: [
            peer_id
            for peer_id, _ in sorted(score_maps[request.id].items(), key=lambda kv: -kv[1])
            if peer_id != optimal.pairs.get(request.id) and capacities.get(peer_id, 0) > 0
        ][:ALTERNATIVES]
        for request in chosen
    }
    wanted = set(optimal.pairs.values()) | {p for ids in alternative_ids.values() for p in ids}
    profiles = matching.profiles_by_id(session, wanted)
    rows = []
    chosen_explanations: dict[int, dict[str, Any]] = {}
    for request in chosen:
        context = {
            "audience": audience_of(request, now),
            "waited": now - (request.submitted_at or request.created_at),
            "alternatives": tuple(
                (profiles[p], score_maps[request.id][p]) for p in alternative_ids[request.id]
            ),
        }
        peer_id = optimal.pairs.get(request.id)
        if peer_id is None:
            rows.append(BatchRow(request, None, None, **context))  # type: ignore[arg-type]
            continue
        explanation = explanations[request.id][peer_id]
        chosen_explanations[request.id] = explanation
        rows.append(
            BatchRow(request, profiles[peer_id], float(explanation["score"]), **context)  # type: ignore[arg-type]
        )
    return BatchPlan(
        rows, optimal, greedy, chosen_explanations, score_maps, explanations, capacities
    )


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    sent: list[MatchProposal]
    #: (request id, translation key of why it was not sent)
    skipped: list[tuple[int, str]]


def send_batch(
    session: Session,
    coordinator: User,
    request_ids: Sequence[int],
    *,
    now: dt.datetime,
    origin: audit.Origin,
    weights: Weights,
) -> list[MatchProposal]:
    """Send the whole plan as proposed (the API's and older callers' one-step batch)."""
    plan = batch_plan(session, coordinator, request_ids, now=now, weights=weights)
    choices = {row.request.id: (row.profile.id if row.profile else None) for row in plan.rows}
    return send_chosen(session, coordinator, choices, now=now, origin=origin, weights=weights).sent


def send_chosen(
    session: Session,
    coordinator: User,
    choices: Mapping[int, int | None],
    *,
    now: dt.datetime,
    origin: audit.Origin,
    weights: Weights,
) -> BatchOutcome:
    """Ask the peer expert the coordinator chose for each request (``None``: skip it).

    Nothing from the form is trusted: the plan is made again, a request that is no longer
    open (the young person chose in the meantime, or someone else proposed) is left alone,
    so a batch never overrides a youth's own choice, and a chosen peer expert must still
    be eligible for that request with room left, counting this batch's earlier pairs.
    """
    open_ids = {r.id for r in open_requests_for(session, coordinator)}
    skipped: list[tuple[int, str]] = [
        (request_id, "match.batch.skipped_not_open")
        for request_id in choices
        if request_id not in open_ids
    ]
    still_open = [request_id for request_id in choices if request_id in open_ids]
    if not still_open:
        return BatchOutcome([], skipped)
    plan = batch_plan(session, coordinator, still_open, now=now, weights=weights)
    room = dict(plan.capacities)
    created = []
    for row in plan.rows:
        peer_id = choices.get(row.request.id)
        if peer_id is None:
            continue
        score = plan.scores.get(row.request.id, {}).get(peer_id)
        if score is None:
            skipped.append((row.request.id, "match.batch.skipped_not_eligible"))
            continue
        if room.get(peer_id, 0) <= 0:
            skipped.append((row.request.id, "match.batch.skipped_no_room"))
            continue
        room[peer_id] -= 1
        proposal = _new_choice(
            session,
            request_id=row.request.id,
            profile_id=peer_id,
            rank=1,
            score=score,
            explanation={**plan.all_explanations[row.request.id][peer_id], "via": "batch"},
            actor_id=coordinator.id,
            origin=origin,
            now=now,
            details={"batch": True},
        )
        _ask(session, proposal, P.COORDINATOR, actor_id=coordinator.id, now=now, origin=origin)
        _tell_requesters(session, proposal, "match.batch_proposed", now=now)
        created.append(proposal)
    return BatchOutcome(created, skipped)
