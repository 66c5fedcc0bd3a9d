"""Rank eligible peer experts for one request, deterministically.

Each candidate's score depends only on the request and that candidate (no
normalisation across candidates), so removing one candidate never reorders the
others, and the order is total: score descending, then the stable tie-break key,
then peer id.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from peermatch.matching.context import build_context
from peermatch.matching.factors import applicable_weights, factor_values
from peermatch.matching.filters import evaluate
from peermatch.matching.result import RankedCandidate, Ranking
from peermatch.matching.types import (
    Candidate,
    Exclusion,
    ExclusionReason,
    MatchRequest,
    Taxonomy,
)
from peermatch.matching.weights import DEFAULT_WEIGHTS, Weights


def rank_candidates(
    request: MatchRequest,
    candidates: Iterable[Candidate],
    *,
    taxonomy: Taxonomy,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Ranking:
    ctx = build_context(request, taxonomy, now)
    applies = applicable_weights(ctx, weights)
    weight_sum = sum(applies)
    scale = 1.0 / weight_sum if weight_sum else 0.0
    seen: set[int] = set()
    ranked: list[RankedCandidate] = []
    excluded: list[Exclusion] = []
    for candidate in candidates:
        peer_id = candidate.peer_id
        if peer_id in seen:
            raise ValueError(f"peer {peer_id} appears twice")
        seen.add(peer_id)
        outcome = evaluate(candidate, ctx)
        if isinstance(outcome, ExclusionReason):
            excluded.append(Exclusion(peer_id, outcome))
            continue
        values = factor_values(candidate, outcome, ctx, applies)
        total = 0.0
        for weight, value in zip(applies, values, strict=True):
            total += weight * value
        ranked.append(
            RankedCandidate(
                peer_id,
                total * scale,
                outcome.soonest_slot,
                outcome.modes,
                values,
                applies,
                candidate,
                ctx,
            )
        )
    ranked.sort(key=_order)
    excluded.sort(key=lambda e: e.peer_id)
    return Ranking(ranked=tuple(ranked), excluded=tuple(excluded))


def _order(result: RankedCandidate) -> tuple[float, str, int]:
    return (-result.score, result.candidate.tie_break_key, result.peer_id)
