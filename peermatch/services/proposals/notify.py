"""Telling requesters, peer experts and coordinators about a proposal."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, MatchProposal, User
from peermatch.models.enums import RequestKind
from peermatch.services import accounts
from peermatch.services.notifications import notify
from peermatch.services.outbox import queue_email
from peermatch.services.proposals.access import status_path


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
        # The email says what happened in the notice's own words (never a name or topic).
        params = {"notice": kind} if email == "match_news" else None
        queue_email(session, user=user, kind=email, now=now, link=link, params=params)


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
    return accounts.coordinators_of(session, None if organisation_id is None else {organisation_id})
