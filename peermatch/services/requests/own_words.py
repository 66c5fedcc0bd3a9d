"""Own words (a youth's, or a team's notes), read only through one checked and access-logged
function."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, MatchProposal, PeerExpertProfile, User
from peermatch.models.enums import RequestKind
from peermatch.services import access_log, accounts, audit
from peermatch.services.requests.access import may_manage
from peermatch.services.requests.inputs import ACCEPTED_PROPOSAL_STATUSES


def _reader_context(
    session: Session, request: ContactRequest, viewer: User
) -> tuple[str, int | None] | None:
    """In which capacity (and for which organisation) this viewer may read; None: not at all."""
    if request.kind is RequestKind.TEAM and may_manage(session, request, viewer):
        return "team_member", request.organisation_id  # a colleague on the same team
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
        shared = coordinated & {i for i in involved if i is not None}
        if shared:
            org = request.organisation_id if request.organisation_id in shared else min(shared)
            return "coordinator", org
    accepted_org = session.execute(
        select(PeerExpertProfile.organisation_id)
        .join(MatchProposal, MatchProposal.profile_id == PeerExpertProfile.id)
        .where(
            MatchProposal.request_id == request.id,
            PeerExpertProfile.user_id == viewer.id,
            MatchProposal.status.in_(ACCEPTED_PROPOSAL_STATUSES),
        )
        .limit(1)
    ).first()
    if accepted_org is None:
        return None
    return "peer_expert", accepted_org[0]


def may_read_own_words(session: Session, request: ContactRequest, viewer: User) -> bool:
    """Whether ``read_own_words`` would hand them out (without reading or logging)."""
    return request.requester_id == viewer.id or (
        _reader_context(session, request, viewer) is not None
    )


def read_own_words(
    session: Session,
    request: ContactRequest,
    viewer: User,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> str | None:
    """THE way to read a youth's own words; every read by someone else goes in the access log.

    Who may read: the youth; a coordinator of the organisation involved (the referring
    organisation or that of a peer expert with a proposal on it); a peer expert whose
    proposal was accepted; for a team request, the members of that team. Everyone else gets
    None. Call it only where the words are then displayed: the log entry says they were seen.
    """
    if request.requester_id == viewer.id:
        return request.own_words
    if request.own_words is None:
        return None
    context = _reader_context(session, request, viewer)
    if context is None:
        return None
    role, organisation_id = context
    access_log.record(
        session,
        reader=viewer,
        reader_role=role,
        subject_id=request.requester_id,
        organisation_id=organisation_id,
        kind=access_log.OWN_WORDS,
        record_type="contact_request",
        record_id=request.id,
        origin=origin,
        now=now,
    )
    return request.own_words
