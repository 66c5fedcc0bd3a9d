"""Step 3: the coordinator approves, rejects or suggests another peer expert."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.lifecycles import Refusal
from peermatch.lifecycles.proposals import ProposalAction as A
from peermatch.lifecycles.proposals import ProposalActor as P
from peermatch.lifecycles.proposals import ProposalFacts, next_state
from peermatch.matching import Weights
from peermatch.models import MatchProposal, User
from peermatch.models.enums import RequestStatus
from peermatch.services import audit, matching
from peermatch.services.errors import Conflict, InvalidInput, from_refusal
from peermatch.services.proposals.access import (
    MAX_REASON,
    S,
    _as_approver,
    _as_requester,
    _get,
    _organisation,
)
from peermatch.services.proposals.choosing import (
    _advance,
    _ask,
    _eligible,
    _open_proposals,
    tell_outcome,
)
from peermatch.services.proposals.notify import _tell, _tell_requesters
from peermatch.services.proposals.steps import _step


def _approve(
    session: Session,
    proposal: MatchProposal,
    *,
    actor_id: int | None,
    now: dt.datetime,
    origin: audit.Origin,
    policy: bool = False,
) -> None:
    _step(
        session,
        proposal,
        A.APPROVE,
        P.SYSTEM if policy else P.COORDINATOR,
        actor_id=actor_id,
        now=now,
        origin=origin,
        details={"by_policy": policy},
    )
    org = _organisation(proposal)
    proposal.decided_at = now
    proposal.decided_by_id = actor_id
    proposal.max_sessions = org.trajectory_max_sessions if org is not None else 5
    request = proposal.request
    approved = int(
        session.scalar(
            select(func.count())
            .select_from(MatchProposal)
            .where(MatchProposal.request_id == request.id, MatchProposal.status == S.APPROVED)
        )
        or 0
    )
    if approved >= max(1, request.peer_experts_wanted):
        request.status = RequestStatus.MATCHED
        request.updated_at = now
        for other in _open_proposals(session, request):
            _step(session, other, A.WITHDRAW, P.SYSTEM, actor_id=None, now=now, origin=origin)
    session.flush()
    _tell_requesters(session, proposal, "match.approved", now=now)
    _tell(session, proposal.profile.user, "match.approved", proposal, now=now)


def check_approve(
    session: Session, proposal_id: int, coordinator: User, *, now: dt.datetime
) -> MatchProposal:
    """Would ``approve`` succeed? The same checks, nothing changed: the confirm step uses it,
    so it never asks "are you sure?" about an approval that would then be refused."""
    proposal = _get(session, proposal_id)
    _as_approver(session, proposal, coordinator)
    try:
        next_state(
            proposal.status,
            A.APPROVE,
            P.COORDINATOR,
            now=now,
            facts=ProposalFacts(respond_by=proposal.respond_by),
        )
    except Refusal as err:
        raise from_refusal(err) from err
    return proposal


def approve(
    session: Session, proposal_id: int, coordinator: User, *, now: dt.datetime, origin: audit.Origin
) -> MatchProposal:
    proposal = _get(session, proposal_id)
    _as_approver(session, proposal, coordinator)
    _approve(session, proposal, actor_id=coordinator.id, now=now, origin=origin)
    return proposal


def reject(
    session: Session,
    proposal_id: int,
    coordinator: User,
    *,
    reason: str,
    now: dt.datetime,
    origin: audit.Origin,
) -> MatchProposal:
    """The reason is written for the youth: they read it on their status page."""
    proposal = _get(session, proposal_id)
    _as_approver(session, proposal, coordinator)
    text = reason.strip()
    if not text:
        raise InvalidInput("match.error.reason_required")
    if len(text) > MAX_REASON:
        raise InvalidInput("match.error.reason_too_long", max=MAX_REASON)
    _step(
        session, proposal, A.REJECT, P.COORDINATOR, actor_id=coordinator.id, now=now, origin=origin
    )
    proposal.coordinator_reason = text
    proposal.decided_at = now
    proposal.decided_by_id = coordinator.id
    session.flush()
    _tell_requesters(session, proposal, "match.rejected", now=now)
    _tell(session, proposal.profile.user, "match.rejected", proposal, now=now)
    if _advance(session, proposal.request, now=now, origin=origin) == "choose_again":
        # The "not approved" email already went out: the fresh list is an in-app notice.
        tell_outcome(session, proposal, "match.choose_again", now=now, choose_again=True,
                     email=False)  # fmt: skip
    return proposal


def propose_other(
    session: Session,
    proposal_id: int,
    coordinator: User,
    profile_id: int,
    *,
    now: dt.datetime,
    origin: audit.Origin,
    weights: Weights,
) -> MatchProposal:
    """Suggest another peer expert (re-ranked, so only an eligible one); the youth confirms."""
    proposal = _get(session, proposal_id)
    _as_approver(session, proposal, coordinator)
    if proposal.status is not S.AWAITING_APPROVAL:
        raise Conflict("match.error.cannot_replace", status=proposal.status.value)
    request = proposal.request
    match_request, _, ranking, _ = matching.rank_request(session, request, now=now, weights=weights)
    eligible = _eligible(ranking)
    if profile_id == proposal.profile_id or profile_id not in eligible:
        raise Conflict("match.error.no_longer_available")
    _step(
        session,
        proposal,
        A.REPLACE,
        P.COORDINATOR,
        actor_id=coordinator.id,
        now=now,
        origin=origin,
    )
    proposal.decided_at = now
    proposal.decided_by_id = coordinator.id
    suggestion = MatchProposal(
        request_id=request.id,
        profile_id=profile_id,
        status=S.CHOSEN,
        choice_rank=proposal.choice_rank,
        score=eligible[profile_id].score,
        explanation={
            **matching.explanation_of(eligible[profile_id], match_request.audience, now),
            "via": "coordinator",
            "suggested_by": coordinator.id,
        },
        created_at=now,
        updated_at=now,
    )
    session.add(suggestion)
    session.flush()
    audit.record(
        session,
        "match.suggested",
        actor_id=coordinator.id,
        origin=origin,
        subject_type="match_proposal",
        subject_id=suggestion.id,
        details={"replaces": proposal.id},
        at=now,
    )
    _tell(session, proposal.profile.user, "match.replaced", proposal, now=now)
    _tell_requesters(session, suggestion, "match.suggestion", now=now)
    return suggestion


def confirm_suggestion(
    session: Session, proposal_id: int, user: User, *, now: dt.datetime, origin: audit.Origin
) -> MatchProposal:
    proposal = _get(session, proposal_id)
    _as_requester(session, proposal, user)
    if not proposal.explanation.get("suggested_by"):
        raise Conflict("match.error.not_a_suggestion")
    _ask(session, proposal, P.REQUESTER, actor_id=user.id, now=now, origin=origin)
    return proposal


def refuse_suggestion(
    session: Session, proposal_id: int, user: User, *, now: dt.datetime, origin: audit.Origin
) -> MatchProposal:
    proposal = _get(session, proposal_id)
    _as_requester(session, proposal, user)
    if not proposal.explanation.get("suggested_by"):
        raise Conflict("match.error.not_a_suggestion")
    _step(
        session,
        proposal,
        A.REFUSE_SUGGESTION,
        P.REQUESTER,
        actor_id=user.id,
        now=now,
        origin=origin,
    )
    if _advance(session, proposal.request, now=now, origin=origin) == "choose_again":
        # The requester turned the suggestion down themselves: no email about it.
        tell_outcome(session, proposal, "match.choose_again", now=now, choose_again=True,
                     email=False)  # fmt: skip
    return proposal
