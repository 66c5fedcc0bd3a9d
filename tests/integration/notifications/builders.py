"""Bookings built directly as rows (the booking service lives on another branch)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from peermatch.models import Booking, BookingParticipant, ContactRequest, MatchProposal, User
from peermatch.models.enums import (
    BookingStatus,
    ParticipantRole,
    ProposalStatus,
    RequestKind,
    RequestStatus,
    Role,
)
from tests.factories import make_peer_expert, make_user


def make_pair(session: Session, **youth_kw: Any) -> tuple[User, User, MatchProposal]:
    """A youth and a peer expert with an approved match between them."""
    youth = make_user(session, Role.YOUTH, **youth_kw)
    profile = make_peer_expert(session)
    request = ContactRequest(
        kind=RequestKind.YOUTH, status=RequestStatus.MATCHED, requester_id=youth.id
    )
    session.add(request)
    session.flush()
    proposal = MatchProposal(
        request_id=request.id, profile_id=profile.id, status=ProposalStatus.APPROVED
    )
    session.add(proposal)
    session.flush()
    peer = session.get(User, profile.user_id)
    assert peer is not None
    return youth, peer, proposal


def make_booking(
    session: Session,
    *,
    youth: User,
    peer: User,
    proposal: MatchProposal,
    starts_at: dt.datetime,
    minutes: int = 60,
    status: BookingStatus = BookingStatus.CONFIRMED,
    **kw: Any,
) -> Booking:
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    booking = Booking(
        proposal_id=proposal.id,
        status=status,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=kw.pop("mode", "video"),
        **kw,
    )
    # Only held or confirmed sessions block (PostgreSQL refuses overlapping active ones).
    active = status in (BookingStatus.HELD, BookingStatus.CONFIRMED)
    booking.participants = [
        BookingParticipant(
            user_id=user.id, role=role, block_start=starts_at, block_end=ends_at, active=active
        )
        for user, role in ((youth, ParticipantRole.YOUTH), (peer, ParticipantRole.PEER_EXPERT))
    ]
    session.add(booking)
    session.flush()
    return booking


def reschedule(session: Session, booking: Booking, starts_at: dt.datetime) -> None:
    """What the booking service does on a new time: move it and bump the iCalendar SEQUENCE."""
    length = booking.ends_at - booking.starts_at
    booking.starts_at = starts_at
    booking.ends_at = starts_at + length
    for participant in booking.participants:
        participant.block_start = starts_at
        participant.block_end = starts_at + length
    booking.sequence += 1
    session.flush()
