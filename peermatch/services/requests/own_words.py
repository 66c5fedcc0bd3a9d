"""Own words (a youth's, or a team's notes), read only through one checked and audited function."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, MatchProposal, PeerExpertProfile, User
from peermatch.models.enums import RequestKind
from peermatch.services import accounts, audit
from peermatch.services.requests.access import may_manage
from peermatch.services.requests.inputs import ACCEPTED_PROPOSAL_STATUSES


def _may_read_own_words(session: Session, request: ContactRequest, viewer: User) -> bool:
    if request.kind is RequestKind.TEAM and may_manage(session, request, viewer):
        return True  # a colleague on the same team
    coordinated = accounts.coordinator_organisation_ids(viewer)
    if coordinated:
        involved = set(
            session.scalars(
                select(PeerExpertProfile.organisation_id)
                .join(MatchProposal, MatchProposal.profile_id == PeerExpertProfile.id)
                .where(
                    MatchProposal.request_id == request.id,
                    PeerExpertProfile.organisation_id.is_not(None),
                )
            )
        )
        if request.organisation_id is not None:
            involved.add(request.organisation_id)
        if coordinated & {i for i in involved if i is not None}:
            return True
    accepted = session.scalar(
        select(func.count())
        .select_from(MatchProposal)
        .join(PeerExpertProfile, MatchProposal.profile_id == PeerExpertProfile.id)
        .where(
            MatchProposal.request_id == request.id,
            PeerExpertProfile.user_id == viewer.id,
            MatchProposal.status.in_(ACCEPTED_PROPOSAL_STATUSES),
        )
    )
    return bool(accepted)


def read_own_words(
    session: Session,
    request: ContactRequest,
    viewer: User,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> str | None:
    """THE way to read a youth's own words; every read by someone else is audited.

    Who may read: the youth; a coordinator of the organisation involved (the referring
    organisation or that of a peer expert with a proposal on it); a peer expert whose
    proposal was accepted; for a team request, the members of that team. Everyone else
    gets None.
    """
    if request.requester_id == viewer.id:
        return request.own_words
    if request.own_words is None or not _may_read_own_words(session, request, viewer):
        return None
    event = audit.record(
        session,
        "request.own_words_viewed",
        actor_id=viewer.id,
        origin=origin,
        subject_type="contact_request",
        subject_id=request.id,
    )
    event.at = now
    session.flush()
    return request.own_words
