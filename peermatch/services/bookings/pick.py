"""Booking a free slot directly (the pick page)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.availability import Interval
from peermatch.booking import Action, SessionFacts, SessionState, Side, TimeSlot, side_of
from peermatch.db import lock_for_write
from peermatch.models import Booking, User
from peermatch.services import audit, availability, safeguarding
from peermatch.services.booking_errors import SlotTaken
from peermatch.services.bookings.context import (
    NEXT_FREE_SHOWN,
    _decide,
    _next_session_number,
    _open_match,
)
from peermatch.services.bookings.notify import _after_change
from peermatch.services.bookings.persistence import _blocks, _claim, _clashes, _event, _new_booking
from peermatch.services.bookings.slots import _free_for_match, _session_minutes
from peermatch.services.errors import Forbidden, InvalidInput


def _as_slot(start: dt.datetime, minutes: int) -> TimeSlot:
    if start.tzinfo is None:
        raise InvalidInput("booking.error.time_invalid")
    start = start.astimezone(dt.UTC)
    return TimeSlot(start, start + dt.timedelta(minutes=minutes))


def book_slot(
    session: Session,
    proposal_id: int,
    user: User,
    *,
    start: dt.datetime,
    now: dt.datetime,
    session_minutes: int | None = None,
    origin: audit.Origin = audit.SYSTEM,
) -> Booking:
    """The requester picks one of the peer expert's free slots.

    A free slot is the peer expert's standing offer, so picking it is accepting a proposed
    time: the machine resolves it to ``held`` (approval needed) or ``confirmed``. A team
    session with several peer experts instead asks each of them to confirm the time.
    """
    lock_for_write(session)
    match, actor = _open_match(session, proposal_id, user)
    if side_of(actor) is not Side.YOUTH:
        raise Forbidden("booking.error.requester_only")
    minutes = _session_minutes(match, session_minutes)
    slot = _as_slot(start, minutes)
    safeguarding.refuse_uncovered(match, [slot], now=now)
    # Before reading their sessions: a concurrent booking's daily/weekly count is settled.
    availability.lock_peer_experts(session, [p.id for p in match.profiles])
    number = _next_session_number(session, match)
    offered = _free_for_match(session, match, now=now, minutes=minutes)
    if Interval(slot.start, slot.end) not in offered:
        blocked = _clashes(
            session,
            None,
            [(s.user.id, *_blocks(s, slot.start, slot.end)) for s in match.seats],
        )
        if blocked:
            raise SlotTaken(offered[:NEXT_FREE_SHOWN])
        if availability.full_day_for(session, [p.id for p in match.profiles], slot.start, now=now):
            raise InvalidInput("booking.error.day_full")
        raise InvalidInput("booking.error.not_a_free_slot")
    booking = _new_booking(match, user, slot.start, slot.end)
    if match.is_team_session:
        decision = _decide(
            None,
            Action.PROPOSE_TIMES,
            actor,
            match,
            now=now,
            facts=SessionFacts(session_number=number),
            proposals=[slot],
        )
        action = "propose_times"
    else:
        facts = SessionFacts(session_number=number, proposals=(slot,), awaiting=Side.YOUTH)
        decision = _decide(
            SessionState.REQUESTED,
            Action.ACCEPT_TIME,
            actor,
            match,
            now=now,
            facts=facts,
            slot=slot,
        )
        action = "book_slot"
    _claim(session, booking, decision, match, now=now, is_new=True)
    _event(
        booking,
        action=action,
        previous=None,
        actor=user,
        now=now,
        details={"start": slot.start.isoformat()},
    )
    session.flush()
    audit.record(
        session,
        "booking.book_slot",
        actor_id=user.id,
        origin=origin,
        subject_type="booking",
        subject_id=booking.id,
    )
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking
