"""Match proposals: the requester chooses, the peer expert answers, a coordinator approves.

Every step is one function here, checked against ``TRANSITIONS`` (an illegal step is refused
with a translated error and changes nothing) and audited; the audit trail doubles as the
timeline each person sees. Who may be proposed is only ever decided by the matching core
(via ``peermatch.services.matching``): choosing re-ranks and refuses anyone not eligible.

Privacy: a peer expert's decline reason is for coordinators only; the youth's own words are
read through ``requests.read_own_words`` (audited); emails and notices carry no content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from peermatch.matching import Assignment, Ranking, Weights, greedy_assignment, optimal_assignment
from peermatch.matching import rank_candidates as core_rank
from peermatch.models import (
    AuditEvent,
    ContactRequest,
    MatchProposal,
    Organisation,
    OrganisationMembership,
    PeerExpertProfile,
    ProposalMessage,
    User,
)
from peermatch.models.enums import (
    ApprovalPolicy,
    MembershipRole,
    ProposalStatus,
    RequestKind,
    RequestStatus,
    Role,
)
from peermatch.notifications.emails import send_email
from peermatch.services import accounts, audit, feedback, matching
from peermatch.services import requests as requests_service
from peermatch.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from peermatch.services.notifications import notify

S = ProposalStatus

#: action -> {from status: to status}. Nothing else moves a proposal.
TRANSITIONS: dict[str, dict[ProposalStatus, ProposalStatus]] = {
    "ask": {S.CHOSEN: S.ASKED},
    "accept": {S.ASKED: S.AWAITING_APPROVAL},
    "decline": {S.ASKED: S.DECLINED},
    "expire": {S.ASKED: S.EXPIRED},
    "approve": {S.AWAITING_APPROVAL: S.APPROVED},
    "reject": {S.AWAITING_APPROVAL: S.REJECTED},
    "replace": {S.AWAITING_APPROVAL: S.WITHDRAWN},
    "refuse_suggestion": {S.CHOSEN: S.WITHDRAWN},
    "withdraw": {S.CHOSEN: S.WITHDRAWN, S.ASKED: S.WITHDRAWN, S.AWAITING_APPROVAL: S.WITHDRAWN},
}
#: Proposals that hold a place: they count against the number of peer experts wanted.
IN_MOTION = (S.ASKED, S.AWAITING_APPROVAL, S.APPROVED)
OPEN = (S.CHOSEN, S.ASKED, S.AWAITING_APPROVAL)
#: A youth keeps a 2nd and 3rd choice in reserve.
RESERVE_CHOICES = 2
MAX_REASON = 1000
MAX_MESSAGE = 2000
MINOR_AUDIENCES = frozenset({"youth_12_15", "youth_16_17"})

Recipient = Literal["requester", "peer_expert"]


def status_path(proposal_id: int) -> str:
    return f"/matches/{proposal_id}"


# --- loading and access ----------------------------------------------------------------------


def _get(session: Session, proposal_id: int) -> MatchProposal:
    proposal = session.get(MatchProposal, proposal_id)
    if proposal is None:
        raise NotFound("match.error.not_found")
    return proposal


def _organisation(proposal: MatchProposal) -> Organisation | None:
    return proposal.profile.organisation


def is_peer_expert_of(proposal: MatchProposal, user: User) -> bool:
    return proposal.profile.user_id == user.id


def is_approver_of(proposal: MatchProposal, user: User) -> bool:
    """Only coordinators of the PEER EXPERT's organisation approve their matches."""
    org_id = proposal.profile.organisation_id
    return (
        user.has_role(Role.COORDINATOR)
        and org_id is not None
        and org_id in accounts.coordinator_organisation_ids(user)
    )


def may_view(session: Session, proposal: MatchProposal, user: User) -> bool:
    """The people in the match, the approving organisation's coordinators and those of the
    youth's own organisation; nobody else. A request without an organisation must not open
    its matches to every coordinator (``matching.may_coordinate_request`` lets any of them
    help find candidates, which is a different thing). The private decline reason is for
    the approving organisation only (see ``view``)."""
    request_org = proposal.request.organisation_id
    return (
        requests_service.may_manage(session, proposal.request, user)
        or is_peer_expert_of(proposal, user)
        or is_approver_of(proposal, user)
        or (
            request_org is not None
            and user.has_role(Role.COORDINATOR)
            and request_org in accounts.coordinator_organisation_ids(user)
        )
    )


def get_for(session: Session, proposal_id: int, user: User) -> MatchProposal:
    """A proposal its viewer is part of; anything else is 'not found' so ids leak nothing."""
    proposal = _get(session, proposal_id)
    if not may_view(session, proposal, user):
        raise NotFound("match.error.not_found")
    return proposal


def _as_requester(session: Session, proposal: MatchProposal, user: User) -> None:
    if not requests_service.may_manage(session, proposal.request, user):
        raise NotFound("match.error.not_found")


def _as_peer_expert(proposal: MatchProposal, user: User) -> None:
    if not is_peer_expert_of(proposal, user):
        raise NotFound("match.error.not_found")


def _as_approver(session: Session, proposal: MatchProposal, user: User) -> None:
    if is_approver_of(proposal, user):
        return
    if may_view(session, proposal, user):
        raise Forbidden("match.error.not_your_organisation")
    raise NotFound("match.error.not_found")


# --- the one step function -------------------------------------------------------------------


def _step(
    session: Session,
    proposal: MatchProposal,
    action: str,
    *,
    actor_id: int | None,
    now: dt.datetime,
    origin: audit.Origin,
    details: dict[str, Any] | None = None,
) -> None:
    """Move along the transition table or refuse; audited with the clock's time."""
    allowed = TRANSITIONS[action]
    before = proposal.status
    if before not in allowed:
        raise Conflict(f"match.error.cannot_{action}", status=before.value)
    proposal.status = allowed[before]
    proposal.updated_at = now
    if proposal.status not in OPEN and proposal.status is not S.APPROVED:
        proposal.closed_at = now
    event = audit.record(
        session,
        f"match.{action}",
        actor_id=actor_id,
        origin=origin,
        subject_type="match_proposal",
        subject_id=proposal.id,
        details={"from": before.value, "to": proposal.status.value, **(details or {})},
    )
    event.at = now
    session.flush()


# --- telling people --------------------------------------------------------------------------


def _tell(
    session: Session,
    user: User,
    kind: str,
    proposal: MatchProposal,
    *,
    now: dt.datetime,
    email: str | None = "match_news",
) -> None:
    link = status_path(proposal.id)
    notify(session, user.id, kind, now=now, params={"proposal_id": proposal.id}, link=link)
    if email:
        send_email(session, user=user, kind=email, now=now, link=link)


def _requesters(session: Session, request: ContactRequest) -> list[User]:
    """The youth, or every member of the team (any of them may answer)."""
    if request.kind is RequestKind.TEAM and request.team is not None:
        return [m.user for m in request.team.members] or [request.requester]
    return [request.requester]


def _tell_requesters(
    session: Session, proposal: MatchProposal, kind: str, *, now: dt.datetime
) -> None:
    for user in _requesters(session, proposal.request):
        _tell(session, user, kind, proposal, now=now)


def coordinators_of(session: Session, organisation_id: int | None) -> list[User]:
    query = (
        select(User)
        .join(OrganisationMembership, OrganisationMembership.user_id == User.id)
        .where(OrganisationMembership.role == MembershipRole.COORDINATOR)
        .order_by(User.id)
    )
    if organisation_id is not None:
        query = query.where(OrganisationMembership.organisation_id == organisation_id)
    return list(session.scalars(query).unique())


# --- 1. choosing -----------------------------------------------------------------------------


def picks_allowed(request: ContactRequest) -> int:
    """How many the requester may pick: the peer experts wanted plus two in reserve."""
    return max(1, request.peer_experts_wanted) + RESERVE_CHOICES


def _open_proposals(session: Session, request: ContactRequest) -> list[MatchProposal]:
    return list(
        session.scalars(
            select(MatchProposal)
            .where(MatchProposal.request_id == request.id, MatchProposal.status.in_(OPEN))
            .order_by(MatchProposal.choice_rank, MatchProposal.id)
        )
    )


def _in_motion_count(session: Session, request: ContactRequest) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(MatchProposal)
            .where(MatchProposal.request_id == request.id, MatchProposal.status.in_(IN_MOTION))
        )
        or 0
    )


def _eligible(ranking: Ranking) -> dict[int, Any]:
    return {r.peer_id: r for r in ranking.ranked}


def choose(
    session: Session,
    request_id: int,
    user: User,
    profile_ids: Sequence[int],
    *,
    now: dt.datetime,
    origin: audit.Origin,
    weights: Weights,
) -> list[MatchProposal]:
    """The requester picks in order of preference; the first (for a team: as many as they
    want) are asked at once, the others wait their turn."""
    request = requests_service.get_for(session, request_id, user)
    if request.status is not RequestStatus.OPEN:
        raise Conflict("match.error.request_not_open")
    picks = list(dict.fromkeys(profile_ids))
    if not picks:
        raise InvalidInput("match.error.choose_one")
    if len(picks) != len(profile_ids):
        raise InvalidInput("match.error.same_person_twice")
    if len(picks) > picks_allowed(request):
        raise InvalidInput("match.error.too_many_choices", max=picks_allowed(request))
    if _open_proposals(session, request):
        raise Conflict("match.error.already_chosen")
    match_request, _, ranking, _ = matching.rank_request(session, request, now=now, weights=weights)
    eligible = _eligible(ranking)
    if any(pid not in eligible for pid in picks):
        raise Conflict("match.error.no_longer_available")
    wanted = max(1, request.peer_experts_wanted) - _in_motion_count(session, request)
    created = []
    for rank, profile_id in enumerate(picks, start=1):
        proposal = _new_choice(
            session,
            request_id=request.id,
            profile_id=profile_id,
            rank=rank,
            score=eligible[profile_id].score,
            explanation={
                **matching.explanation_of(eligible[profile_id], match_request.audience, now),
                "via": "choice",
            },
            actor_id=user.id,
            origin=origin,
            now=now,
            details={"choice_rank": rank},
        )
        created.append(proposal)
    for proposal in created[: max(0, wanted)]:
        _ask(session, proposal, actor_id=user.id, now=now, origin=origin)
    return created


def _ask(
    session: Session,
    proposal: MatchProposal,
    *,
    actor_id: int | None,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    org = _organisation(proposal)
    hours = org.proposal_response_hours if org is not None else 72
    _step(session, proposal, "ask", actor_id=actor_id, now=now, origin=origin)
    proposal.asked_at = now
    proposal.respond_by = now + dt.timedelta(hours=hours)
    session.flush()
    _tell(session, proposal.profile.user, "match.asked", proposal, now=now, email="match_asked")


def _advance(
    session: Session, request: ContactRequest, *, now: dt.datetime, origin: audit.Origin
) -> None:
    """After a no: ask the next choice, or tell the requester to choose again."""
    if request.status is not RequestStatus.OPEN:
        return
    wanted = max(1, request.peer_experts_wanted) - _in_motion_count(session, request)
    if wanted <= 0:
        return
    waiting = [
        p
        for p in _open_proposals(session, request)
        if p.status is S.CHOSEN and not p.explanation.get("suggested_by")
    ]
    for proposal in waiting[:wanted]:
        _ask(session, proposal, actor_id=None, now=now, origin=origin)
    if waiting:
        return
    if not _open_proposals(session, request):
        for user in _requesters(session, request):
            notify(
                session,
                user.id,
                "match.choose_again",
                now=now,
                params={"request_id": request.id},
                link=f"/matches/requests/{request.id}/candidates",
            )
            send_email(
                session,
                user=user,
                kind="match_news",
                now=now,
                link=f"/matches/requests/{request.id}/candidates",
            )


# --- 2. the peer expert answers --------------------------------------------------------------


def needs_approval(proposal: MatchProposal, audience: str) -> bool:
    org = _organisation(proposal)
    policy = org.approval_policy if org is not None else ApprovalPolicy.ALWAYS
    if policy is ApprovalPolicy.NEVER:
        return False
    if policy is ApprovalPolicy.MINORS_ONLY:
        return audience in MINOR_AUDIENCES
    return True


def accept(
    session: Session, proposal_id: int, user: User, *, now: dt.datetime, origin: audit.Origin
) -> MatchProposal:
    proposal = _get(session, proposal_id)
    _as_peer_expert(proposal, user)
    if proposal.status is S.ASKED and proposal.respond_by is not None and now > proposal.respond_by:
        raise Conflict("match.error.answer_too_late")
    _step(session, proposal, "accept", actor_id=user.id, now=now, origin=origin)
    proposal.responded_at = now
    audience = str(
        proposal.explanation.get("audience") or matching.audience_of(proposal.request, now)
    )
    if needs_approval(proposal, audience):
        _tell_requesters(session, proposal, "match.accepted", now=now)
        for coordinator in coordinators_of(session, proposal.profile.organisation_id):
            _tell(session, coordinator, "match.awaiting_approval", proposal, now=now)
    else:
        _approve(session, proposal, actor_id=None, now=now, origin=origin, policy=True)
    return proposal


def decline(
    session: Session,
    proposal_id: int,
    user: User,
    *,
    reason: str | None,
    now: dt.datetime,
    origin: audit.Origin,
) -> MatchProposal:
    """A no is fine and costs nothing: declines are never fed into ranking."""
    proposal = _get(session, proposal_id)
    _as_peer_expert(proposal, user)
    text = (reason or "").strip() or None
    if text is not None and len(text) > MAX_REASON:
        raise InvalidInput("match.error.reason_too_long", max=MAX_REASON)
    _step(session, proposal, "decline", actor_id=user.id, now=now, origin=origin)
    proposal.responded_at = now
    proposal.decline_reason = text
    session.flush()
    _tell_requesters(session, proposal, "match.not_this_time", now=now)
    _advance(session, proposal.request, now=now, origin=origin)
    return proposal


def expire_overdue(
    session: Session, now: dt.datetime, *, origin: audit.Origin = audit.SYSTEM
) -> int:
    """Asked proposals without an answer in time expire; the next choice is asked."""
    overdue = list(
        session.scalars(
            select(MatchProposal)
            .where(MatchProposal.status == S.ASKED, MatchProposal.respond_by <= now)
            .order_by(MatchProposal.respond_by, MatchProposal.id)
        )
    )
    for proposal in overdue:
        _step(session, proposal, "expire", actor_id=None, now=now, origin=origin)
        _tell_requesters(session, proposal, "match.not_this_time", now=now)
        _advance(session, proposal.request, now=now, origin=origin)
    return len(overdue)


# --- 3. the coordinator ----------------------------------------------------------------------


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
        "approve",
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
            _step(session, other, "withdraw", actor_id=None, now=now, origin=origin)
    session.flush()
    _tell_requesters(session, proposal, "match.approved", now=now)
    _tell(session, proposal.profile.user, "match.approved", proposal, now=now)


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
    _step(session, proposal, "reject", actor_id=coordinator.id, now=now, origin=origin)
    proposal.coordinator_reason = text
    proposal.decided_at = now
    proposal.decided_by_id = coordinator.id
    session.flush()
    _tell_requesters(session, proposal, "match.rejected", now=now)
    _tell(session, proposal.profile.user, "match.rejected", proposal, now=now)
    _advance(session, proposal.request, now=now, origin=origin)
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
        "replace",
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
    _ask(session, proposal, actor_id=user.id, now=now, origin=origin)
    return proposal


def refuse_suggestion(
    session: Session, proposal_id: int, user: User, *, now: dt.datetime, origin: audit.Origin
) -> MatchProposal:
    proposal = _get(session, proposal_id)
    _as_requester(session, proposal, user)
    if not proposal.explanation.get("suggested_by"):
        raise Conflict("match.error.not_a_suggestion")
    _step(session, proposal, "refuse_suggestion", actor_id=user.id, now=now, origin=origin)
    _advance(session, proposal.request, now=now, origin=origin)
    return proposal


# --- questions and answers -------------------------------------------------------------------


def _check_body(body: str) -> str:
    text = body.strip()
    if not text:
        raise InvalidInput("match.error.message_required")
    if len(text) > MAX_MESSAGE:
        raise InvalidInput("match.error.message_too_long", max=MAX_MESSAGE)
    return text


def ask_question(
    session: Session,
    proposal_id: int,
    coordinator: User,
    *,
    to: Recipient,
    body: str,
    now: dt.datetime,
    origin: audit.Origin,
) -> ProposalMessage:
    proposal = _get(session, proposal_id)
    _as_approver(session, proposal, coordinator)
    if proposal.status not in OPEN:
        raise Conflict("match.error.closed")
    text = _check_body(body)
    recipient = proposal.request.requester if to == "requester" else proposal.profile.user
    message = ProposalMessage(
        proposal_id=proposal.id,
        author_id=coordinator.id,
        recipient_id=recipient.id,
        body=text,
        kind="question",
        created_at=now,
    )
    session.add(message)
    session.flush()
    audit.record(
        session,
        "match.question",
        actor_id=coordinator.id,
        origin=origin,
        subject_type="match_proposal",
        subject_id=proposal.id,
        details={"to": to},
        at=now,
    )
    _tell(session, recipient, "match.question", proposal, now=now)
    return message


def answer(
    session: Session,
    proposal_id: int,
    user: User,
    *,
    body: str,
    now: dt.datetime,
    origin: audit.Origin,
) -> ProposalMessage:
    """Only someone who was asked a question on this proposal can answer it."""
    proposal = get_for(session, proposal_id, user)
    question = session.scalar(
        select(ProposalMessage)
        .where(
            ProposalMessage.proposal_id == proposal.id,
            ProposalMessage.recipient_id == user.id,
            ProposalMessage.kind == "question",
        )
        .order_by(ProposalMessage.id.desc())
        .limit(1)
    )
    if question is None:
        raise Conflict("match.error.no_question")
    text = _check_body(body)
    message = ProposalMessage(
        proposal_id=proposal.id,
        author_id=user.id,
        recipient_id=question.author_id,
        body=text,
        kind="answer",
        created_at=now,
    )
    session.add(message)
    session.flush()
    audit.record(
        session,
        "match.answer",
        actor_id=user.id,
        origin=origin,
        subject_type="match_proposal",
        subject_id=proposal.id,
        at=now,
    )
    author = session.get(User, question.author_id)
    if author is not None:
        _tell(session, author, "match.answer", proposal, now=now)
    return message


def messages_for(session: Session, proposal: MatchProposal, user: User) -> list[ProposalMessage]:
    """Coordinators see the whole conversation; others only what they wrote or received."""
    query = select(ProposalMessage).where(ProposalMessage.proposal_id == proposal.id)
    if not is_approver_of(proposal, user):
        query = query.where(
            (ProposalMessage.author_id == user.id) | (ProposalMessage.recipient_id == user.id)
        )
    return list(session.scalars(query.order_by(ProposalMessage.id)))


def ask_coordinator_for_help(
    session: Session, request_id: int, user: User, *, now: dt.datetime, origin: audit.Origin
) -> int:
    """'Nobody fits': the coordinators of the youth's organisation (or all, when they came
    without one) get a notice. Returns how many were told."""
    request = requests_service.get_for(session, request_id, user)
    coordinators = coordinators_of(session, request.organisation_id)
    for coordinator in coordinators:
        notify(
            session,
            coordinator.id,
            "match.help_requested",
            now=now,
            params={"request_id": request.id},
            link=f"/matches/requests/{request.id}/coordinate",
        )
    audit.record(
        session,
        "match.help_requested",
        actor_id=user.id,
        origin=origin,
        subject_type="contact_request",
        subject_id=request.id,
        details={"told": len(coordinators)},
        at=now,
    )
    return len(coordinators)


# --- views -----------------------------------------------------------------------------------


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
        .options(selectinload(MatchProposal.profile).selectinload(PeerExpertProfile.user))
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


# --- batch matching --------------------------------------------------------------------------


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
        _ask(session, proposal, actor_id=coordinator.id, now=now, origin=origin)
        _tell_requesters(session, proposal, "match.batch_proposed", now=now)
        created.append(proposal)
    return created


def _new_choice(
    session: Session,
    *,
    request_id: int,
    profile_id: int,
    rank: int,
    score: float | None,
    explanation: dict[str, Any],
    actor_id: int,
    origin: audit.Origin,
    now: dt.datetime,
    details: dict[str, Any],
) -> MatchProposal:
    """A chosen peer expert (by the requester or a coordinator's batch), audited."""
    proposal = MatchProposal(
        request_id=request_id,
        profile_id=profile_id,
        status=S.CHOSEN,
        choice_rank=rank,
        score=score,
        explanation=explanation,
        created_at=now,
        updated_at=now,
    )
    session.add(proposal)
    session.flush()
    audit.record(
        session,
        "match.chosen",
        actor_id=actor_id,
        origin=origin,
        subject_type="match_proposal",
        subject_id=proposal.id,
        details=details,
        at=now,
    )
    return proposal
