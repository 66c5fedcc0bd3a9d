"""Batch matching: a coordinator proposes for many open requests at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.lifecycles.proposals import ProposalActor as P
from peermatch.matching import Assignment, Weights, greedy_assignment, optimal_assignment
from peermatch.matching import rank_candidates as core_rank
from peermatch.models import ContactRequest, MatchProposal, PeerExpertProfile, User
from peermatch.models.enums import RequestStatus
from peermatch.services import audit, feedback, matching
from peermatch.services.errors import InvalidInput
from peermatch.services.proposals.access import OPEN, S
from peermatch.services.proposals.choosing import _ask, _new_choice
from peermatch.services.proposals.notify import _tell_requesters


def open_requests_for(session: Session, coordinator: User) -> list[ContactRequest]:
    """Open requests without a proposal in motion that this coordinator may help match."""
    busy = select(MatchProposal.request_id).where(MatchProposal.status.in_((*OPEN, S.APPROVED)))
    requests = session.scalars(
        select(ContactRequest)
        .where(ContactRequest.status == RequestStatus.OPEN, ContactRequest.id.not_in(busy))
        .order_by(ContactRequest.submitted_at, ContactRequest.id)
    )
    return [r for r in requests if matching.may_coordinate_request(session, r, coordinator)]


@dataclass(frozen=True, slots=True)
class BatchRow:
    request: ContactRequest
    profile: PeerExpertProfile | None
    score: float | None


@dataclass(frozen=True, slots=True)
class BatchPlan:
    rows: list[BatchRow]
    optimal: Assignment
    greedy: Assignment
    explanations: dict[int, dict[str, Any]] = field(default_factory=dict)


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
    rows = []
    chosen_explanations: dict[int, dict[str, Any]] = {}
    profiles = matching.profiles_by_id(session, optimal.pairs.values())
    for request in chosen:
        peer_id = optimal.pairs.get(request.id)
        if peer_id is None:
            rows.append(BatchRow(request, None, None))
            continue
        explanation = explanations[request.id][peer_id]
        chosen_explanations[request.id] = explanation
        rows.append(BatchRow(request, profiles[peer_id], float(explanation["score"])))
    return BatchPlan(rows, optimal, greedy, chosen_explanations)


def send_batch(
    session: Session,
    coordinator: User,
    request_ids: Sequence[int],
    *,
    now: dt.datetime,
    origin: audit.Origin,
    weights: Weights,
) -> list[MatchProposal]:
    """Re-plan (nothing from the form is trusted) and ask every proposed peer expert at once."""
    plan = batch_plan(session, coordinator, request_ids, now=now, weights=weights)
    created = []
    for row in plan.rows:
        if row.profile is None:
            continue
        proposal = _new_choice(
            session,
            request_id=row.request.id,
            profile_id=row.profile.id,
            rank=1,
            score=row.score,
            explanation={**plan.explanations[row.request.id], "via": "batch"},
            actor_id=coordinator.id,
            origin=origin,
            now=now,
            details={"batch": True},
        )
        _ask(session, proposal, P.COORDINATOR, actor_id=coordinator.id, now=now, origin=origin)
        _tell_requesters(session, proposal, "match.batch_proposed", now=now)
        created.append(proposal)
    return created
