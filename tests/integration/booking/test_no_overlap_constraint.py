"""The database itself refuses two overlapping active blocks for one person (PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from peermatch.models import Booking, BookingParticipant
from peermatch.models.enums import BookingStatus, ParticipantRole
from tests.factories import make_organisation
from tests.integration.booking.builders import approved_match, at, peer_expert


def _booking(
    session: Session, proposal_id: int, user_id: int, start: dt.datetime, active: bool
) -> None:
    booking = Booking(
        proposal_id=proposal_id,
        status=BookingStatus.CONFIRMED if active else BookingStatus.CANCELLED,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    booking.participants.append(
        BookingParticipant(
            user_id=user_id,
            role=ParticipantRole.PEER_EXPERT,
            block_start=start - dt.timedelta(minutes=15),
            block_end=start + dt.timedelta(minutes=75),
            active=active,
        )
    )
    session.add(booking)
    session.flush()


def test_postgresql_refuses_overlapping_active_blocks_but_not_inactive_or_touching_ones(
    backend: str, db_session: Session
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has no exclusion constraints; the service locks instead")
    profile = peer_expert(db_session, make_organisation(db_session))
    proposal = approved_match(db_session, profile)
    _booking(db_session, proposal.id, profile.user_id, at(1, 10), active=True)
    _booking(db_session, proposal.id, profile.user_id, at(1, 10, 30), active=False)
    _booking(db_session, proposal.id, profile.user_id, at(1, 11, 30), active=True)  # touching
    with db_session.begin_nested(), pytest.raises(IntegrityError):
        _booking(db_session, proposal.id, profile.user_id, at(1, 10, 45), active=True)
