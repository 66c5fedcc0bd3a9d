"""Loading a proposal and checking who may see or act on it."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from peermatch.models import MatchProposal, Organisation, User
from peermatch.models.enums import ProposalStatus
from peermatch.services import accounts
from peermatch.services import requests as requests_service
from peermatch.services.errors import Forbidden, NotFound

S = ProposalStatus

#: Proposals that hold a place: they count against the number of peer experts wanted.
IN_MOTION = (S.ASKED, S.AWAITING_APPROVAL, S.APPROVED)
OPEN = (S.CHOSEN, S.ASKED, S.AWAITING_APPROVAL)
#: A youth keeps a 2nd and 3rd choice in reserve.
RESERVE_CHOICES = 2
MAX_REASON = 1000
MAX_MESSAGE = 2000

Recipient = Literal["requester", "peer_expert"]


def status_path(proposal_id: int) -> str:
    return f"/matches/{proposal_id}"


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
    return accounts.coordinates_any(user, {proposal.profile.organisation_id})


def may_view(session: Session, proposal: MatchProposal, user: User) -> bool:
    """The people in the match, the approving organisation's coordinators and those of the
    youth's own organisation; nobody else. A request without an organisation must not open
    its matches to every coordinator (``matching.may_coordinate_request`` lets any of them
    help find candidates, which is a different thing). The private decline reason is for
    the approving organisation only (see ``views.view``)."""
    request_org = proposal.request.organisation_id
    return (
        requests_service.may_manage(session, proposal.request, user)
        or is_peer_expert_of(proposal, user)
        or is_approver_of(proposal, user)
        or (request_org is not None and accounts.coordinates_any(user, {request_org}))
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
