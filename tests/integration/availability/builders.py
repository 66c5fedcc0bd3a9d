"""Availability test data: a peer expert with weekly windows, and a booking that blocks time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from peermatch.models import (
    AvailabilityRule,
    Booking,
    BookingParticipant,
    ContactRequest,
    MatchProposal,
    PeerExpertProfile,
)
from peermatch.models.enums import (
    BookingStatus,
    ParticipantRole,
    ProposalStatus,
    RequestKind,
    RequestStatus,
    Role,
)
from tests.factories import make_peer_expert, make_user

UTC = dt.UTC


def peer_with_windows(
    session: Session,
    windows: tuple[tuple[int, str, str], ...] = (),
    *,
    time_zone: str = "Europe/Amsterdam",
    **profile_kw: Any,
) -> PeerExpertProfile:
    profile_kw.setdefault("min_notice_hours", 0)
    profile_kw.setdefault("buffer_before_minutes", 0)
    profile_kw.setdefault("buffer_after_minutes", 0)
    profile_kw.setdefault("session_lengths", [60])
    profile_kw.setdefault("max_sessions_per_week", None)
    profile = make_peer_expert(session, **profile_kw)
    profile.user.time_zone = time_zone
    for weekday, start, end in windows:
        session.add(
            AvailabilityRule(
                profile_id=profile.id,
                weekday=weekday,
                start_time=dt.time.fromisoformat(start),
                end_time=dt.time.fromisoformat(end),
            )
        )
    session.flush()
    session.expire(profile, ["availability_rules"])
    return profile


def book(
    session: Session,
    profile: PeerExpertProfile,
    start: dt.datetime,
    end: dt.datetime,
    *,
    status: BookingStatus = BookingStatus.CONFIRMED,
    buffer_minutes: int = 0,
) -> Booking:
    """A session of this peer expert with a youth; the participant block includes buffers."""
    youth = make_user(session, Role.YOUTH)
    request = ContactRequest(
        requester_id=youth.id, kind=RequestKind.YOUTH, status=RequestStatus.OPEN
    )
    session.add(request)
    session.flush()
    proposal = MatchProposal(
        request_id=request.id, profile_id=profile.id, status=ProposalStatus.APPROVED
    )
    session.add(proposal)
    session.flush()
    booking = Booking(proposal_id=proposal.id, status=status, starts_at=start, ends_at=end)
    session.add(booking)
    session.flush()
    pad = dt.timedelta(minutes=buffer_minutes)
    for user_id, role in (
        (profile.user_id, ParticipantRole.PEER_EXPERT),
        (youth.id, ParticipantRole.YOUTH),
    ):
        session.add(
            BookingParticipant(
                booking_id=booking.id,
                user_id=user_id,
                role=role,
                block_start=start - pad,
                block_end=end + pad,
                # Only held or confirmed sessions block (as the booking service keeps them),
                # so PostgreSQL's no-overlap constraint accepts a cancelled one at that time.
                active=status in (BookingStatus.HELD, BookingStatus.CONFIRMED),
            )
        )
    session.flush()
    return booking
