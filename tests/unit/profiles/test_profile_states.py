"""The profile status table: who may move a profile where."""

from __future__ import annotations

import pytest

from peermatch.models.enums import ProfileStatus as S
from peermatch.profiles_states import Actor, allowed_actions, next_status
from peermatch.profiles_states import ProfileAction as A

LEGAL = {
    (S.DRAFT, A.SUBMIT, Actor.PEER_EXPERT): S.SUBMITTED,
    (S.CHANGES_REQUESTED, A.SUBMIT, Actor.PEER_EXPERT): S.SUBMITTED,
    (S.SUBMITTED, A.VERIFY, Actor.COORDINATOR): S.ACTIVE,
    (S.SUBMITTED, A.REQUEST_CHANGES, Actor.COORDINATOR): S.CHANGES_REQUESTED,
    (S.ACTIVE, A.PAUSE, Actor.PEER_EXPERT): S.PAUSED,
    (S.PAUSED, A.RESUME, Actor.PEER_EXPERT): S.ACTIVE,
    (S.ACTIVE, A.CREDENTIALS_CHANGED, Actor.PEER_EXPERT): S.SUBMITTED,
    (S.PAUSED, A.CREDENTIALS_CHANGED, Actor.PEER_EXPERT): S.SUBMITTED,
    **{
        (status, A.RETIRE, actor): S.RETIRED
        for status in S
        if status is not S.RETIRED
        for actor in Actor
    },
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", list(A))
@pytest.mark.parametrize("actor", list(Actor))
def test_only_the_listed_transitions_are_possible(status: S, action: A, actor: Actor) -> None:
    assert next_status(status, action, actor) == LEGAL.get((status, action, actor))


def test_retired_is_final() -> None:
    for actor in Actor:
        assert allowed_actions(S.RETIRED, actor) == frozenset()


def test_a_peer_expert_can_never_verify_themselves() -> None:
    assert A.VERIFY not in allowed_actions(S.SUBMITTED, Actor.PEER_EXPERT)


def test_a_coordinator_cannot_pause_a_peer_expert() -> None:
    assert A.PAUSE not in allowed_actions(S.ACTIVE, Actor.COORDINATOR)
