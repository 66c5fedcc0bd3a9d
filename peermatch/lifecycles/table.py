"""The shared shape of a lifecycle table: (from, to, who, guards) per action."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Generic, TypeVar

from peermatch.lifecycles.errors import Refusal

StateT = TypeVar("StateT", bound=Enum)
ActionT = TypeVar("ActionT", bound=Enum)
ActorT = TypeVar("ActorT", bound=Enum)
FactsT = TypeVar("FactsT")

#: A guard looks at the facts and the time and raises a ``Refusal`` when the step may not
#: happen now; it never changes anything.
Guard = Callable[[FactsT, datetime], None]


@dataclass(frozen=True, slots=True)
class Transition(Generic[StateT, ActorT, FactsT]):
    sources: frozenset[StateT]
    target: StateT
    actors: frozenset[ActorT]
    guards: tuple[Guard[FactsT], ...] = ()


def decide(
    table: Mapping[ActionT, Transition[StateT, ActorT, FactsT]],
    current: StateT,
    action: ActionT,
    actor: ActorT,
    facts: FactsT,
    *,
    now: datetime,
    illegal: Callable[[], Refusal],
) -> StateT:
    """The state after ``action``; the state is checked first, then the actor, then guards.

    ``illegal`` builds the refusal for a step the table does not allow from here or for this
    actor, so each lifecycle keeps its own message.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    rule = table.get(action)
    if rule is None or current not in rule.sources or actor not in rule.actors:
        raise illegal()
    for guard in rule.guards:
        guard(facts, now)
    return rule.target


def allowed(
    table: Mapping[ActionT, Transition[StateT, ActorT, FactsT]], current: StateT, actor: ActorT
) -> frozenset[ActionT]:
    """Actions the table lets ``actor`` take from ``current`` (guards not applied)."""
    return frozenset(
        action for action, rule in table.items() if current in rule.sources and actor in rule.actors
    )
