"""The fused, fast ranking loop gives exactly what the readable building blocks give:
same order, same scores to the last bit, same factors, slots, modes and exclusions."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_builders import NOW, TAXONOMY
from reference_ranking import reference_rank
from test_matching_properties import rich_worlds

from peermatch.matching import (
    Candidate,
    MatchRequest,
    Ranking,
    RequestedDomain,
    Weights,
    rank_candidates,
)


def assert_same(fast: Ranking, slow: Ranking) -> None:
    assert [r.peer_id for r in fast.ranked] == [r.peer_id for r in slow.ranked]
    for a, b in zip(fast.ranked, slow.ranked, strict=True):
        assert a.score == b.score
        assert a.factor_values == b.factor_values
        assert a.factor_weights == b.factor_weights
        assert a.soonest_slot == b.soonest_slot
        assert a.modes == b.modes
        assert a.reasons == b.reasons
    assert fast.excluded == slow.excluded


weights_strategy = st.builds(
    Weights,
    shared_experience=st.sampled_from([0.0, 4.0]),
    gender=st.sampled_from([0.0, 1.5]),
    age_closeness=st.sampled_from([0.0, 1.0, 2.5]),
    language=st.sampled_from([0.0, 1.0]),
    soonest_slot=st.sampled_from([0.0, 1.0]),
    fair_spread=st.sampled_from([0.0, 1.5]),
    continuity=st.sampled_from([0.0, 1.0]),
)


@settings(max_examples=150)
@given(rich_worlds(), weights_strategy)
def test_fused_ranking_equals_the_reference_on_generated_worlds(
    world: tuple[MatchRequest, list[Candidate]], weights: Weights
) -> None:
    request, pool = world
    assert_same(
        rank_candidates(request, pool, taxonomy=TAXONOMY, now=NOW, weights=weights),
        reference_rank(request, pool, taxonomy=TAXONOMY, now=NOW, weights=weights),
    )


def test_fused_ranking_equals_the_reference_on_the_seeded_benchmark_world(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The benchmark's 10,000-candidate world (two requested domains, windows, distance)."""
    from bench import bench_ranking

    rnd = random.Random(20261123)
    tree = bench_ranking.taxonomy()
    domains = [d for d, parent in tree.items() if parent is not None]
    monkeypatch.setattr(bench_ranking, "N_CANDIDATES", 2_000)
    pool = bench_ranking.build_candidates(rnd, domains)
    now = bench_ranking.NOW
    windows = tuple(
        (now.replace(hour=14) + timedelta(days=d), now.replace(hour=20) + timedelta(days=d))
        for d in range(1, 28)
    )
    for domains_asked, strict in (((101, 305), False), ((101,), True), ((), False)):
        request = MatchRequest(
            kind="youth",
            audience="youth_16_17",
            requester_id=1,
            domains=tuple(
                RequestedDomain(d, "most" if i == 0 else "also")
                for i, d in enumerate(domains_asked)
            ),
            earliest_session_date=now.date(),
            languages=frozenset({"nl", "en"}),
            first_language="nl",
            modes=frozenset({"video", "in_person"}),
            youth_age=16,
            youth_gender="woman",
            lat=52.09,
            lon=5.12,
            max_distance_km=25.0,
            gender_preference="same",
            gender_is_strict=strict,
            prefers_age_close=True,
            windows=windows,
        )
        fast = rank_candidates(request, pool, taxonomy=tree, now=now)
        assert fast.ranked  # the world is worth comparing
        assert_same(fast, reference_rank(request, pool, taxonomy=tree, now=now))
