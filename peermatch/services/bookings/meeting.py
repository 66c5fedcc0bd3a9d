"""Meeting details (address, video link) that the participants may edit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.booking import Actor
from peermatch.models import Booking, User
from peermatch.models.enums import BookingStatus
from peermatch.services import audit
from peermatch.services.booking_errors import BookingRefused
from peermatch.services.bookings.context import _booking_match
from peermatch.services.bookings.notify import _tell
from peermatch.services.bookings.persistence import _event
from peermatch.services.errors import Forbidden, InvalidInput

MEETING_DETAILS_MAX = 1000
_OPEN_STATUSES = frozenset({BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.CONFIRMED})


def may_edit_meeting_details(booking: Booking, actor: Actor) -> bool:
    """The peer expert arranges how to meet (a coordinator may help); only while the
    session is still ahead."""
    return actor in (Actor.PEER_EXPERT, Actor.COORDINATOR) and booking.status in _OPEN_STATUSES


def update_meeting_details(
    session: Session,
    booking_id: int,
    user: User,
    *,
    details: str | None,
    now: dt.datetime,
    origin: audit.Origin = audit.SYSTEM,
) -> Booking:
    """Set how this session meets (a video link, an address). Participants are told in the
    app that it changed; the text itself is shown only on the session page, never emailed."""
    booking, match, actor = _booking_match(session, booking_id, user)
    if actor not in (Actor.PEER_EXPERT, Actor.COORDINATOR):
        raise Forbidden("booking.error.meeting_details_peer_only")
    if booking.status not in _OPEN_STATUSES:
        raise BookingRefused("booking.error.meeting_details_closed")
    text = (details or "").strip() or None
    if text is not None and len(text) > MEETING_DETAILS_MAX:
        raise InvalidInput("booking.error.meeting_details_too_long", max=MEETING_DETAILS_MAX)
    if text == booking.meeting_details:
        return booking
    booking.meeting_details = text
    _event(booking, action="meeting_details", previous=booking.status, actor=user, now=now)
    session.flush()
    audit.record(
        session,
        "booking.meeting_details",
        actor_id=user.id,
        origin=origin,
        subject_type="booking",
        subject_id=booking.id,
    )
    _tell(session, booking, match, "meeting_details_changed", now=now, skip=user, email=False)
    return booking
