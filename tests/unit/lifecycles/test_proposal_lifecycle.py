"""The proposal lifecycle as a table: who may move a proposal where, and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from peermatch.lifecycles import ErrorKind, Refusal
from peermatch.lifecycles.proposals import ProposalAction as A
from peermatch.lifecycles.proposals import ProposalActor as P
from peermatch.lifecycles.proposals import ProposalFacts, next_state
from peermatch.lifecycles.proposals import ProposalStatus as S

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
IN_TIME = ProposalFacts(respond_by=NOW + timedelta(hours=1))
OVERDUE = ProposalFacts(respond_by=NOW - timedelta(minutes=1))

# Stated independently of the implementation: (from, action, who) -> to.
LEGAL: dict[tuple[S, A, P], S] = {
    (S.CHOSEN, A.ASK, P.REQUESTER): S.ASKED,
    (S.CHOSEN, A.ASK, P.COORDINATOR): S.ASKED,
    (S.CHOSEN, A.ASK, P.SYSTEM): S.ASKED,
    (S.ASKED, A.ACCEPT, P.PEER_EXPERT): S.AWAITING_APPROVAL,
    (S.ASKED, A.DECLINE, P.PEER_EXPERT): S.DECLINED,
    (S.ASKED, A.EXPIRE, P.SYSTEM): S.EXPIRED,
    (S.AWAITING_APPROVAL, A.APPROVE, P.COORDINATOR): S.APPROVED,
    (S.AWAITING_APPROVAL, A.APPROVE, P.SYSTEM): S.APPROVED,
    (S.AWAITING_APPROVAL, A.REJECT, P.COORDINATOR): S.REJECTED,
    (S.AWAITING_APPROVAL, A.REPLACE, P.COORDINATOR): S.WITHDRAWN,
    (S.CHOSEN, A.REFUSE_SUGGESTION, P.REQUESTER): S.WITHDRAWN,
    **{
        (status, A.WITHDRAW, actor): S.WITHDRAWN
        for status in (S.CHOSEN, S.ASKED, S.AWAITING_APPROVAL)
        for actor in (P.REQUESTER, P.SYSTEM)
    },
}


def _facts(action: A) -> ProposalFacts:
    """Facts under which the action's guards pass."""
    return OVERDUE if action is A.EXPIRE else IN_TIME


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", list(A))
@pytest.mark.parametrize("actor", list(P))
def test_only_the_listed_transitions_are_possible(status: S, action: A, actor: P) -> None:
    expected = LEGAL.get((status, action, actor))
    if expected is not None:
        assert next_state(status, action, actor, now=NOW, facts=_facts(action)) is expected
        return
    with pytest.raises(Refusal) as refused:
        next_state(status, action, actor, now=NOW, facts=_facts(action))
    assert refused.value.key == f"match.error.cannot_{action.value}"
    assert refused.value.params == {"status": status.value}
    assert refused.value.kind is ErrorKind.CONFLICT


def test_closed_proposals_never_move_again() -> None:
    closed = {S.DECLINED, S.EXPIRED, S.APPROVED, S.REJECTED, S.WITHDRAWN, S.CLOSED}
    assert not any(source in closed for (source, _a, _p) in LEGAL)


def test_a_late_answer_is_refused_as_a_conflict() -> None:
    with pytest.raises(Refusal) as refused:
        next_state(S.ASKED, A.ACCEPT, P.PEER_EXPERT, now=NOW, facts=OVERDUE)
    assert refused.value.key == "match.error.answer_too_late"
    assert refused.value.kind is ErrorKind.CONFLICT


def test_an_answer_exactly_at_the_deadline_still_counts() -> None:
    at_deadline = ProposalFacts(respond_by=NOW)
    assert next_state(S.ASKED, A.ACCEPT, P.PEER_EXPERT, now=NOW, facts=at_deadline) is (
        S.AWAITING_APPROVAL
    )


@pytest.mark.parametrize("facts", [IN_TIME, ProposalFacts(respond_by=None)])
def test_a_proposal_expires_only_once_its_answer_is_overdue(facts: ProposalFacts) -> None:
    with pytest.raises(Refusal) as refused:
        next_state(S.ASKED, A.EXPIRE, P.SYSTEM, now=NOW, facts=facts)
    assert refused.value.key == "match.error.cannot_expire"


def test_the_core_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_state(S.CHOSEN, A.ASK, P.REQUESTER, now=datetime(2026, 6, 1, 10, 0))
