"""Read-only views of proposals for each role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from peermatch.lifecycles.proposals import TRANSITIONS
from peermatch.matching import Weights
from peermatch.models import (
    AuditEvent,
    ContactRequest,
    MatchProposal,
    PeerExpertProfile,
    ProposalMessage,
    User,
)
from peermatch.models.enums import RequestStatus
from peermatch.services import accounts, audit, matching
from peermatch.services import requests as requests_service
from peermatch.services.proposals.access import (
    OPEN,
    S,
    _as_approver,
    _get,
    get_for,
    is_approver_of,
    is_peer_expert_of,
)
from peermatch.services.proposals.questions import messages_for


@dataclass(frozen=True, slots=True)
class TimelineStep:
    action: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class ProposalView:
    proposal: MatchProposal
    role: Literal["requester", "peer_expert", "coordinator"]
    timeline: list[TimelineStep]
    messages: list[ProposalMessage]
    own_words: str | None = None
    decline_reason: str | None = None
    awaiting_answer: bool = False


def timeline(session: Session, proposal: MatchProposal) -> list[TimelineStep]:
    """The audited steps of this proposal, oldest first (never their details)."""
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.at)
        .where(AuditEvent.subject_type == "match_proposal", AuditEvent.subject_id == proposal.id)
        .where(AuditEvent.action.in_([f"match.{a}" for a in (*TRANSITIONS, "chosen", "suggested")]))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [TimelineStep(action.removeprefix("match."), at) for action, at in rows]


def view(
    session: Session,
    proposal_id: int,
    user: User,
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> ProposalView:
    """What this person may see of one proposal. The youth's own words reach a peer expert
    only after they accepted, and coordinators through the audited reader."""
    proposal = get_for(session, proposal_id, user)
    if requests_service.may_manage(session, proposal.request, user):
        role: Literal["requester", "peer_expert", "coordinator"] = "requester"
    elif is_peer_expert_of(proposal, user):
        role = "peer_expert"
    else:
        role = "coordinator"
    own_words = None
    if role != "requester" and (
        role == "coordinator" or proposal.status in (S.AWAITING_APPROVAL, S.APPROVED)
    ):
        own_words = requests_service.read_own_words(
            session, proposal.request, user, origin=origin, now=now
        )
    messages = messages_for(session, proposal, user)
    awaiting = any(m.recipient_id == user.id and m.kind == "question" for m in messages) and (
        proposal.status in OPEN
    )
    return ProposalView(
        proposal=proposal,
        role=role,
        timeline=timeline(session, proposal),
        messages=messages,
        own_words=own_words,
        decline_reason=proposal.decline_reason if is_approver_of(proposal, user) else None,
        awaiting_answer=awaiting,
    )


def proposals_for_request(
    session: Session, request_id: int, user: User
) -> tuple[ContactRequest, list[MatchProposal]]:
    request = requests_service.get_for(session, request_id, user)
    return request, list(
        session.scalars(
            select(MatchProposal)
            .where(MatchProposal.request_id == request.id)
            .order_by(MatchProposal.created_at.desc(), MatchProposal.choice_rank, MatchProposal.id)
        )
    )


def incoming_for(session: Session, user: User) -> list[MatchProposal]:
    """A peer expert's proposals: open ones first, then the latest others."""
    proposals = list(
        session.scalars(
            select(MatchProposal)
            .join(PeerExpertProfile, MatchProposal.profile_id == PeerExpertProfile.id)
            .where(
                PeerExpertProfile.user_id == user.id,
                MatchProposal.status.in_((S.ASKED, S.AWAITING_APPROVAL, S.APPROVED)),
            )
            .order_by(MatchProposal.respond_by, MatchProposal.id)
        )
    )
    return proposals


def open_for_requester(session: Session, user: User) -> list[MatchProposal]:
    return list(
        session.scalars(
            select(MatchProposal)
            .join(ContactRequest, MatchProposal.request_id == ContactRequest.id)
            .where(
                ContactRequest.requester_id == user.id,
                MatchProposal.status.in_((*OPEN, S.APPROVED)),
            )
            .order_by(MatchProposal.id.desc())
        )
    )


@dataclass(frozen=True, slots=True)
class QueueItem:
    proposal: MatchProposal
    waiting_since: dt.datetime
    waited: dt.timedelta


def approval_queue(session: Session, coordinator: User, *, now: dt.datetime) -> list[QueueItem]:
    """Accepted proposals of the coordinator's peer experts, longest waiting first."""
    orgs = accounts.coordinator_organisation_ids(coordinator)
    if not orgs:
        return []
    proposals = session.scalars(
        select(MatchProposal)
        .join(PeerExpertProfile, MatchProposal.profile_id == PeerExpertProfile.id)
        .where(
            MatchProposal.status == S.AWAITING_APPROVAL,
            PeerExpertProfile.organisation_id.in_(orgs),
        )
        .options(
            selectinload(MatchProposal.profile).selectinload(PeerExpertProfile.user),
            # What the list's safety summary reads (age band, consent, referral).
            selectinload(MatchProposal.request).selectinload(ContactRequest.requester),
            selectinload(MatchProposal.request).selectinload(ContactRequest.referred_by),
        )
        .order_by(MatchProposal.responded_at, MatchProposal.id)
    )
    items = []
    for proposal in proposals:
        since = proposal.responded_at or proposal.updated_at
        items.append(QueueItem(proposal, since, now - since))
    return items


@dataclass(frozen=True, slots=True)
class ApprovalView:
    item: QueueItem
    view: ProposalView
    candidates: matching.CandidateView | None


def approval_view(
    session: Session,
    proposal_id: int,
    coordinator: User,
    *,
    now: dt.datetime,
    origin: audit.Origin,
    weights: Weights,
) -> ApprovalView:
    """The queue item: request (own words, audited), explanation, waited time, and a fresh
    ranking for 'propose another' with the exclusions counted by reason."""
    proposal = _get(session, proposal_id)
    _as_approver(session, proposal, coordinator)
    proposal_view = view(session, proposal_id, coordinator, now=now, origin=origin)
    since = proposal.responded_at or proposal.updated_at
    candidates = None
    if proposal.request.status is RequestStatus.OPEN:
        candidates = matching.candidates_for(
            session, proposal.request, coordinator, now=now, weights=weights
        )
    return ApprovalView(QueueItem(proposal, since, now - since), proposal_view, candidates)


def waiting_approval_count(session: Session, coordinator: User) -> int:
    orgs = accounts.coordinator_organisation_ids(coordinator)
    if not orgs:
        return 0
    return int(
        session.scalar(
            select(func.count())
            .select_from(MatchProposal)
            .join(PeerExpertProfile, MatchProposal.profile_id == PeerExpertProfile.id)
            .where(
                MatchProposal.status == S.AWAITING_APPROVAL,
                PeerExpertProfile.organisation_id.in_(orgs),
            )
        )
        or 0
    )
