"""The ranking loop as it was before it was fused for speed, kept as the oracle.

It composes the readable building blocks (`filters.evaluate`, `factors.factor_values`)
one candidate at a time; `rank_candidates` must give exactly the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from peermatch.matching.context import build_context
from peermatch.matching.factors import applicable_weights, factor_values
from peermatch.matching.filters import evaluate
from peermatch.matching.result import RankedCandidate, Ranking
from peermatch.matching.types import Candidate, Exclusion, ExclusionReason, MatchRequest, Taxonomy
from peermatch.matching.weights import DEFAULT_WEIGHTS, Weights


def reference_rank(
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
    ranked: list[RankedCandidate] = []
    excluded: list[Exclusion] = []
    for candidate in candidates:
        outcome = evaluate(candidate, ctx)
        if isinstance(outcome, ExclusionReason):
            excluded.append(Exclusion(candidate.peer_id, outcome))
            continue
        values = factor_values(candidate, outcome, ctx, applies)
        total = 0.0
        for weight, value in zip(applies, values, strict=True):
            total += weight * value
        ranked_candidate = RankedCandidate(
            candidate.peer_id,
            total * scale,
            outcome.soonest_slot,
            outcome.modes,
            values[0],
            applies,
            candidate,
            ctx,
        )
        # what a ranked candidate derives when read is what the readable factors say
        assert ranked_candidate.factor_values == values
        ranked.append(ranked_candidate)
    ranked.sort(key=lambda r: (-r.score, r.candidate.tie_break_key, r.peer_id))
    excluded.sort(key=lambda e: e.peer_id)
    return Ranking(ranked=tuple(ranked), excluded=tuple(excluded))
