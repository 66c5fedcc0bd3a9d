"""One proposal per open request for a coordinator's batch, under peer capacity.

The optimal variant solves the assignment problem with scipy's
`linear_sum_assignment` on a rectangular matrix with one column per unit of a
peer expert's remaining capacity ("capacity copies"). Ineligible pairs get cost
0 and eligible pairs cost -score (scores are >= 0), so an ineligible pair in the
solver's full matching stands for "unassigned": it is dropped afterwards and
never changes the total. The matrix is kept small: only peer experts eligible
for at least one request get columns, and never more copies than requests that
could use them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.optimize import linear_sum_assignment

RequestScores = tuple[int, Mapping[int, float]]
Objective = Literal["score", "coverage"]


@dataclass(frozen=True, slots=True)
class Assignment:
    """request_id -> peer_id for the requests that got a proposal, and their summed score."""

    pairs: dict[int, int] = field(default_factory=dict)
    total: float = 0.0


def _validate(requests: Sequence[RequestScores], capacities: Mapping[int, int]) -> None:
    ids = [request_id for request_id, _ in requests]
    if len(set(ids)) != len(ids):
        raise ValueError("request ids must be unique")
    for _, scores in requests:
        for peer_id, score in scores.items():
            if not math.isfinite(score) or score < 0:
                raise ValueError(f"score for peer {peer_id} must be a finite number >= 0")
    for peer_id, capacity in capacities.items():
        if capacity < 0:
            raise ValueError(f"capacity of peer {peer_id} must not be negative")


def optimal_assignment(
    requests: Sequence[RequestScores],
    capacities: Mapping[int, int],
    *,
    objective: Objective = "score",
) -> Assignment:
    """Maximise the total score; a request may stay unassigned.

    `objective="coverage"` first maximises how many requests get a proposal and
    only then the total score (eligible pairs get a bonus larger than any total).
    A peer expert missing from `capacities` has no capacity.
    """
    _validate(requests, capacities)
    degree: dict[int, int] = {}
    for _, scores in requests:
        for peer_id in scores:
            if capacities.get(peer_id, 0) > 0:
                degree[peer_id] = degree.get(peer_id, 0) + 1
    if not degree:
        return Assignment()
    peers = sorted(degree)
    column_of = {peer_id: index for index, peer_id in enumerate(peers)}
    rows = [
        (request_id, scores)
        for request_id, scores in requests
        if any(peer_id in column_of for peer_id in scores)
    ]
    reduced = np.zeros((len(rows), len(peers)))
    eligible = np.zeros((len(rows), len(peers)), dtype=bool)
    bonus = 1.0 + sum(max(s.values()) for _, s in rows) if objective == "coverage" else 0.0
    for row, (_, scores) in enumerate(rows):
        for peer_id, score in scores.items():
            column = column_of.get(peer_id)
            if column is not None:
                reduced[row, column] = -(score + bonus)
                eligible[row, column] = True
    copies = np.array([min(capacities[p], degree[p]) for p in peers])
    cost = np.repeat(reduced, copies, axis=1)
    mask = np.repeat(eligible, copies, axis=1)
    copy_peer = np.repeat(np.array(peers), copies)
    row_ind, col_ind = linear_sum_assignment(cost)
    pairs: dict[int, int] = {}
    total = 0.0
    for row, col in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
        if mask[row, col]:
            request_id, scores = rows[row]
            peer_id = int(copy_peer[col])
            pairs[request_id] = peer_id
            total += scores[peer_id]
    return Assignment(pairs, total)


def greedy_assignment(
    requests: Sequence[RequestScores], capacities: Mapping[int, int]
) -> Assignment:
    """Best remaining pair first; the baseline the optimal assignment is compared with."""
    _validate(requests, capacities)
    order = {request_id: index for index, (request_id, _) in enumerate(requests)}
    candidates = sorted(
        (
            (-score, order[request_id], peer_id, request_id)
            for request_id, scores in requests
            for peer_id, score in scores.items()
        ),
    )
    remaining = dict(capacities)
    pairs: dict[int, int] = {}
    total = 0.0
    for neg_score, _, peer_id, request_id in candidates:
        if request_id in pairs or remaining.get(peer_id, 0) <= 0:
            continue
        pairs[request_id] = peer_id
        remaining[peer_id] -= 1
        total += -neg_score
    return Assignment(pairs, total)
