"""Writing a machine decision to the database: the booking row, its seats and its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from peermatch.booking import ACTIVE_STATES, Decision, ParticipantResponse, SessionState, TimeSlot
from peermatch.models import Booking, BookingEvent, BookingParticipant, User
from peermatch.models.enums import BookingStatus, ParticipantRole
from peermatch.services import safeguarding
from peermatch.services.booking_errors import SlotTaken
from peermatch.services.bookings.context import Match, Seat, _duration, planned_mode
from peermatch.services.bookings.slots import _next_free
from peermatch.services.organisation_settings import new_room_url


def _blocks(seat: Seat, start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return start - seat.before, end + seat.after


def _seat_of(match: Match, user_id: int) -> Seat:
    return next(s for s in match.seats if s.user.id == user_id)


def _clashes(
    session: Session, booking_id: int | None, claims: Sequence[tuple[int, dt.datetime, dt.datetime]]
) -> bool:
    for user_id, start, end in claims:
        query = select(BookingParticipant.id).where(
            BookingParticipant.user_id == user_id,
            BookingParticipant.active.is_(True),
            BookingParticipant.block_start < end,
            BookingParticipant.block_end > start,
        )
        if booking_id is not None:
            query = query.where(BookingParticipant.booking_id != booking_id)
        if session.scalar(query.limit(1)) is not None:
            return True
    return False


def _event(
    booking: Booking,
    *,
    action: str,
    previous: BookingStatus | None,
    actor: User | None,
    now: dt.datetime,
    details: dict[str, object] | None = None,
) -> None:
    booking.events.append(
        BookingEvent(
            actor_id=actor.id if actor else None,
            action=action,
            from_status=previous.value if previous else None,
            to_status=booking.status.value,
            details=details or {},
            at=now,
        )
    )


def _apply(booking: Booking, decision: Decision, match: Match) -> None:
    """Write the machine's decision onto the row (in memory; the caller flushes)."""
    booking.status = BookingStatus(decision.new_state.value)
    booking.sequence = decision.sequence
    if decision.slot is not None:
        booking.starts_at, booking.ends_at = decision.slot.start, decision.slot.end
    if decision.new_state is SessionState.REQUESTED:
        booking.proposed_times = [
            p.start.astimezone(dt.UTC).isoformat() for p in decision.proposals
        ]
        first = decision.proposals[0]
        booking.starts_at, booking.ends_at = first.start, first.end
    booking.held_until = (
        decision.hold_expires_at if decision.new_state is SessionState.HELD else None
    )
    if decision.new_state is SessionState.CANCELLED:
        booking.cancelled_late = decision.late
        booking.cancel_reason = decision.reason
    if decision.no_show_side is not None:
        booking.no_show_side = decision.no_show_side.value
    active = decision.new_state in ACTIVE_STATES
    for part in booking.participants:
        seat = _seat_of(match, part.user_id)
        part.block_start, part.block_end = _blocks(seat, booking.starts_at, booking.ends_at)
        part.active = active and part.response != ParticipantResponse.DECLINED.value


def _claim(
    session: Session,
    booking: Booking,
    decision: Decision,
    match: Match,
    *,
    now: dt.datetime,
    is_new: bool = False,
) -> None:
    """Persist a decision; when it makes the session active, the database has the last word.

    Everything earlier is flushed first, so the savepoint holds only this change: a refused
    insert rolls back to it and the transaction stays usable for offering other times.
    """
    if decision.new_state in ACTIVE_STATES or decision.new_state is SessionState.REQUESTED:
        times = decision.proposals if decision.new_state is SessionState.REQUESTED else ()
        slot = decision.slot or TimeSlot(booking.starts_at, booking.ends_at)
        safeguarding.refuse_uncovered(match, times or (slot,), now=now)
    minutes = int(_duration(booking).total_seconds() // 60) if not is_new else 0
    if decision.slot is not None:
        minutes = int((decision.slot.end - decision.slot.start).total_seconds() // 60)
    if decision.new_state in ACTIVE_STATES and decision.slot is not None:
        claims = [
            (
                p.user_id,
                *_blocks(_seat_of(match, p.user_id), decision.slot.start, decision.slot.end),
            )
            for p in booking.participants
            if p.response != ParticipantResponse.DECLINED.value
        ]
        if _clashes(session, None if is_new else booking.id, claims):
            raise SlotTaken(_next_free(session, match, now=now, minutes=minutes))
    if not is_new:
        session.flush()
    try:
        with session.begin_nested():
            if is_new:
                session.add(booking)
            _apply(booking, decision, match)
            session.flush()
    except IntegrityError:
        if is_new:
            session.expunge(booking) if booking in session else None
        raise SlotTaken(_next_free(session, match, now=now, minutes=minutes)) from None


def _new_booking(match: Match, actor_user: User, start: dt.datetime, end: dt.datetime) -> Booking:
    profile = match.proposal.profile
    booking = Booking(
        proposal_id=match.proposal.id,
        status=BookingStatus.REQUESTED,
        starts_at=start,
        ends_at=end,
        mode=planned_mode(match),
        meeting_details=profile.meeting_details,
        proposed_times=[],
        proposed_by_id=actor_user.id,
        sequence=0,
    )
    organisation = match.organisation
    if booking.mode == "video" and organisation is not None and organisation.video_base_url:
        booking.video_room_url = new_room_url(organisation.video_base_url)
    for seat in match.seats:
        block_start, block_end = _blocks(seat, start, end)
        pending = seat.role is ParticipantRole.PEER_EXPERT and match.is_team_session
        booking.participants.append(
            BookingParticipant(
                user_id=seat.user.id,
                role=seat.role,
                response=ParticipantResponse.PENDING.value if pending else "accepted",
                block_start=block_start,
                block_end=block_end,
                active=False,
            )
        )
    return booking
