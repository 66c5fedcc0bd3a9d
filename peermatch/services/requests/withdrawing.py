"""Withdrawing and expiring requests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, MatchProposal, User
from peermatch.models.enums import ProposalStatus, RequestStatus
from peermatch.services import audit
from peermatch.services.errors import Conflict, NotFound
from peermatch.services.requests.access import may_manage
from peermatch.services.requests.inputs import OPEN_PROPOSAL_STATUSES, WITHDRAWABLE_STATUSES


def _close_open_proposals(
    session: Session, request: ContactRequest, status: ProposalStatus, now: dt.datetime
) -> int:
    proposals = list(
        session.scalars(
            select(MatchProposal).where(
                MatchProposal.request_id == request.id,
                MatchProposal.status.in_(OPEN_PROPOSAL_STATUSES),
            )
        )
    )
    for proposal in proposals:
        proposal.status = status
        proposal.closed_at = now
        proposal.updated_at = now
    return len(proposals)


def withdraw(
    session: Session,
    request: ContactRequest,
    actor: User,
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> ContactRequest:
    """Withdraw at any time; proposals still in motion end with it, so none stays open."""
    if not may_manage(session, request, actor):
        raise NotFound("request.error.not_found")
    if request.status not in WITHDRAWABLE_STATUSES:
        raise Conflict("request.error.not_withdrawable")
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_at = now
    request.updated_at = now
    closed = _close_open_proposals(session, request, ProposalStatus.WITHDRAWN, now)
    session.flush()
    audit.record(
        session,
        "request.withdrawn",
        actor_id=actor.id,
        origin=origin,
        subject_type="contact_request",
        subject_id=request.id,
        details={"proposals_withdrawn": closed},
    )
    return request


def expire_stale(session: Session, now: dt.datetime) -> int:
    """Expire requests still waiting for a guardian's consent after their deadline."""
    stale = list(
        session.scalars(
            select(ContactRequest).where(
                ContactRequest.status == RequestStatus.AWAITING_CONSENT,
                ContactRequest.expires_at <= now,
            )
        )
    )
    for request in stale:
        request.status = RequestStatus.EXPIRED
        request.updated_at = now
        _close_open_proposals(session, request, ProposalStatus.EXPIRED, now)
        audit.record(
            session,
            "request.expired",
            actor_id=None,
            subject_type="contact_request",
            subject_id=request.id,
        )
    session.flush()
    return len(stale)
