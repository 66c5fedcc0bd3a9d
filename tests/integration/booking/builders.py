"""Approved matches ready to book, built directly (the proposals flow is another feature)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from peermatch.models import (
    AvailabilityRule,
    ContactRequest,
    MatchProposal,
    Organisation,
    PeerExpertProfile,
    User,
)
from peermatch.models.enums import ProposalStatus, RequestKind, RequestStatus, Role
from tests.factories import make_coordinator, make_organisation, make_peer_expert, make_user

# A Monday well in the future, so notice and horizon rules leave room.
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def with_week_availability(
    session: Session,
    profile: PeerExpertProfile,
    *,
    start: dt.time = dt.time(9),
    end: dt.time = dt.time(17),
    weekdays: range = range(7),
) -> PeerExpertProfile:
    for weekday in weekdays:
        session.add(
            AvailabilityRule(profile_id=profile.id, weekday=weekday, start_time=start, end_time=end)
        )
    session.flush()
    session.refresh(profile)
    return profile


def peer_expert(session: Session, org: Organisation, **kw: Any) -> PeerExpertProfile:
    kw.setdefault("min_notice_hours", 24)
    kw.setdefault("max_sessions_per_week", 20)
    kw.setdefault("meeting_details", "https://meet.example.org/room-42")
    profile = make_peer_expert(session, org, **kw)
    return with_week_availability(session, profile)


def approved_match(
    session: Session,
    profile: PeerExpertProfile,
    requester: User | None = None,
    *,
    kind: RequestKind = RequestKind.YOUTH,
    time_preferences: dict[str, Any] | None = None,
    team_id: int | None = None,
    peer_experts_wanted: int = 1,
    max_sessions: int | None = None,
) -> MatchProposal:
    requester = requester or make_user(session, Role.YOUTH)
    request = ContactRequest(
        kind=kind,
        status=RequestStatus.MATCHED,
        requester_id=requester.id,
        organisation_id=profile.organisation_id,
        team_id=team_id,
        time_preferences=time_preferences or {},
        peer_experts_wanted=peer_experts_wanted,
        modes=["video"],
    )
    session.add(request)
    session.flush()
    return approve(session, request, profile, max_sessions=max_sessions)


def approve(
    session: Session,
    request: ContactRequest,
    profile: PeerExpertProfile,
    *,
    max_sessions: int | None = None,
) -> MatchProposal:
    proposal = MatchProposal(
        request_id=request.id,
        profile_id=profile.id,
        status=ProposalStatus.APPROVED,
        max_sessions=max_sessions,
        decided_at=NOW,
    )
    session.add(proposal)
    session.flush()
    return proposal


@dataclass
class World:
    org: Organisation
    coordinator: User
    profile: PeerExpertProfile
    youth: User
    proposal: MatchProposal

    @property
    def peer(self) -> User:
        return self.profile.user


def world(session: Session, **org_kw: Any) -> World:
    org = make_organisation(session, **org_kw)
    coordinator = make_coordinator(session, org)
    profile = peer_expert(session, org)
    youth = make_user(session, Role.YOUTH)
    proposal = approved_match(session, profile, youth)
    return World(org, coordinator, profile, youth, proposal)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A UTC moment in the week after NOW (day 0 = Wednesday 25 November 2026)."""
    return dt.datetime(2026, 11, 25, hour, minute, tzinfo=dt.UTC) + dt.timedelta(days=day)
