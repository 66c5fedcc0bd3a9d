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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType

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


def _refuse(key: str, **params: object) -> BookingTransitionError:
    return BookingTransitionError(f"booking.error.{key}", **params)


def _check_proposals(proposals: Sequence[TimeSlot], now: datetime, policy: BookingPolicy) -> None:
    if not proposals:
        raise _refuse("no_times")
    if len(proposals) > policy.max_proposed_times:
        raise _refuse("too_many_times", max=policy.max_proposed_times)
    if len(set(proposals)) != len(proposals):
        raise _refuse("duplicate_times")
    for p in proposals:
        if p.start <= now:
            raise _refuse("time_in_past")


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
    The state is checked first, then the actor, then the guards.
    """
    require_aware(now, "now")
    facts = facts if facts is not None else SessionFacts()
    rule = TRANSITIONS[action]
    if current not in rule.sources:
        raise _refuse("illegal_transition", state=str(current), action=action.value)
    if actor not in rule.actors:
        raise _refuse("actor_not_allowed", actor=actor.value, action=action.value)

    base = Decision(action=action, previous=current, new_state=S.CANCELLED, sequence=facts.sequence)

    if action is Action.PROPOSE_TIMES:
        if facts.session_number > policy.trajectory_max_sessions:
            raise _refuse("trajectory_full", max=policy.trajectory_max_sessions)
        side = side_of(actor)
        assert side is not None  # only participants are in the table for this action
        if facts.session_number == 1 and side is Side.PEER_EXPERT:
            # The youth (or team) chooses whom to meet and opens the first meeting.
            raise _refuse("requester_proposes_first")
        _check_proposals(proposals, now, policy)
        return _requested(base, tuple(proposals), side.other, now, policy)

    if action is Action.COUNTER_PROPOSE:
        side = _check_turn(actor, facts)
        _check_proposals(proposals, now, policy)
        return _requested(base, tuple(proposals), side.other, now, policy)

    if action in (Action.ACCEPT_TIME, Action.HOLD, Action.CONFIRM):
        _check_turn(actor, facts)
        if facts.request_expires_at is not None and is_request_expired(
            facts.request_expires_at, now
        ):
            raise _refuse("request_expired")
        if slot is None or slot not in facts.proposals:
            raise _refuse("time_not_proposed")
        if slot.start <= now:
            raise _refuse("time_in_past")
        approval = needs_approval(policy, session_number=facts.session_number, is_reschedule=False)
        if action is Action.HOLD and not approval:
            raise _refuse("approval_not_required")
        if action is Action.CONFIRM and approval:
            raise _refuse("approval_required")
        if approval:
            return replace(
                base,
                action=Action.HOLD,
                new_state=S.HELD,
                slot=slot,
                hold_expires_at=hold_expires_at(now, policy, start=slot.start),
            )
        return replace(base, action=Action.CONFIRM, new_state=S.CONFIRMED, slot=slot)

    if action is Action.APPROVE_HOLD:
        if is_hold_expired(_hold_expiry(facts), now):
            raise _refuse("hold_expired")
        return replace(base, new_state=S.CONFIRMED, slot=_agreed_slot(facts))

    if action is Action.REJECT_HOLD:
        return _cancelled(
            base, facts, actor, (reason or "").strip() or REASON_HOLD_REJECTED, now, policy
        )

    if action is Action.EXPIRE_HOLD:
        if not is_hold_expired(_hold_expiry(facts), now):
            raise _refuse("hold_not_expired")
        return _cancelled(base, facts, actor, REASON_HOLD_EXPIRED, now, policy)

    if action is Action.RESCHEDULE:
        old = _agreed_slot(facts)
        if old.start <= now:
            raise _refuse("session_started")
        if slot is None:
            raise _refuse("no_times")
        if slot.start <= now:
            raise _refuse("time_in_past")
        if slot == old:
            raise _refuse("same_time")
        late = is_late_cancellation(old.start, now, policy.min_notice_hours)
        if needs_approval(policy, session_number=facts.session_number, is_reschedule=True):
            return replace(
                base,
                new_state=S.HELD,
                sequence=facts.sequence + 1,
                slot=slot,
                hold_expires_at=hold_expires_at(now, policy, start=slot.start),
                late=late,
            )
        return replace(
            base, new_state=S.CONFIRMED, sequence=facts.sequence + 1, slot=slot, late=late
        )

    if action is Action.CANCEL:
        text = (reason or "").strip()
        if not text:
            raise _refuse("reason_required")
        if current in ACTIVE_STATES and _agreed_slot(facts).start <= now:
            raise _refuse("session_started")
        return _cancelled(base, facts, actor, text, now, policy)

    if action is Action.EXPIRE_REQUEST:
        if facts.request_expires_at is None or not is_request_expired(
            facts.request_expires_at, now
        ):
            raise _refuse("request_not_expired")
        return _cancelled(base, facts, actor, REASON_REQUEST_EXPIRED, now, policy)

    if action is Action.COMPLETE:
        agreed = _agreed_slot(facts)
        if now < agreed.end:
            raise _refuse("session_not_ended")
        return replace(
            base,
            new_state=S.COMPLETED,
            slot=agreed,
            closing_evaluation=is_last_session(
                facts.session_number, policy.trajectory_max_sessions
            ),
        )

    # Action.MARK_NO_SHOW
    agreed = _agreed_slot(facts)
    if now < agreed.start:
        raise _refuse("session_not_started")
    if no_show_side is None:
        raise _refuse("no_show_side_required")
    if side_of(actor) is no_show_side:
        raise _refuse("no_show_own_side")
    return replace(base, new_state=S.NO_SHOW, slot=agreed, no_show_side=no_show_side)


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
