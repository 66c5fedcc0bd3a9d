"""Team sessions and coordinator holds: every peer expert answers; a coordinator approves a hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.booking import (
    Action,
    Actor,
    BookingError,
    Invitation,
    ParticipantResponse,
    SessionFacts,
    SessionState,
    TeamOutcome,
    TimeSlot,
    respond,
    team_outcome,
)
from peermatch.db import lock_for_write
from peermatch.models import Booking, User
from peermatch.models.enums import BookingStatus, ParticipantRole
from peermatch.services import audit
from peermatch.services.booking_errors import BookingRefused, from_core
from peermatch.services.bookings.context import (
    Match,
    _booking_match,
    _decide,
    _facts,
    _load_match,
    coordinates,
)
from peermatch.services.bookings.notify import _after_change, _tell
from peermatch.services.bookings.persistence import _claim, _event
from peermatch.services.errors import Forbidden, InvalidInput


def _all_peers_accepted(booking: Booking) -> bool:
    peers = [p for p in booking.participants if p.role is ParticipantRole.PEER_EXPERT]
    invitations = tuple(Invitation(p.user_id, ParticipantResponse(p.response)) for p in peers)
    return team_outcome(invitations) is TeamOutcome.READY


def decline_team_session(
    session: Session, booking_id: int, user: User, *, now: dt.datetime
) -> Booking:
    """A peer expert invited to a team session says they cannot join."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    if not match.is_team_session or actor is not Actor.PEER_EXPERT:
        raise BookingRefused("booking.error.not_invited")
    facts = _facts(session, booking, match)
    slot = facts.proposals[0] if facts.proposals else TimeSlot(booking.starts_at, booking.ends_at)
    return _team_answer(session, booking, match, user, slot, facts, accept=False, now=now)


def _team_answer(
    session: Session,
    booking: Booking,
    match: Match,
    user: User,
    slot: TimeSlot,
    facts: SessionFacts,
    *,
    accept: bool,
    now: dt.datetime,
) -> Booking:
    if booking.status is not BookingStatus.REQUESTED:
        raise BookingRefused(
            "booking.error.illegal_transition", state=booking.status.value, action="accept_time"
        )
    peers = [p for p in booking.participants if p.role is ParticipantRole.PEER_EXPERT]
    invitations = tuple(Invitation(p.user_id, ParticipantResponse(p.response)) for p in peers)
    answer = ParticipantResponse.ACCEPTED if accept else ParticipantResponse.DECLINED
    if accept and slot not in facts.proposals:
        raise InvalidInput("booking.error.time_not_proposed")
    try:
        invitations = respond(invitations, user.id, answer)
    except BookingError as err:
        raise from_core(err) from err
    for part in peers:
        part.response = next(
            i.response.value for i in invitations if i.peer_expert_id == part.user_id
        )
    if accept and len(facts.proposals) > 1:
        # The first acceptance fixes the time the others answer to.
        booking.proposed_times = [slot.start.isoformat()]
        facts = replace(facts, proposals=(slot,))
    outcome = team_outcome(invitations)
    previous = booking.status
    _event(
        booking,
        action="accept_time" if accept else "decline",
        previous=previous,
        actor=user,
        now=now,
    )
    if outcome is TeamOutcome.WAITING:
        session.flush()
        _tell(session, booking, match, "team_answer", now=now, skip=user, email=False)
        return booking
    if outcome is TeamOutcome.NOBODY_LEFT:
        decision = _decide(
            SessionState.REQUESTED,
            Action.CANCEL,
            Actor.PEER_EXPERT,
            match,
            now=now,
            facts=facts,
            reason="nobody_left",
        )
    else:
        chosen = facts.proposals[0]
        decision = _decide(
            SessionState.REQUESTED,
            Action.ACCEPT_TIME,
            Actor.PEER_EXPERT,
            match,
            now=now,
            facts=facts,
            slot=chosen,
        )
    _claim(session, booking, decision, match, now=now)
    _event(booking, action=decision.action.value, previous=previous, actor=None, now=now)
    session.flush()
    _after_change(session, booking, match, decision, actor_user=None, now=now)
    return booking


def _coordinator_step(
    session: Session,
    booking_id: int,
    user: User,
    action: Action,
    *,
    now: dt.datetime,
    reason: str | None = None,
) -> Booking:
    lock_for_write(session)
    booking, match, _actor = _booking_match(session, booking_id, user)
    if not coordinates(user, match):
        raise Forbidden("booking.error.coordinator_only")
    previous = booking.status
    decision = _decide(
        SessionState(previous.value),
        action,
        Actor.COORDINATOR,
        match,
        now=now,
        facts=_facts(session, booking, match),
        reason=reason,
    )
    _claim(session, booking, decision, match, now=now)
    booking.cancelled_by_id = user.id if decision.new_state is SessionState.CANCELLED else None
    _event(booking, action=action.value, previous=previous, actor=user, now=now)
    session.flush()
    audit.record(
        session,
        f"booking.{action.value}",
        actor_id=user.id,
        subject_type="booking",
        subject_id=booking.id,
    )
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def approve_hold(session: Session, booking_id: int, user: User, *, now: dt.datetime) -> Booking:
    """A coordinator approves a held first session (or a held reschedule)."""
    return _coordinator_step(session, booking_id, user, Action.APPROVE_HOLD, now=now)


def reject_hold(
    session: Session, booking_id: int, user: User, *, now: dt.datetime, reason: str | None = None
) -> Booking:
    """A coordinator rejects a held session; the time is released at once."""
    return _coordinator_step(session, booking_id, user, Action.REJECT_HOLD, now=now, reason=reason)


def expire_holds(session: Session, now: dt.datetime) -> int:
    """Release holds nobody approved in time, and lapse requests nobody answered; both
    sides are told. Returns how many sessions were released."""
    lock_for_write(session)
    released = 0
    held = list(
        session.scalars(
            select(Booking).where(Booking.status == BookingStatus.HELD, Booking.held_until <= now)
        )
    )
    requested = list(
        session.scalars(select(Booking).where(Booking.status == BookingStatus.REQUESTED))
    )
    for booking, action in [(b, Action.EXPIRE_HOLD) for b in held] + [
        (b, Action.EXPIRE_REQUEST) for b in requested
    ]:
        match = _load_match(session, booking.proposal)
        facts = _facts(session, booking, match)
        if action is Action.EXPIRE_REQUEST and (
            facts.request_expires_at is None or facts.request_expires_at > now
        ):
            continue
        previous = booking.status
        decision = _decide(
            SessionState(previous.value), action, Actor.SYSTEM, match, now=now, facts=facts
        )
        _claim(session, booking, decision, match, now=now)
        _event(booking, action=action.value, previous=previous, actor=None, now=now)
        session.flush()
        _tell(session, booking, match, "expired", now=now, email=True)
        released += 1
    return released
