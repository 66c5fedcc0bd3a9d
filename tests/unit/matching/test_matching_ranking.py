"""The total score is the weighted mean of its breakdown, and weights steer it."""

from __future__ import annotations

import pytest
from matching_builders import DIVORCE, FOSTER_CARE, order, peer, rank, youth_request

from peermatch.matching import FACTOR_NAMES, Weights


def test_score_is_the_weighted_mean_of_the_breakdown() -> None:
    request = youth_request(also=(DIVORCE,), gender_preference="specific", preferred_gender="woman")
    result = rank(request, peer(1, FOSTER_CARE, upcoming_sessions=2, past_rating=4.5)).ranked[0]
    factors = result.factors
    assert list(factors) == list(FACTOR_NAMES)
    weighted = sum(f.value * f.weight for f in factors.values())
    assert result.score == pytest.approx(weighted / sum(f.weight for f in factors.values()))


def test_configured_weights_steer_the_order() -> None:
    close_but_busy = peer(1, FOSTER_CARE, upcoming_sessions=8)
    sibling_but_free = peer(2, DIVORCE)
    default = rank(youth_request(), close_but_busy, sibling_but_free)
    spread_first = rank(
        youth_request(),
        close_but_busy,
        sibling_but_free,
        weights=Weights.from_config({"shared_experience": 0.5, "fair_spread": 5}),
    )
    assert order(default) == [1, 2]
    assert order(spread_first) == [2, 1]


def test_all_weights_zero_gives_zero_scores_but_still_a_total_order() -> None:
    zero = Weights.from_config(dict.fromkeys(FACTOR_NAMES, 0))
    ranking = rank(youth_request(), peer(1), peer(2), peer(3), weights=zero)
    assert {r.score for r in ranking.ranked} == {0.0}
    assert len(order(ranking)) == 3
