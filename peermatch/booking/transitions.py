"""The booking state machine: one explicit table of who may do what from which state, and
``next_state`` which applies the table plus the time and policy guards.

``next_state`` only decides; it changes nothing. Services persist the returned
``Decision`` (and, for active states, check the ``Ledger`` / database for overlaps first).

Rules worth knowing:
- ``accept_time`` is what a person does; it resolves to ``hold`` when the organisation must
  approve this session first, otherwise to ``confirm``. Calling ``hold`` or ``confirm``
  directly is allowed only when it matches that policy, so no path skips an approval.
- ``reschedule`` keeps the session's identity, bumps its sequence and, when the policy says
  reschedules need approval, goes back to ``held`` whoever asks (a coordinator included).
- A rejected or expired hold cancels the session (the slot is released at once); the
  parties can start a new session in the trajectory. A stale request lapses the same way.
- ``late`` is a fact (less than the minimum notice before the start), not a verdict: it is
  set for cancellations and reschedules of a held or confirmed session whoever acts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from peermatch.booking.errors import BookingTransitionError
from peermatch.booking.policy import BookingPolicy
from peermatch.booking.states import (
    ACTIVE_STATES,
    PARTICIPANT_ACTORS,
    Action,
    Actor,
    SessionState,
    Side,
    side_of,
)
from peermatch.booking.timing import (
    TimeSlot,
    hold_expires_at,
    is_hold_expired,
    is_late_cancellation,
    is_request_expired,
    request_expires_at,
    require_aware,
)
from peermatch.booking.trajectory import is_last_session, needs_approval
from peermatch.lifecycles.errors import ErrorKind

S = SessionState
A = Actor


@dataclass(frozen=True, slots=True)
class Transition:
    """``None`` among the sources means "no session yet" (the very first proposal)."""

    sources: frozenset[SessionState | None]
    targets: frozenset[SessionState]
    actors: frozenset[Actor]


_PARTICIPANTS = PARTICIPANT_ACTORS
_ALL = frozenset(Actor)

TRANSITIONS: Mapping[Action, Transition] = MappingProxyType(
    {
        Action.PROPOSE_TIMES: Transition(
            frozenset({None}), frozenset({S.REQUESTED}), _PARTICIPANTS
        ),
        Action.COUNTER_PROPOSE: Transition(
            frozenset({S.REQUESTED}), frozenset({S.REQUESTED}), _PARTICIPANTS
        ),
        Action.ACCEPT_TIME: Transition(
            frozenset({S.REQUESTED}), frozenset({S.HELD, S.CONFIRMED}), _PARTICIPANTS
        ),
        Action.HOLD: Transition(frozenset({S.REQUESTED}), frozenset({S.HELD}), _PARTICIPANTS),
        Action.CONFIRM: Transition(
            frozenset({S.REQUESTED}), frozenset({S.CONFIRMED}), _PARTICIPANTS
        ),
        Action.APPROVE_HOLD: Transition(
            frozenset({S.HELD}), frozenset({S.CONFIRMED}), frozenset({A.COORDINATOR})
        ),
        Action.REJECT_HOLD: Transition(
            frozenset({S.HELD}), frozenset({S.CANCELLED}), frozenset({A.COORDINATOR})
        ),
        Action.EXPIRE_HOLD: Transition(
            frozenset({S.HELD}), frozenset({S.CANCELLED}), frozenset({A.SYSTEM})
        ),
        Action.RESCHEDULE: Transition(
            frozenset({S.CONFIRMED}),
            frozenset({S.CONFIRMED, S.HELD}),
            _PARTICIPANTS | {A.COORDINATOR},
        ),
        Action.CANCEL: Transition(
            frozenset({S.REQUESTED, S.HELD, S.CONFIRMED}), frozenset({S.CANCELLED}), _ALL
        ),
        Action.EXPIRE_REQUEST: Transition(
            frozenset({S.REQUESTED}), frozenset({S.CANCELLED}), frozenset({A.SYSTEM})
        ),
        Action.COMPLETE: Transition(
            frozenset({S.CONFIRMED}),
            frozenset({S.COMPLETED}),
            _PARTICIPANTS | {A.COORDINATOR, A.SYSTEM},
        ),
        # Whether someone showed up is a human judgement: never the system's.
        Action.MARK_NO_SHOW: Transition(
            frozenset({S.CONFIRMED}), frozenset({S.NO_SHOW}), _PARTICIPANTS | {A.COORDINATOR}
        ),
    }
)

REASON_HOLD_EXPIRED = "hold_expired"
REASON_HOLD_REJECTED = "hold_rejected"
REASON_REQUEST_EXPIRED = "request_expired"


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What the state machine needs to know about a session besides its state."""

    session_number: int = 1  # position in the trajectory, 1-based
    sequence: int = 0  # iCalendar SEQUENCE: grows with every change attendees must see
    proposals: tuple[TimeSlot, ...] = ()  # open proposals while requested
    awaiting: Side | None = None  # whose answer a request waits for
    slot: TimeSlot | None = None  # the chosen time once held or confirmed
    hold_expires_at: datetime | None = None
    request_expires_at: datetime | None = None

    def after(self, decision: Decision) -> SessionFacts:
        return replace(
            self,
            sequence=decision.sequence,
            proposals=decision.proposals,
            awaiting=decision.awaiting,
            slot=decision.slot,
            hold_expires_at=decision.hold_expires_at,
            request_expires_at=decision.request_expires_at,
        )


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action  # resolved: accept_time comes back as hold or confirm
    previous: SessionState | None
    new_state: SessionState
    sequence: int
    slot: TimeSlot | None = None
    proposals: tuple[TimeSlot, ...] = ()
    awaiting: Side | None = None
    hold_expires_at: datetime | None = None
    request_expires_at: datetime | None = None
    late: bool = False
    cancelled_by: Actor | None = None
    reason: str | None = None
    no_show_side: Side | None = None
    closing_evaluation: bool = False  # last session of the trajectory completed

    @property
    def is_active(self) -> bool:
        return self.new_state in ACTIVE_STATES

    @property
    def releases_slot(self) -> bool:
        return self.previous in ACTIVE_STATES and self.new_state not in ACTIVE_STATES


def _refuse(key: str, **params: Any) -> BookingTransitionError:
    """The session's state, the actor or the clock says no (a conflict)."""
    return BookingTransitionError(f"booking.error.{key}", **params)


def _invalid(key: str, **params: Any) -> BookingTransitionError:
    """What was typed or picked is wrong (input): fixing it and trying again can work."""
    return BookingTransitionError(f"booking.error.{key}", kind=ErrorKind.INPUT, **params)


def _check_proposals(proposals: Sequence[TimeSlot], now: datetime, policy: BookingPolicy) -> None:
    if not proposals:
        raise _invalid("no_times")
    if len(proposals) > policy.max_proposed_times:
        raise _invalid("too_many_times", max=policy.max_proposed_times)
    if len(set(proposals)) != len(proposals):
        raise _invalid("duplicate_times")
    for p in proposals:
        if p.start <= now:
            raise _invalid("time_in_past")


def _check_turn(actor: Actor, facts: SessionFacts) -> Side:
    side = side_of(actor)
    if side is None or side is not facts.awaiting:
        raise _refuse("not_your_turn", actor=actor.value, awaiting=str(facts.awaiting))
    return side


def _agreed_slot(facts: SessionFacts) -> TimeSlot:
    if facts.slot is None:
        raise ValueError("a held or confirmed session needs facts.slot")
    return facts.slot


def _hold_expiry(facts: SessionFacts) -> datetime:
    if facts.hold_expires_at is None:
        raise ValueError("a held session needs facts.hold_expires_at")
    return facts.hold_expires_at


@dataclass(frozen=True, slots=True)
class _Call:
    """One request to the machine, already past the table's state and actor checks."""

    base: Decision
    actor: Actor
    policy: BookingPolicy
    now: datetime
    facts: SessionFacts
    proposals: tuple[TimeSlot, ...]
    slot: TimeSlot | None
    reason: str | None
    no_show_side: Side | None


def _propose_times(c: _Call) -> Decision:
    if c.facts.session_number > c.policy.trajectory_max_sessions:
        raise _refuse("trajectory_full", max=c.policy.trajectory_max_sessions)
    side = side_of(c.actor)
    assert side is not None  # only participants are in the table for this action
    if c.facts.session_number == 1 and side is Side.PEER_EXPERT:
        # The youth (or team) chooses whom to meet and opens the first meeting.
        raise _refuse("requester_proposes_first")
    _check_proposals(c.proposals, c.now, c.policy)
    return _requested(c.base, c.proposals, side.other, c.now, c.policy)


def _counter_propose(c: _Call) -> Decision:
    side = _check_turn(c.actor, c.facts)
    _check_proposals(c.proposals, c.now, c.policy)
    return _requested(c.base, c.proposals, side.other, c.now, c.policy)


def _accept_time(c: _Call) -> Decision:
    """accept_time, hold and confirm: the answer to a proposal, resolved by the policy."""
    facts, slot, now, action = c.facts, c.slot, c.now, c.base.action
    _check_turn(c.actor, facts)
    if facts.request_expires_at is not None and is_request_expired(facts.request_expires_at, now):
        raise _refuse("request_expired")
    if slot is None or slot not in facts.proposals:
        raise _invalid("time_not_proposed")
    if slot.start <= now:
        raise _invalid("time_in_past")
    approval = needs_approval(c.policy, session_number=facts.session_number, is_reschedule=False)
    if action is Action.HOLD and not approval:
        raise _refuse("approval_not_required")
    if action is Action.CONFIRM and approval:
        raise _refuse("approval_required")
    if approval:
        return replace(
            c.base,
            action=Action.HOLD,
            new_state=S.HELD,
            slot=slot,
            hold_expires_at=hold_expires_at(now, c.policy, start=slot.start),
        )
    return replace(c.base, action=Action.CONFIRM, new_state=S.CONFIRMED, slot=slot)


def _approve_hold(c: _Call) -> Decision:
    if is_hold_expired(_hold_expiry(c.facts), c.now):
        raise _refuse("hold_expired")
    return replace(c.base, new_state=S.CONFIRMED, slot=_agreed_slot(c.facts))


def _reject_hold(c: _Call) -> Decision:
    reason = (c.reason or "").strip() or REASON_HOLD_REJECTED
    return _cancelled(c.base, c.facts, c.actor, reason, c.now, c.policy)


def _expire_hold(c: _Call) -> Decision:
    if not is_hold_expired(_hold_expiry(c.facts), c.now):
        raise _refuse("hold_not_expired")
    return _cancelled(c.base, c.facts, c.actor, REASON_HOLD_EXPIRED, c.now, c.policy)


def _reschedule(c: _Call) -> Decision:
    facts, slot, now = c.facts, c.slot, c.now
    old = _agreed_slot(facts)
    if old.start <= now:
        raise _refuse("session_started")
    if slot is None:
        raise _invalid("no_times")
    if slot.start <= now:
        raise _invalid("time_in_past")
    if slot == old:
        raise _invalid("same_time")
    late = is_late_cancellation(old.start, now, c.policy.min_notice_hours)
    moved = replace(c.base, sequence=facts.sequence + 1, slot=slot, late=late)
    if needs_approval(c.policy, session_number=facts.session_number, is_reschedule=True):
        expires = hold_expires_at(now, c.policy, start=slot.start)
        return replace(moved, new_state=S.HELD, hold_expires_at=expires)
    return replace(moved, new_state=S.CONFIRMED)


def _cancel(c: _Call) -> Decision:
    text = (c.reason or "").strip()
    if not text:
        raise _invalid("reason_required")
    if c.base.previous in ACTIVE_STATES and _agreed_slot(c.facts).start <= c.now:
        raise _refuse("session_started")
    return _cancelled(c.base, c.facts, c.actor, text, c.now, c.policy)


def _expire_request(c: _Call) -> Decision:
    expires = c.facts.request_expires_at
    if expires is None or not is_request_expired(expires, c.now):
        raise _refuse("request_not_expired")
    return _cancelled(c.base, c.facts, c.actor, REASON_REQUEST_EXPIRED, c.now, c.policy)


def _complete(c: _Call) -> Decision:
    agreed = _agreed_slot(c.facts)
    if c.now < agreed.end:
        raise _refuse("session_not_ended")
    last = is_last_session(c.facts.session_number, c.policy.trajectory_max_sessions)
    return replace(c.base, new_state=S.COMPLETED, slot=agreed, closing_evaluation=last)


def _mark_no_show(c: _Call) -> Decision:
    agreed = _agreed_slot(c.facts)
    if c.now < agreed.start:
        raise _refuse("session_not_started")
    if c.no_show_side is None:
        raise _invalid("no_show_side_required")
    if side_of(c.actor) is c.no_show_side:
        raise _refuse("no_show_own_side")
    return replace(c.base, new_state=S.NO_SHOW, slot=agreed, no_show_side=c.no_show_side)


#: One small handler per action: the guards and the outcome, after the table's checks.
HANDLERS: Mapping[Action, Callable[[_Call], Decision]] = MappingProxyType(
    {
        Action.PROPOSE_TIMES: _propose_times,
        Action.COUNTER_PROPOSE: _counter_propose,
        Action.ACCEPT_TIME: _accept_time,
        Action.HOLD: _accept_time,
        Action.CONFIRM: _accept_time,
        Action.APPROVE_HOLD: _approve_hold,
        Action.REJECT_HOLD: _reject_hold,
        Action.EXPIRE_HOLD: _expire_hold,
        Action.RESCHEDULE: _reschedule,
        Action.CANCEL: _cancel,
        Action.EXPIRE_REQUEST: _expire_request,
        Action.COMPLETE: _complete,
        Action.MARK_NO_SHOW: _mark_no_show,
    }
)


def next_state(
    current: SessionState | None,
    action: Action,
    actor: Actor,
    policy: BookingPolicy,
    *,
    now: datetime,
    facts: SessionFacts | None = None,
    proposals: Sequence[TimeSlot] = (),
    slot: TimeSlot | None = None,
    reason: str | None = None,
    no_show_side: Side | None = None,
) -> Decision:
    """Decide what ``action`` by ``actor`` does to a session in ``current`` at ``now``.

    ``proposals`` feeds propose_times / counter_propose; ``slot`` is the chosen proposal
    (accept_time, hold, confirm) or the new time (reschedule); ``reason`` is required for
    cancel; ``no_show_side`` for mark_no_show. Refusals raise ``BookingTransitionError``.
    The state is checked first, then the actor, then the action's own guards.
    """
    require_aware(now, "now")
    facts = facts if facts is not None else SessionFacts()
    rule = TRANSITIONS[action]
    if current not in rule.sources:
        raise _refuse("illegal_transition", state=str(current), action=action.value)
    if actor not in rule.actors:
        raise _refuse("actor_not_allowed", actor=actor.value, action=action.value)
    base = Decision(action=action, previous=current, new_state=S.CANCELLED, sequence=facts.sequence)
    call = _Call(base, actor, policy, now, facts, tuple(proposals), slot, reason, no_show_side)
    return HANDLERS[action](call)


def _requested(
    base: Decision,
    proposals: tuple[TimeSlot, ...],
    awaiting: Side,
    now: datetime,
    policy: BookingPolicy,
) -> Decision:
    return replace(
        base,
        new_state=S.REQUESTED,
        proposals=proposals,
        awaiting=awaiting,
        request_expires_at=request_expires_at(now, proposals, policy),
    )


def _cancelled(
    base: Decision,
    facts: SessionFacts,
    actor: Actor,
    reason: str,
    now: datetime,
    policy: BookingPolicy,
) -> Decision:
    had_slot = base.previous in ACTIVE_STATES
    late = had_slot and is_late_cancellation(
        _agreed_slot(facts).start, now, policy.min_notice_hours
    )
    return replace(
        base,
        new_state=S.CANCELLED,
        # Attendees hold a calendar entry only once a slot was chosen; bump it so their
        # calendar applies the cancellation.
        sequence=facts.sequence + 1 if had_slot else facts.sequence,
        slot=facts.slot if had_slot else None,
        late=late,
        cancelled_by=actor,
        reason=reason,
    )
