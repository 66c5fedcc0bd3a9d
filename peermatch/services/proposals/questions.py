"""Questions and answers between requester and peer expert before a match."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import MatchProposal, ProposalMessage, User
from peermatch.services import audit
from peermatch.services import requests as requests_service
from peermatch.services.errors import Conflict, InvalidInput
from peermatch.services.notifications import notify
from peermatch.services.proposals.access import (
    MAX_MESSAGE,
    OPEN,
    Recipient,
    _as_approver,
    _get,
    get_for,
    is_approver_of,
)
from peermatch.services.proposals.notify import _tell, approval_path, coordinators_of


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
        # The coordinator who asked reads the answer where they decide on the match.
        link = approval_path(proposal.id) if is_approver_of(proposal, author) else None
        _tell(session, author, "match.answer", proposal, now=now, link=link)
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
