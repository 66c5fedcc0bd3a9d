"""Booking refusals carry their kind: input (fix what you typed) or conflict (the state)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from peermatch.booking import (
    Action,
    Actor,
    BookingPolicy,
    BookingTransitionError,
    ParticipantResponse,
    SessionFacts,
    SessionState,
    Side,
    TimeSlot,
    invite,
    next_state,
    respond,
)
from peermatch.booking.transitions import HANDLERS
from peermatch.lifecycles import ErrorKind
from peermatch.services.booking_errors import BookingRefused, from_core
from peermatch.services.errors import InvalidInput

S = SessionState
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
SLOT = TimeSlot(NOW + timedelta(days=3), NOW + timedelta(days=3, hours=1))
PAST = TimeSlot(NOW - timedelta(days=1), NOW - timedelta(days=1, hours=-1))
POLICY = BookingPolicy()
REQUESTED = SessionFacts(proposals=(SLOT,), awaiting=Side.PEER_EXPERT)
CONFIRMED = SessionFacts(slot=SLOT)

# (state, action, actor, facts, arguments, key, kind)
CASES: list[tuple[S | None, Action, Actor, SessionFacts, dict[str, Any], str, ErrorKind]] = [
    (None, Action.PROPOSE_TIMES, Actor.YOUTH, SessionFacts(), {}, "no_times", ErrorKind.INPUT),
    (
        None,
        Action.PROPOSE_TIMES,
        Actor.YOUTH,
        SessionFacts(),
        {"proposals": [PAST]},
        "time_in_past",
        ErrorKind.INPUT,
    ),
    (
        None,
        Action.PROPOSE_TIMES,
        Actor.YOUTH,
        SessionFacts(),
        {"proposals": [SLOT, SLOT]},
        "duplicate_times",
        ErrorKind.INPUT,
    ),
    (
        None,
        Action.PROPOSE_TIMES,
        Actor.YOUTH,
        SessionFacts(),
        {"proposals": [SLOT] * (POLICY.max_proposed_times + 1)},
        "too_many_times",
        ErrorKind.INPUT,
    ),
    (
        None,
        Action.PROPOSE_TIMES,
        Actor.PEER_EXPERT,
        SessionFacts(),
        {"proposals": [SLOT]},
        "requester_proposes_first",
        ErrorKind.CONFLICT,
    ),
    (
        S.REQUESTED,
        Action.ACCEPT_TIME,
        Actor.PEER_EXPERT,
        REQUESTED,
        {"slot": None},
        "time_not_proposed",
        ErrorKind.INPUT,
    ),
    (
        S.REQUESTED,
        Action.ACCEPT_TIME,
        Actor.YOUTH,
        REQUESTED,
        {"slot": SLOT},
        "not_your_turn",
        ErrorKind.CONFLICT,
    ),
    (
        S.CONFIRMED,
        Action.CANCEL,
        Actor.YOUTH,
        CONFIRMED,
        {"reason": "  "},
        "reason_required",
        ErrorKind.INPUT,
    ),
    (
        S.CONFIRMED,
        Action.RESCHEDULE,
        Actor.YOUTH,
        CONFIRMED,
        {"slot": SLOT},
        "same_time",
        ErrorKind.INPUT,
    ),
    (
        S.CONFIRMED,
        Action.MARK_NO_SHOW,
        Actor.PEER_EXPERT,
        CONFIRMED,
        {},
        "session_not_started",
        ErrorKind.CONFLICT,
    ),
    (
        S.CONFIRMED,
        Action.PROPOSE_TIMES,
        Actor.YOUTH,
        CONFIRMED,
        {},
        "illegal_transition",
        ErrorKind.CONFLICT,
    ),
    (
        S.HELD,
        Action.APPROVE_HOLD,
        Actor.YOUTH,
        SessionFacts(),
        {},
        "actor_not_allowed",
        ErrorKind.CONFLICT,
    ),
]


@pytest.mark.parametrize(("state", "action", "actor", "facts", "kwargs", "key", "kind"), CASES)
def test_each_refusal_says_its_kind(
    state: S | None,
    action: Action,
    actor: Actor,
    facts: SessionFacts,
    kwargs: dict[str, Any],
    key: str,
    kind: ErrorKind,
) -> None:
    with pytest.raises(BookingTransitionError) as refused:
        next_state(state, action, actor, POLICY, now=NOW, facts=facts, **kwargs)
    assert refused.value.key == f"booking.error.{key}"
    assert refused.value.kind is kind
    expected = InvalidInput if kind is ErrorKind.INPUT else BookingRefused
    assert type(from_core(refused.value)) is expected


def test_a_missing_no_show_side_is_an_input_error() -> None:
    with pytest.raises(BookingTransitionError) as refused:
        next_state(
            S.CONFIRMED,
            Action.MARK_NO_SHOW,
            Actor.PEER_EXPERT,
            POLICY,
            now=SLOT.start,
            facts=CONFIRMED,
        )
    assert refused.value.key == "booking.error.no_show_side_required"
    assert refused.value.kind is ErrorKind.INPUT


def test_a_team_answer_without_a_response_is_an_input_error() -> None:
    with pytest.raises(BookingTransitionError) as refused:
        respond(invite([1, 2]), 1, ParticipantResponse.PENDING)
    assert refused.value.kind is ErrorKind.INPUT
    assert type(from_core(refused.value)) is InvalidInput


def test_every_action_has_exactly_one_handler() -> None:
    assert set(HANDLERS) == set(Action)
