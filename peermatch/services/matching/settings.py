"""Matching's fixed numbers and status groups, shared by its use cases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from peermatch.matching import (
    Weights,
)
from peermatch.models.enums import (
    ProposalStatus,
)

#: How far ahead matching looks for a first session (four weeks).
HORIZON_DAYS = 28


#: Proposals in this period count towards a fair spread of work.
RECENT_PROPOSAL_DAYS = 30


#: A youth chooses among a handful of explained candidates, never a long list.
CARDS_FOR_REQUESTER = 5


CARDS_FOR_COORDINATOR = 10


#: Earlier proposals on the same request in these states are not offered again.
SPENT_STATUSES = (
    ProposalStatus.DECLINED,
    ProposalStatus.EXPIRED,
    ProposalStatus.REJECTED,
    ProposalStatus.WITHDRAWN,
)


#: Proposals the peer expert accepted: the only ones that count as recent work.
ACCEPTED_STATUSES = (
    ProposalStatus.AWAITING_APPROVAL,
    ProposalStatus.APPROVED,
    ProposalStatus.CLOSED,
)


ViewerKind = Literal["requester", "coordinator"]


def configured_weights(config: Mapping[str, object]) -> Weights:
    """The deployment's factor weights (``MATCHING_WEIGHTS``); unknown keys are an error."""
    raw = config.get("MATCHING_WEIGHTS") or {}
    if not isinstance(raw, Mapping):
        raise ValueError("MATCHING_WEIGHTS must be a mapping")
    return Weights.from_config(raw)
