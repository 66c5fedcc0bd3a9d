"""Small builders for dashboard and request-card tests: proposals and sessions in a state."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.models import (
    Booking,
    BookingParticipant,
    ContactRequest,
    Feedback,
    MatchProposal,
    PeerExpertProfile,
)
from peermatch.models.enums import BookingStatus, ParticipantRole, ProposalStatus
from tests.integration.matches.builders import NOW


def proposal(
    session: Session,
    request: ContactRequest,
    profile: PeerExpertProfile,
    status: ProposalStatus = ProposalStatus.ASKED,
    *,
    respond_by: dt.datetime | None = None,
    **kw: object,
) -> MatchProposal:
    made = MatchProposal(
        request_id=request.id,
        profile_id=profile.id,
        status=status,
        asked_at=NOW - dt.timedelta(hours=2),
        respond_by=respond_by or NOW + dt.timedelta(days=2),
        responded_at=NOW - dt.timedelta(hours=1),
        created_at=NOW - dt.timedelta(hours=2),
        **kw,
    )
    session.add(made)
    session.flush()
    return made


def session_of(
    session: Session,
    match: MatchProposal,
    status: BookingStatus = BookingStatus.CONFIRMED,
    *,
    starts_at: dt.datetime | None = None,
) -> Booking:
    """A session of ``match`` with both sides as participants."""
    start = starts_at or NOW + dt.timedelta(days=3)
    booking = Booking(
        proposal_id=match.id, status=status, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    session.add(booking)
    session.flush()
    active = status in (BookingStatus.HELD, BookingStatus.CONFIRMED)
    session.add_all(
        [
            BookingParticipant(
                booking_id=booking.id,
                user_id=match.request.requester_id,
                role=ParticipantRole.YOUTH,
                block_start=booking.starts_at,
                block_end=booking.ends_at,
                active=active,
            ),
            BookingParticipant(
                booking_id=booking.id,
                user_id=match.profile.user_id,
                role=ParticipantRole.PEER_EXPERT,
                block_start=booking.starts_at,
                block_end=booking.ends_at,
                active=active,
            ),
        ]
    )
    session.flush()
    session.refresh(booking)
    return booking


def feedback_on(
    session: Session, booking: Booking, author_id: int, rating: int, comment: str | None = None
) -> Feedback:
    made = Feedback(
        booking_id=booking.id,
        author_id=author_id,
        author_role=ParticipantRole.YOUTH,
        rating=rating,
        comment=comment,
        created_at=NOW,
    )
    session.add(made)
    session.flush()
    return made
