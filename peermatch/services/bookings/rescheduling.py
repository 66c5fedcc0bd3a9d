"""Changing a booked session: move, cancel, complete, no-show."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.availability import Interval
from peermatch.booking import Action, SessionState, Side, TimeSlot
from peermatch.db import lock_for_write
from peermatch.models import Booking, User
from peermatch.services import safeguarding
from peermatch.services.booking_errors import SlotTaken
from peermatch.services.bookings.context import (
    NEXT_FREE_SHOWN,
    _booking_match,
    _decide,
    _duration,
    _facts,
)
from peermatch.services.bookings.notify import _after_change
from peermatch.services.bookings.persistence import _blocks, _claim, _clashes, _event
from peermatch.services.bookings.pick import _as_slot
from peermatch.services.bookings.slots import slots_for_booking
from peermatch.services.errors import InvalidInput


def reschedule(
    session: Session, booking_id: int, user: User, *, start: dt.datetime, now: dt.datetime
) -> Booking:
    """Move a confirmed session; it keeps its id, calendar uid and history. Under the
    organisation's policy it goes back to ``held`` for approval, whoever asks."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    slot = _as_slot(start, int(_duration(booking).total_seconds() // 60))
    safeguarding.refuse_uncovered(match, [slot], now=now)
    free = slots_for_booking(session, booking_id, user, now=now)
    if Interval(slot.start, slot.end) not in free and slot != TimeSlot(
        booking.starts_at, booking.ends_at
    ):
        blocked = _clashes(
            session,
            booking.id,
            [(s.user.id, *_blocks(s, slot.start, slot.end)) for s in match.seats],
        )
        if blocked:
            raise SlotTaken(free[:NEXT_FREE_SHOWN])
        raise InvalidInput("booking.error.not_a_free_slot")
    previous = booking.status
    old_start = booking.starts_at
    decision = _decide(
        SessionState(previous.value),
        Action.RESCHEDULE,
        actor,
        match,
        now=now,
        facts=_facts(session, booking, match),
        slot=slot,
    )
    _claim(session, booking, decision, match, now=now)
    _event(
        booking,
        action="reschedule",
        previous=previous,
        actor=user,
        now=now,
        details={
            "from": old_start.isoformat(),
            "to": slot.start.isoformat(),
            "late": decision.late,
        },
    )
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now, rescheduled=True)
    return booking


def cancel(
    session: Session, booking_id: int, user: User, *, reason: str, now: dt.datetime
) -> Booking:
    """Anyone involved may cancel with a reason; within the notice it is recorded as late."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    previous = booking.status
    decision = _decide(
        SessionState(previous.value),
        Action.CANCEL,
        actor,
        match,
        now=now,
        facts=_facts(session, booking, match),
        reason=reason,
    )
    _claim(session, booking, decision, match, now=now)
    booking.cancelled_by_id = user.id
    _event(
        booking,
        action="cancel",
        previous=previous,
        actor=user,
        now=now,
        details={"late": decision.late},
    )
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def complete(session: Session, booking_id: int, user: User, *, now: dt.datetime) -> Booking:
    """Mark a confirmed session as held; the last one of the trajectory invites both sides
    to a closing evaluation."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    previous = booking.status
    decision = _decide(
        SessionState(previous.value),
        Action.COMPLETE,
        actor,
        match,
        now=now,
        facts=_facts(session, booking, match),
    )
    _claim(session, booking, decision, match, now=now)
    _event(
        booking,
        action="complete",
        previous=previous,
        actor=user,
        now=now,
        details={"closing_evaluation": decision.closing_evaluation},
    )
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def mark_no_show(
    session: Session, booking_id: int, user: User, *, side: str, now: dt.datetime
) -> Booking:
    """Record that the other side did not come (never one's own side)."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    try:
        absent = Side(side)
    except ValueError:
        raise InvalidInput("booking.error.no_show_side_required") from None
    previous = booking.status
    decision = _decide(
        SessionState(previous.value),
        Action.MARK_NO_SHOW,
        actor,
        match,
        now=now,
        facts=_facts(session, booking, match),
        no_show_side=absent,
    )
    _claim(session, booking, decision, match, now=now)
    _event(
        booking,
        action="mark_no_show",
        previous=previous,
        actor=user,
        now=now,
        details={"side": absent.value},
    )
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking
