"""The peer expert's request cards: enough to tell requests apart, nothing more.

A card names only the topics the peer expert shares AND has chosen to use for this age
group (the disclosure rule in ``services.disclosure``), the youth-or-team marker, an age
band (never an exact age), how they want to meet and the deadline; the youth's first name
only once the peer expert said yes. Everything comes from one bounded set of statements,
however many requests there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from peermatch.models import (
    ContactRequest,
    MatchProposal,
    PeerExpertProfile,
    ProfileDomain,
    User,
)
from peermatch.models.enums import Audience, RequestKind
from peermatch.services import disclosure, matching
from peermatch.services.proposals.access import S

#: Statuses in which the peer expert has said yes: from then on the first name is theirs to see.
ACCEPTED = (S.AWAITING_APPROVAL, S.APPROVED)
SHOWN_STATUSES = (S.ASKED, *ACCEPTED)


@dataclass(frozen=True, slots=True)
class RequestCard:
    proposal: MatchProposal
    is_team: bool
    audience: Audience
    topic_ids: list[int]
    modes: list[str]
    respond_by: dt.datetime | None
    first_name: str | None

    @property
    def is_open(self) -> bool:
        return self.proposal.status is S.ASKED


def _shared_topics(
    profile: PeerExpertProfile, request: ContactRequest, audience: Audience
) -> list[int]:
    """Request topics this peer expert shares and uses for this audience; a topic asked for
    at the parent level counts when the peer expert shares one of its sub-topics."""
    usable = [
        entry
        for entry in profile.domains
        if disclosure.entry_usable(entry, audience, profile.audiences)
    ]
    found: list[int] = []
    for asked in request.domains:
        for entry in usable:
            shares = asked.domain_id in (entry.domain_id, entry.domain.parent_id)
            if shares and entry.domain_id not in found:
                found.append(entry.domain_id)
    return found


def request_cards(session: Session, user: User, *, now: dt.datetime) -> list[RequestCard]:
    """The peer expert's open and accepted requests, the one to answer soonest first."""
    profile = session.scalar(
        select(PeerExpertProfile)
        .where(PeerExpertProfile.user_id == user.id)
        .options(selectinload(PeerExpertProfile.domains).joinedload(ProfileDomain.domain))
    )
    if profile is None:
        return []
    proposals = session.scalars(
        select(MatchProposal)
        .where(MatchProposal.profile_id == profile.id, MatchProposal.status.in_(SHOWN_STATUSES))
        .options(
            joinedload(MatchProposal.request).joinedload(ContactRequest.requester),
            joinedload(MatchProposal.request).selectinload(ContactRequest.domains),
        )
        .order_by(MatchProposal.respond_by, MatchProposal.id)
    ).unique()
    cards = []
    for p in proposals:
        request = p.request
        audience = Audience(matching.audience_of(request, now))
        name = None
        if p.status in ACCEPTED and request.kind is RequestKind.YOUTH:
            name = (request.requester.display_name or "").split(" ")[0]
        cards.append(
            RequestCard(
                proposal=p,
                is_team=request.kind is RequestKind.TEAM,
                audience=audience,
                topic_ids=_shared_topics(profile, request, audience),
                modes=list(request.modes or []),
                respond_by=p.respond_by,
                first_name=name,
            )
        )
    return sorted(cards, key=lambda c: not c.is_open)  # stable: deadlines stay in order
