"""The match-proposal lifecycle as a table: from which states, to which state, who, guards.

A proposal is one peer expert chosen for one request. It is asked, answered, and (when the
organisation's policy says so) approved by a coordinator; whatever happens, it ends in one
of the closed states and never comes back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from peermatch.lifecycles.errors import Refusal
from peermatch.lifecycles.table import Transition, decide


class ProposalStatus(StrEnum):
    CHOSEN = "chosen"  # picked by the requester, waiting its turn (2nd/3rd choice)
    ASKED = "asked"  # the peer expert is asked to accept
    DECLINED = "declined"
    EXPIRED = "expired"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class ProposalAction(StrEnum):
    ASK = "ask"
    ACCEPT = "accept"
    DECLINE = "decline"
    EXPIRE = "expire"
    APPROVE = "approve"
    REJECT = "reject"
    REPLACE = "replace"  # a coordinator suggests another peer expert instead
    REFUSE_SUGGESTION = "refuse_suggestion"
    WITHDRAW = "withdraw"


class ProposalActor(StrEnum):
    REQUESTER = "requester"  # the youth, or a member of the requesting team
    PEER_EXPERT = "peer_expert"
    COORDINATOR = "coordinator"
    SYSTEM = "system"  # the clock, an organisation's policy, or a follow-on of another step


@dataclass(frozen=True, slots=True)
class ProposalFacts:
    """What the guards need besides the state."""

    respond_by: datetime | None = None


def _answered_in_time(facts: ProposalFacts, now: datetime) -> None:
    if facts.respond_by is not None and now > facts.respond_by:
        raise Refusal("match.error.answer_too_late")


def _overdue(facts: ProposalFacts, now: datetime) -> None:
    # Only an asked proposal reaches this guard, so "asked" is the status to report.
    if facts.respond_by is None or now < facts.respond_by:
        raise Refusal("match.error.cannot_expire", status=ProposalStatus.ASKED.value)


S = ProposalStatus
A = ProposalAction
P = ProposalActor

#: Nothing else moves a proposal.
TRANSITIONS: Mapping[ProposalAction, Transition[ProposalStatus, ProposalActor, ProposalFacts]] = (
    MappingProxyType(
        {
            A.ASK: Transition(
                frozenset({S.CHOSEN}), S.ASKED, frozenset({P.REQUESTER, P.COORDINATOR, P.SYSTEM})
            ),
            A.ACCEPT: Transition(
                frozenset({S.ASKED}),
                S.AWAITING_APPROVAL,
                frozenset({P.PEER_EXPERT}),
                (_answered_in_time,),
            ),
            A.DECLINE: Transition(frozenset({S.ASKED}), S.DECLINED, frozenset({P.PEER_EXPERT})),
            A.EXPIRE: Transition(
                frozenset({S.ASKED}), S.EXPIRED, frozenset({P.SYSTEM}), (_overdue,)
            ),
            # The system approves when the organisation's policy needs no coordinator.
            A.APPROVE: Transition(
                frozenset({S.AWAITING_APPROVAL}), S.APPROVED, frozenset({P.COORDINATOR, P.SYSTEM})
            ),
            A.REJECT: Transition(
                frozenset({S.AWAITING_APPROVAL}), S.REJECTED, frozenset({P.COORDINATOR})
            ),
            A.REPLACE: Transition(
                frozenset({S.AWAITING_APPROVAL}), S.WITHDRAWN, frozenset({P.COORDINATOR})
            ),
            A.REFUSE_SUGGESTION: Transition(
                frozenset({S.CHOSEN}), S.WITHDRAWN, frozenset({P.REQUESTER})
            ),
            A.WITHDRAW: Transition(
                frozenset({S.CHOSEN, S.ASKED, S.AWAITING_APPROVAL}),
                S.WITHDRAWN,
                frozenset({P.REQUESTER, P.SYSTEM}),
            ),
        }
    )
)


def next_state(
    current: ProposalStatus,
    action: ProposalAction,
    actor: ProposalActor,
    *,
    now: datetime,
    facts: ProposalFacts | None = None,
) -> ProposalStatus:
    """The status after ``action`` by ``actor`` at ``now``; refusals raise ``Refusal``."""
    return decide(
        TRANSITIONS,
        current,
        action,
        actor,
        facts if facts is not None else ProposalFacts(),
        now=now,
        illegal=lambda: Refusal(f"match.error.cannot_{action.value}", status=current.value),
    )
