"""The vocabulary of a booked session: its states, the actions on it and who acts.

Kept apart from the rules so that services, templates and the API can name a state
or an action without importing the state machine.
"""

from __future__ import annotations

from enum import StrEnum


class SessionState(StrEnum):
    REQUESTED = "requested"
    HELD = "held"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class Action(StrEnum):
    PROPOSE_TIMES = "propose_times"
    COUNTER_PROPOSE = "counter_propose"
    ACCEPT_TIME = "accept_time"
    HOLD = "hold"
    APPROVE_HOLD = "approve_hold"
    REJECT_HOLD = "reject_hold"
    EXPIRE_HOLD = "expire_hold"
    CONFIRM = "confirm"
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"
    EXPIRE_REQUEST = "expire_request"
    COMPLETE = "complete"
    MARK_NO_SHOW = "mark_no_show"


class Actor(StrEnum):
    YOUTH = "youth"
    PEER_EXPERT = "peer_expert"
    TEAM_MEMBER = "team_member"
    COORDINATOR = "coordinator"
    SYSTEM = "system"


class Side(StrEnum):
    """The two parties of a meeting. A clinician team stands on the youth's side: it is the
    requesting party, just as a youth is."""

    YOUTH = "youth"
    PEER_EXPERT = "peer_expert"

    @property
    def other(self) -> Side:
        return Side.PEER_EXPERT if self is Side.YOUTH else Side.YOUTH


# Active sessions occupy a person's time: these are the ones the overlap rule guards.
ACTIVE_STATES: frozenset[SessionState] = frozenset({SessionState.HELD, SessionState.CONFIRMED})
# Nothing leaves a terminal state; a new meeting is a new session.
TERMINAL_STATES: frozenset[SessionState] = frozenset(
    {SessionState.COMPLETED, SessionState.CANCELLED, SessionState.NO_SHOW}
)
PARTICIPANT_ACTORS: frozenset[Actor] = frozenset(
    {Actor.YOUTH, Actor.TEAM_MEMBER, Actor.PEER_EXPERT}
)


def side_of(actor: Actor) -> Side | None:
    """Coordinators and the system act for the organisation, not for a side."""
    if actor in (Actor.YOUTH, Actor.TEAM_MEMBER):
        return Side.YOUTH
    if actor is Actor.PEER_EXPERT:
        return Side.PEER_EXPERT
    return None
