"""Proposing times, counter-proposing and accepting one of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from peermatch.availability import Interval
from peermatch.booking import (
    Action,
    Actor,
    ParticipantResponse,
    SessionFacts,
    SessionState,
    TimeSlot,
)
from peermatch.booking.timing import bookable_between
from peermatch.db import lock_for_write
from peermatch.models import Booking, User
from peermatch.models.enums import ParticipantRole
from peermatch.services import safeguarding
from peermatch.services.bookings.context import (
    Match,
    _booking_match,
    _decide,
    _duration,
    _facts,
    _next_session_number,
    _open_match,
)
from peermatch.services.bookings.notify import _after_change, _tell
from peermatch.services.bookings.persistence import _claim, _event, _new_booking
from peermatch.services.bookings.pick import _as_slot
from peermatch.services.bookings.slots import _session_minutes, slots_for_booking
from peermatch.services.bookings.team import _all_peers_accepted, _team_answer
from peermatch.services.errors import InvalidInput


def _within_notice_and_horizon(match: Match, slots: Sequence[TimeSlot], now: dt.datetime) -> None:
    """Proposed times obey every peer expert's notice and horizon, like picked slots do."""
    notice = max(p.min_notice_hours for p in match.profiles)
    weeks = min(p.horizon_weeks for p in match.profiles)
    earliest, horizon_end = bookable_between(now, min_notice_hours=notice, horizon_weeks=weeks)
    for slot in slots:
        if slot.start < earliest:
            raise InvalidInput("booking.error.too_soon", hours=notice)
        if slot.start >= horizon_end:
            raise InvalidInput("booking.error.too_far", weeks=max(1, weeks))


def propose_times(
    session: Session,
    proposal_id: int,
    user: User,
    *,
    starts: Sequence[dt.datetime],
    now: dt.datetime,
    session_minutes: int | None = None,
) -> Booking:
    """The requester proposes up to three times of their own for the peer expert to accept."""
    lock_for_write(session)
    match, actor = _open_match(session, proposal_id, user)
    minutes = _session_minutes(match, session_minutes)
    slots = [_as_slot(s, minutes) for s in starts]
    number = _next_session_number(session, match)
    decision = _decide(
        None,
        Action.PROPOSE_TIMES,
        actor,
        match,
        now=now,
        facts=SessionFacts(session_number=number),
        proposals=slots,
    )
    _within_notice_and_horizon(match, decision.proposals, now)
    booking = _new_booking(match, user, decision.proposals[0].start, decision.proposals[0].end)
    _claim(session, booking, decision, match, now=now, is_new=True)
    _event(
        booking,
        action="propose_times",
        previous=None,
        actor=user,
        now=now,
        details={"times": list(booking.proposed_times)},
    )
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def counter_propose(
    session: Session, booking_id: int, user: User, *, start: dt.datetime, now: dt.datetime
) -> Booking:
    """The side whose turn it is proposes another time; a peer expert offers one of their
    own free slots."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    slot = _as_slot(start, int(_duration(booking).total_seconds() // 60))
    safeguarding.refuse_uncovered(match, [slot], now=now)
    if actor is Actor.PEER_EXPERT:
        free = slots_for_booking(session, booking_id, user, now=now)
        if Interval(slot.start, slot.end) not in free:
            raise InvalidInput("booking.error.not_a_free_slot")
    previous = booking.status
    decision = _decide(
        SessionState(previous.value),
        Action.COUNTER_PROPOSE,
        actor,
        match,
        now=now,
        facts=_facts(session, booking, match),
        proposals=[slot],
    )
    _within_notice_and_horizon(match, [slot], now)
    booking.proposed_by_id = user.id
    _claim(session, booking, decision, match, now=now)
    if match.is_team_session:
        # A new time needs every remaining peer expert's own yes again (the proposer's is
        # given by proposing it), as ``peermatch.booking.team`` requires.
        for part in booking.participants:
            if part.role is ParticipantRole.PEER_EXPERT and part.response != "declined":
                accepted = part.user_id == user.id
                part.response = (
                    ParticipantResponse.ACCEPTED if accepted else ParticipantResponse.PENDING
                ).value
    _event(
        booking,
        action="counter_propose",
        previous=previous,
        actor=user,
        now=now,
        details={"times": list(booking.proposed_times)},
    )
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def accept_time(
    session: Session, booking_id: int, user: User, *, start: dt.datetime, now: dt.datetime
) -> Booking:
    """The side whose turn it is accepts one of the proposed times. In a team session each
    peer expert confirms for themselves; the time is taken once all remaining have."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    slot = _as_slot(start, int(_duration(booking).total_seconds() // 60))
    previous = booking.status
    facts = _facts(session, booking, match)
    if match.is_team_session and actor is Actor.PEER_EXPERT:
        return _team_answer(session, booking, match, user, slot, facts, accept=True, now=now)
    decision = _decide(
        SessionState(previous.value),
        Action.ACCEPT_TIME,
        actor,
        match,
        now=now,
        facts=facts,
        slot=slot,
    )
    if match.is_team_session and not _all_peers_accepted(booking):
        # The team said yes to a peer expert's time; the other peer experts still answer
        # for themselves before anything is booked.
        booking.proposed_times = [slot.start.isoformat()]
        booking.proposed_by_id = user.id
        _event(
            booking,
            action="accept_time",
            previous=previous,
            actor=user,
            now=now,
            details={"start": slot.start.isoformat(), "waiting_for_peer_experts": True},
        )
        session.flush()
        _tell(session, booking, match, "team_answer", now=now, skip=user, email=False)
        return booking
    _claim(session, booking, decision, match, now=now)
    _event(
        booking,
        action="accept_time",
        previous=previous,
        actor=user,
        now=now,
        details={"start": slot.start.isoformat()},
    )
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking
