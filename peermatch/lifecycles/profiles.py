"""The peer-expert profile lifecycle as a table: from which states, to which state, who, guards.

Who may do what is part of the table, so a coordinator can never "pause" someone and a
peer expert can never verify themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from peermatch.lifecycles.errors import ErrorKind, Refusal
from peermatch.lifecycles.table import Transition, allowed, decide


class ProfileStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    ACTIVE = "active"
    PAUSED = "paused"
    RETIRED = "retired"


class ProfileAction(StrEnum):
    SUBMIT = "submit"
    VERIFY = "verify"
    REQUEST_CHANGES = "request_changes"
    PAUSE = "pause"
    RESUME = "resume"
    RETIRE = "retire"
    # Credentials (training, VOG) of a verified profile changed: a coordinator must look again.
    CREDENTIALS_CHANGED = "credentials_changed"


class Actor(StrEnum):
    PEER_EXPERT = "peer_expert"
    COORDINATOR = "coordinator"


@dataclass(frozen=True, slots=True)
class ProfileFacts:
    """What the guards need besides the status: the message keys of what is still missing."""

    missing: tuple[str, ...] = ()


def _complete(facts: ProfileFacts, now: datetime) -> None:
    if facts.missing:
        raise Refusal(
            "profile.error.incomplete", kind=ErrorKind.INPUT, missing=", ".join(facts.missing)
        )


S = ProfileStatus
A = ProfileAction
PEER: Final = frozenset({Actor.PEER_EXPERT})
COORD: Final = frozenset({Actor.COORDINATOR})
BOTH: Final = PEER | COORD

#: Anything not listed is refused.
TRANSITIONS: Mapping[ProfileAction, Transition[ProfileStatus, Actor, ProfileFacts]] = (
    MappingProxyType(
        {
            A.SUBMIT: Transition(
                frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED, PEER, (_complete,)
            ),
            A.VERIFY: Transition(frozenset({S.SUBMITTED}), S.ACTIVE, COORD),
            A.REQUEST_CHANGES: Transition(frozenset({S.SUBMITTED}), S.CHANGES_REQUESTED, COORD),
            A.PAUSE: Transition(frozenset({S.ACTIVE}), S.PAUSED, PEER),
            A.RESUME: Transition(frozenset({S.PAUSED}), S.ACTIVE, PEER),
            A.CREDENTIALS_CHANGED: Transition(frozenset({S.ACTIVE, S.PAUSED}), S.SUBMITTED, PEER),
            A.RETIRE: Transition(frozenset(s for s in S if s is not S.RETIRED), S.RETIRED, BOTH),
        }
    )
)


def next_state(
    current: ProfileStatus,
    action: ProfileAction,
    actor: Actor,
    *,
    now: datetime,
    facts: ProfileFacts | None = None,
) -> ProfileStatus:
    """The status after ``action`` by ``actor`` at ``now``; refusals raise ``Refusal``."""
    return decide(
        TRANSITIONS,
        current,
        action,
        actor,
        facts if facts is not None else ProfileFacts(),
        now=now,
        illegal=lambda: Refusal(
            "profile.error.transition", action=action.value, status=current.value
        ),
    )


def next_status(
    current: ProfileStatus, action: ProfileAction, actor: Actor
) -> ProfileStatus | None:
    """The status the table allows (guards not applied), or None: for showing buttons."""
    rule = TRANSITIONS.get(action)
    if rule is None or current not in rule.sources or actor not in rule.actors:
        return None
    return rule.target


def allowed_actions(current: ProfileStatus, actor: Actor) -> frozenset[ProfileAction]:
    return allowed(TRANSITIONS, current, actor) - {A.CREDENTIALS_CHANGED}
