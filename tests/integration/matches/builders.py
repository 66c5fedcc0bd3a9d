"""Builders for matching-service tests: peer experts with free time, open requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from peermatch.models import (
    AvailabilityRule,
    Booking,
    ContactRequest,
    Feedback,
    MatchProposal,
    Organisation,
    PeerExpertProfile,
    RequestDomain,
    User,
)
from peermatch.models.enums import (
    BookingStatus,
    DomainVisibility,
    Importance,
    ParticipantRole,
    ProposalStatus,
    RequestKind,
    RequestStatus,
    Role,
)
from peermatch.services.audit import Origin
from tests.factories import add_entry, domain, make_organisation, make_peer_expert, make_user

# A Monday at noon (UTC) in late November.
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
ORIGIN = Origin(ip_address="127.0.0.1", channel="test")


def youth(session: Session, age: int = 17, **kw: Any) -> User:
    """A youth whose younger possible age this year is ``age``."""
    return make_user(session, Role.YOUTH, birth_year=NOW.year - age - 1, **kw)


def peer(
    session: Session,
    org: Organisation | None = None,
    *,
    slug: str = "anxiety",
    name: str | None = None,
    audiences: list[str] | None = None,
    entry_audiences: list[str] | None = None,
    visibility: DomainVisibility = DomainVisibility.CANDIDATE_VIEWERS,
    text: str | None = "Wat mij hielp was ademhalen.",
    free: bool = True,
    **kw: Any,
) -> PeerExpertProfile:
    """An active peer expert with one experience and free time every day 10-20h."""
    profile = make_peer_expert(
        session,
        org,
        audiences=audiences or ["youth_12_15", "youth_16_17", "adult_18_plus", "team"],
        introduction=kw.pop("introduction", "Ik denk graag met je mee."),
        pronouns=kw.pop("pronouns", "zij/haar"),
        **kw,
    )
    if name:
        profile.user.display_name = name
    add_entry(session, profile, slug, text=text, visibility=visibility, audiences=entry_audiences)
    if free:
        for weekday in range(7):
            session.add(
                AvailabilityRule(
                    profile_id=profile.id,
                    weekday=weekday,
                    start_time=dt.time(10),
                    end_time=dt.time(20),
                )
            )
    session.flush()
    session.expire(profile, ["availability_rules"])
    return profile


def open_request(
    session: Session,
    requester: User,
    *,
    slugs: tuple[str, ...] = ("anxiety",),
    kind: RequestKind = RequestKind.YOUTH,
    **kw: Any,
) -> ContactRequest:
    request = ContactRequest(
        kind=kind,
        status=RequestStatus.OPEN,
        requester_id=requester.id,
        own_words=kw.pop("own_words", "Ik slaap slecht sinds de verhuizing."),
        hopes=["few_talks"],
        languages=kw.pop("languages", ["nl"]),
        modes=kw.pop("modes", ["video"]),
        time_preferences=kw.pop("time_preferences", {"weekly": [], "windows": []}),
        submitted_at=NOW - dt.timedelta(hours=1),
        **kw,
    )
    session.add(request)
    session.flush()
    for slug in slugs:
        session.add(
            RequestDomain(
                request_id=request.id,
                domain_id=domain(session, slug).id,
                importance=Importance.MOST,
            )
        )
    session.flush()
    session.refresh(request)
    return request


def team_request(
    session: Session, member: User, team_id: int, org: Organisation, **kw: Any
) -> ContactRequest:
    return open_request(
        session,
        member,
        kind=RequestKind.TEAM,
        team_id=team_id,
        organisation_id=org.id,
        purpose="intervision",
        **kw,
    )


def met_before(
    session: Session,
    request: ContactRequest,
    profile: PeerExpertProfile,
    *,
    author: User,
    rating: int = 5,
    do_not_match_again: bool = False,
) -> Feedback:
    """An earlier, finished match with one session and feedback from ``author``."""
    earlier = ContactRequest(
        kind=request.kind,
        status=RequestStatus.CLOSED,
        requester_id=request.requester_id,
    )
    session.add(earlier)
    session.flush()
    proposal = MatchProposal(
        request_id=earlier.id,
        profile_id=profile.id,
        status=ProposalStatus.CLOSED,
        created_at=NOW - dt.timedelta(days=90),
    )
    session.add(proposal)
    session.flush()
    start = NOW - dt.timedelta(days=60)
    booking = Booking(
        proposal_id=proposal.id,
        status=BookingStatus.COMPLETED,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    session.add(booking)
    session.flush()
    feedback = Feedback(
        booking_id=booking.id,
        author_id=author.id,
        author_role=ParticipantRole.YOUTH
        if author.id == request.requester_id
        else ParticipantRole.PEER_EXPERT,
        rating=rating,
        do_not_match_again=do_not_match_again,
    )
    session.add(feedback)
    session.flush()
    return feedback


__all__ = ["NOW", "ORIGIN", "make_organisation", "met_before", "open_request", "peer", "youth"]
