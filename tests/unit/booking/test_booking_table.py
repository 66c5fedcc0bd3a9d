"""Table-driven: every (state, action) pair is either allowed with a valid call, or refused
with ``booking.error.illegal_transition``; every actor outside an action's roles is refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from peermatch.booking import (
    TERMINAL_STATES,
    Action,
    Actor,
    BookingPolicy,
    BookingTransitionError,
    Decision,
    SessionFacts,
    SessionState,
    Side,
    TimeSlot,
    next_state,
)

S = SessionState
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
SLOT_A = TimeSlot(NOW + timedelta(days=3), NOW + timedelta(days=3, hours=1))
SLOT_B = TimeSlot(NOW + timedelta(days=4), NOW + timedelta(days=4, hours=1))
SLOT_C = TimeSlot(NOW + timedelta(days=5), NOW + timedelta(days=5, hours=1))

DEFAULT_POLICY = BookingPolicy()

FACTS: dict[SessionState | None, SessionFacts] = {
    None: SessionFacts(),
    S.REQUESTED: SessionFacts(
        proposals=(SLOT_A, SLOT_B),
        awaiting=Side.PEER_EXPERT,
        request_expires_at=NOW + timedelta(hours=72),
    ),
    S.HELD: SessionFacts(slot=SLOT_A, hold_expires_at=NOW + timedelta(hours=48)),
    S.CONFIRMED: SessionFacts(slot=SLOT_A, sequence=2),
    S.COMPLETED: SessionFacts(slot=SLOT_A),
    S.CANCELLED: SessionFacts(slot=SLOT_A),
    S.NO_SHOW: SessionFacts(slot=SLOT_A),
}


@dataclass(frozen=True)
class Case:
    actor: Actor
    expected: SessionState
    now: datetime = NOW
    policy: BookingPolicy = DEFAULT_POLICY
    kwargs: dict[str, Any] = field(default_factory=dict)


# One valid call per allowed (state, action) pair, as a coordinator would describe it.
ALLOWED: dict[tuple[SessionState | None, Action], Case] = {
    (None, Action.PROPOSE_TIMES): Case(Actor.YOUTH, S.REQUESTED, kwargs={"proposals": (SLOT_A,)}),
    (S.REQUESTED, Action.COUNTER_PROPOSE): Case(
        Actor.PEER_EXPERT, S.REQUESTED, kwargs={"proposals": (SLOT_C,)}
    ),
    (S.REQUESTED, Action.ACCEPT_TIME): Case(Actor.PEER_EXPERT, S.HELD, kwargs={"slot": SLOT_A}),
    (S.REQUESTED, Action.HOLD): Case(Actor.PEER_EXPERT, S.HELD, kwargs={"slot": SLOT_A}),
    (S.REQUESTED, Action.CONFIRM): Case(
        Actor.PEER_EXPERT,
        S.CONFIRMED,
        policy=BookingPolicy(first_session_needs_approval=False),
        kwargs={"slot": SLOT_A},
    ),
    (S.REQUESTED, Action.CANCEL): Case(Actor.YOUTH, S.CANCELLED, kwargs={"reason": "ziek"}),
    (S.REQUESTED, Action.EXPIRE_REQUEST): Case(
        Actor.SYSTEM, S.CANCELLED, now=NOW + timedelta(hours=72)
    ),
    (S.HELD, Action.APPROVE_HOLD): Case(Actor.COORDINATOR, S.CONFIRMED),
    (S.HELD, Action.REJECT_HOLD): Case(Actor.COORDINATOR, S.CANCELLED),
    (S.HELD, Action.EXPIRE_HOLD): Case(Actor.SYSTEM, S.CANCELLED, now=NOW + timedelta(hours=48)),
    (S.HELD, Action.CANCEL): Case(Actor.PEER_EXPERT, S.CANCELLED, kwargs={"reason": "ziek"}),
    (S.CONFIRMED, Action.RESCHEDULE): Case(Actor.YOUTH, S.CONFIRMED, kwargs={"slot": SLOT_B}),
    (S.CONFIRMED, Action.CANCEL): Case(Actor.COORDINATOR, S.CANCELLED, kwargs={"reason": "x"}),
    (S.CONFIRMED, Action.COMPLETE): Case(Actor.PEER_EXPERT, S.COMPLETED, now=SLOT_A.end),
    (S.CONFIRMED, Action.MARK_NO_SHOW): Case(
        Actor.PEER_EXPERT, S.NO_SHOW, now=SLOT_A.start, kwargs={"no_show_side": Side.YOUTH}
    ),
}

# Who may do what, stated independently of the implementation's table.
EXPECTED_ACTORS: dict[Action, set[Actor]] = {
    Action.PROPOSE_TIMES: {Actor.YOUTH, Actor.TEAM_MEMBER, Actor.PEER_EXPERT},
    Action.COUNTER_PROPOSE: {Actor.YOUTH, Actor.TEAM_MEMBER, Actor.PEER_EXPERT},
    Action.ACCEPT_TIME: {Actor.YOUTH, Actor.TEAM_MEMBER, Actor.PEER_EXPERT},
    Action.HOLD: {Actor.YOUTH, Actor.TEAM_MEMBER, Actor.PEER_EXPERT},
    Action.CONFIRM: {Actor.YOUTH, Actor.TEAM_MEMBER, Actor.PEER_EXPERT},
    Action.APPROVE_HOLD: {Actor.COORDINATOR},
    Action.REJECT_HOLD: {Actor.COORDINATOR},
    Action.EXPIRE_HOLD: {Actor.SYSTEM},
    Action.EXPIRE_REQUEST: {Actor.SYSTEM},
    Action.RESCHEDULE: {Actor.YOUTH, Actor.TEAM_MEMBER, Actor.PEER_EXPERT, Actor.COORDINATOR},
    Action.CANCEL: set(Actor),
    Action.COMPLETE: {
        Actor.YOUTH,
        Actor.TEAM_MEMBER,
        Actor.PEER_EXPERT,
        Actor.COORDINATOR,
        Actor.SYSTEM,
    },
    Action.MARK_NO_SHOW: {Actor.YOUTH, Actor.TEAM_MEMBER, Actor.PEER_EXPERT, Actor.COORDINATOR},
}

ALL_STATES: list[SessionState | None] = [None, *SessionState]
ILLEGAL = [
    (state, action) for state in ALL_STATES for action in Action if (state, action) not in ALLOWED
]


def _call(
    state: SessionState | None, action: Action, case: Case, actor: Actor | None = None
) -> Decision:
    return next_state(
        state,
        action,
        actor or case.actor,
        case.policy,
        now=case.now,
        facts=FACTS[state],
        **case.kwargs,
    )


@pytest.mark.parametrize(("state", "action"), list(ALLOWED), ids=str)
def test_allowed_transition(state: SessionState | None, action: Action) -> None:
    case = ALLOWED[(state, action)]
    decision = _call(state, action, case)
    assert decision.previous == state
    assert decision.new_state == case.expected


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=str)
def test_illegal_transition_is_refused(state: SessionState | None, action: Action) -> None:
    # Use the most permissive inputs available so only the state can be the reason.
    permissive = Case(
        Actor.COORDINATOR if action is not Action.EXPIRE_HOLD else Actor.SYSTEM,
        S.CANCELLED,
        kwargs={"reason": "x", "slot": SLOT_A, "proposals": (SLOT_A,)},
    )
    with pytest.raises(BookingTransitionError) as err:
        _call(state, action, permissive)
    assert err.value.key == "booking.error.illegal_transition"
    assert err.value.params == {"state": str(state), "action": action.value}


def test_terminal_states_have_no_way_out() -> None:
    assert {(s, a) for (s, a) in ALLOWED if s in TERMINAL_STATES} == set()
    assert {S.COMPLETED, S.CANCELLED, S.NO_SHOW} == TERMINAL_STATES


PERMISSION_CASES = [(state, action, actor) for (state, action) in ALLOWED for actor in Actor]


def _refusal_key(
    state: SessionState | None, action: Action, case: Case, actor: Actor
) -> str | None:
    try:
        _call(state, action, case, actor)
    except BookingTransitionError as err:
        return err.key
    return None


@pytest.mark.parametrize(("state", "action", "actor"), PERMISSION_CASES, ids=str)
def test_actor_permissions(state: SessionState | None, action: Action, actor: Actor) -> None:
    case = ALLOWED[(state, action)]
    if actor in EXPECTED_ACTORS[action]:
        # Allowed roles may still meet a guard (e.g. whose turn it is), never a role refusal.
        assert _refusal_key(state, action, case, actor) != "booking.error.actor_not_allowed"
    else:
        with pytest.raises(BookingTransitionError) as err:
            _call(state, action, case, actor)
        assert err.value.key == "booking.error.actor_not_allowed"
        assert err.value.params == {"actor": actor.value, "action": action.value}
