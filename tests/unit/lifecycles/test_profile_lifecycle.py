"""The profile lifecycle's ``next_state``: the table plus its guard, with errors of a kind."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from peermatch.lifecycles import ErrorKind, Refusal
from peermatch.lifecycles.profiles import Actor, ProfileFacts, next_state, next_status
from peermatch.lifecycles.profiles import ProfileAction as A
from peermatch.lifecycles.profiles import ProfileStatus as S

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", list(A))
@pytest.mark.parametrize("actor", list(Actor))
def test_next_state_follows_the_table(status: S, action: A, actor: Actor) -> None:
    expected = next_status(status, action, actor)
    if expected is not None:
        assert next_state(status, action, actor, now=NOW) is expected
        return
    with pytest.raises(Refusal) as refused:
        next_state(status, action, actor, now=NOW)
    assert refused.value.key == "profile.error.transition"
    assert refused.value.params == {"action": action.value, "status": status.value}
    assert refused.value.kind is ErrorKind.CONFLICT


def test_an_incomplete_profile_cannot_be_submitted_and_says_what_is_missing() -> None:
    facts = ProfileFacts(missing=("profile.missing.story", "profile.missing.vog"))
    with pytest.raises(Refusal) as refused:
        next_state(S.DRAFT, A.SUBMIT, Actor.PEER_EXPERT, now=NOW, facts=facts)
    assert refused.value.key == "profile.error.incomplete"
    assert refused.value.params == {"missing": "profile.missing.story, profile.missing.vog"}
    assert refused.value.kind is ErrorKind.INPUT


def test_the_state_is_checked_before_completeness() -> None:
    """A verified profile is told it cannot submit, not that it is incomplete."""
    facts = ProfileFacts(missing=("profile.missing.story",))
    with pytest.raises(Refusal) as refused:
        next_state(S.ACTIVE, A.SUBMIT, Actor.PEER_EXPERT, now=NOW, facts=facts)
    assert refused.value.key == "profile.error.transition"
