"""Step 2: the peer expert accepts or declines."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.lifecycles.proposals import ProposalAction as A
from peermatch.lifecycles.proposals import ProposalActor as P
from peermatch.matching.types import MINOR_AUDIENCES
from peermatch.models import MatchProposal, User
from peermatch.models.enums import ApprovalPolicy
from peermatch.services import audit, matching
from peermatch.services.errors import InvalidInput
from peermatch.services.proposals.access import (
    MAX_REASON,
    S,
    _as_peer_expert,
    _get,
    _organisation,
)
from peermatch.services.proposals.choosing import _advance, tell_after_no
from peermatch.services.proposals.coordinator import _approve
from peermatch.services.proposals.notify import (
    _requesters,
    _tell,
    coordinators_of,
)
from peermatch.services.proposals.steps import _step


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
    _step(session, proposal, A.ACCEPT, P.PEER_EXPERT, actor_id=user.id, now=now, origin=origin)
    proposal.responded_at = now
    audience = str(
        proposal.explanation.get("audience") or matching.audience_of(proposal.request, now)
    )
    if needs_approval(proposal, audience):
        # In the app only: the requester can do nothing yet, and the approval (with its
        # email) usually follows within minutes; one email, when they can act, is enough.
        for requester in _requesters(session, proposal.request):
            _tell(session, requester, "match.accepted", proposal, now=now, email=None)
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
    _step(session, proposal, A.DECLINE, P.PEER_EXPERT, actor_id=user.id, now=now, origin=origin)
    proposal.responded_at = now
    proposal.decline_reason = text
    session.flush()
    notice = _advance(session, proposal.request, now=now, origin=origin)
    tell_after_no(session, proposal, notice, now=now)
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
        _step(session, proposal, A.EXPIRE, P.SYSTEM, actor_id=None, now=now, origin=origin)
        notice = _advance(session, proposal.request, now=now, origin=origin)
        tell_after_no(session, proposal, notice, now=now)
    return len(overdue)
