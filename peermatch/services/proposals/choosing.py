"""Step 1: the requester chooses peer experts from the ranking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.lifecycles.proposals import ProposalAction, ProposalActor
from peermatch.matching import Ranking, Weights
from peermatch.models import ContactRequest, MatchProposal, User
from peermatch.models.enums import RequestStatus
from peermatch.services import audit, matching
from peermatch.services import requests as requests_service
from peermatch.services.errors import Conflict, InvalidInput
from peermatch.services.notifications import notify
from peermatch.services.outbox import queue_email
from peermatch.services.proposals.access import (
    IN_MOTION,
    OPEN,
    RESERVE_CHOICES,
    S,
    _organisation,
    status_path,
)
from peermatch.services.proposals.notify import _requesters, _tell
from peermatch.services.proposals.steps import _step


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
        _ask(session, proposal, ProposalActor.REQUESTER, actor_id=user.id, now=now, origin=origin)
    return created


def _ask(
    session: Session,
    proposal: MatchProposal,
    actor: ProposalActor,
    *,
    actor_id: int | None,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    org = _organisation(proposal)
    hours = org.proposal_response_hours if org is not None else 72
    _step(session, proposal, ProposalAction.ASK, actor, actor_id=actor_id, now=now, origin=origin)
    proposal.asked_at = now
    proposal.respond_by = now + dt.timedelta(hours=hours)
    session.flush()
    _tell(session, proposal.profile.user, "match.asked", proposal, now=now, email="match_asked")


def _advance(
    session: Session, request: ContactRequest, *, now: dt.datetime, origin: audit.Origin
) -> str:
    """After a no: ask the next choice, or tell the requester to choose again.

    Returns what happened, so the caller sends the requesters ONE message about it (they
    used to get "we ask your next choice" and "choose again" at once): ``"asked"`` (the next
    choice was asked), ``"choose_again"`` (nobody is left: a fresh list waits) or ``"none"``
    (other choices are still running, or the request is no longer open).
    """
    if request.status is not RequestStatus.OPEN:
        return "none"
    wanted = max(1, request.peer_experts_wanted) - _in_motion_count(session, request)
    if wanted <= 0:
        return "none"
    waiting = [
        p
        for p in _open_proposals(session, request)
        if p.status is S.CHOSEN and not p.explanation.get("suggested_by")
    ]
    for proposal in waiting[:wanted]:
        _ask(session, proposal, ProposalActor.SYSTEM, actor_id=None, now=now, origin=origin)
    if waiting:
        return "asked"
    if not _open_proposals(session, request):
        return "choose_again"
    return "none"


#: the one notice about a peer expert's no (or silence), by what ``_advance`` did
AFTER_NO = {
    "asked": "match.not_this_time",
    "choose_again": "match.not_this_time_choose_again",
    "none": "match.not_this_time_only",
}


def tell_after_no(
    session: Session, proposal: MatchProposal, outcome: str, *, now: dt.datetime
) -> None:
    """One notice and one email per requester about a peer expert's no (or silence)."""
    tell_outcome(
        session, proposal, AFTER_NO[outcome], now=now, choose_again=outcome == "choose_again"
    )


def tell_outcome(
    session: Session,
    proposal: MatchProposal,
    notice: str,
    *,
    now: dt.datetime,
    choose_again: bool,
    email: bool = True,
) -> None:
    """``notice`` to every requester, linking to a fresh list when they must choose again."""
    request = proposal.request
    link = (
        f"/matches/requests/{request.id}/candidates" if choose_again else status_path(proposal.id)
    )
    for user in _requesters(session, request):
        notify(
            session,
            user.id,
            notice,
            now=now,
            params={"request_id": request.id, "proposal_id": proposal.id},
            link=link,
        )
        if email:
            queue_email(
                session, user=user, kind="match_news", now=now, link=link,
                params={"notice": notice},
            )  # fmt: skip


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
