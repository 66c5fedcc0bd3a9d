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
from peermatch.matching.explain import explain
from peermatch.matching.factors import applicable_weights, factor_values
from peermatch.matching.filters import Eligible, evaluate
from peermatch.matching.types import (
    Candidate,
    Exclusion,
    ExclusionReason,
    FactorScore,
    MatchRequest,
    RankedCandidate,
    Ranking,
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
    weight_items = tuple(applies.items())
    weight_sum = sum(applies.values())
    seen: set[int] = set()
    rows: list[tuple[float, str, int, Candidate, Eligible, dict[str, float]]] = []
    excluded: list[Exclusion] = []
    for candidate in candidates:
        if candidate.peer_id in seen:
            raise ValueError(f"peer {candidate.peer_id} appears twice")
        seen.add(candidate.peer_id)
        outcome = evaluate(candidate, ctx)
        if isinstance(outcome, ExclusionReason):
            excluded.append(Exclusion(candidate.peer_id, outcome))
            continue
        values = factor_values(candidate, outcome, ctx, applies)
        total = 0.0
        for name, weight in weight_items:
            total += weight * values[name]
        score = total / weight_sum if weight_sum else 0.0
        rows.append(
            (-score, candidate.tie_break_key, candidate.peer_id, candidate, outcome, values)
        )
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    ranked = tuple(
        RankedCandidate(
            peer_id=peer_id,
            score=-neg_score,
            factors={name: FactorScore(values[name], weight) for name, weight in weight_items},
            reasons=explain(candidate, eligible, ctx, values, applies),
            soonest_slot=eligible.soonest_slot,
            modes=eligible.modes,
        )
        for neg_score, _, peer_id, candidate, eligible, values in rows
    )
    excluded.sort(key=lambda e: e.peer_id)
    return Ranking(ranked=ranked, excluded=tuple(excluded))
