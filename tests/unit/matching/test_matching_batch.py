"""Batch proposals: optimal under capacity, never ineligible, compared with greedy."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peermatch.matching import greedy_assignment, optimal_assignment
from peermatch.matching.batch import Assignment, RequestScores


def brute_force(
    requests: list[RequestScores], capacities: dict[int, int], *, coverage: bool = False
) -> tuple[int, float]:
    """Best (assigned count if coverage else 0, total) over every feasible assignment."""
    options = [[None, *scores] for _, scores in requests]
    best = (0, 0.0)
    for choice in itertools.product(*options):
        used: dict[int, int] = {}
        for peer in choice:
            if peer is not None:
                used[peer] = used.get(peer, 0) + 1
        if any(n > capacities.get(p, 0) for p, n in used.items()):
            continue
        total = sum(
            scores[p] for (_, scores), p in zip(requests, choice, strict=True) if p is not None
        )
        count = sum(p is not None for p in choice) if coverage else 0
        if (count, total) > (best[0], best[1] + 1e-9):
            best = (count, total)
    return best


def check_feasible(
    result: Assignment, requests: list[RequestScores], capacities: dict[int, int]
) -> None:
    scores_of = dict(requests)
    used: dict[int, int] = {}
    for request_id, peer in result.pairs.items():
        assert peer in scores_of[request_id], "ineligible pair assigned"
        used[peer] = used.get(peer, 0) + 1
    for peer, n in used.items():
        assert n <= capacities.get(peer, 0)
    assert math.isclose(
        result.total, sum(scores_of[r][p] for r, p in result.pairs.items()), abs_tol=1e-9
    )


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[RequestScores], dict[int, int]]:
    n_requests = draw(st.integers(0, 5))
    peers = list(range(1, draw(st.integers(1, 4)) + 1))
    capacities = {p: draw(st.integers(0, 2)) for p in peers}
    score = st.floats(0.0, 1.0, allow_nan=False).map(lambda x: round(x, 3))
    requests: list[RequestScores] = []
    for request_id in range(n_requests):
        eligible = draw(st.lists(st.sampled_from(peers), unique=True, max_size=len(peers)))
        requests.append((request_id, {p: draw(score) for p in eligible}))
    return requests, capacities


@settings(deadline=None, max_examples=300)
@given(batches())
def test_optimal_matches_brute_force_and_respects_capacity(
    batch: tuple[list[RequestScores], dict[int, int]],
) -> None:
    requests, capacities = batch
    result = optimal_assignment(requests, capacities)
    check_feasible(result, requests, capacities)
    assert result.total == pytest.approx(brute_force(requests, capacities)[1], abs=1e-9)


@settings(deadline=None, max_examples=200)
@given(batches())
def test_coverage_objective_first_maximises_assigned_requests(
    batch: tuple[list[RequestScores], dict[int, int]],
) -> None:
    requests, capacities = batch
    result = optimal_assignment(requests, capacities, objective="coverage")
    check_feasible(result, requests, capacities)
    count, total = brute_force(requests, capacities, coverage=True)
    assert len(result.pairs) == count
    assert result.total == pytest.approx(total, abs=1e-9)


@settings(deadline=None, max_examples=200)
@given(batches())
def test_greedy_is_feasible_and_never_beats_optimal(
    batch: tuple[list[RequestScores], dict[int, int]],
) -> None:
    requests, capacities = batch
    greedy = greedy_assignment(requests, capacities)
    check_feasible(greedy, requests, capacities)
    assert greedy.total <= optimal_assignment(requests, capacities).total + 1e-9


def test_optimal_beats_greedy_on_the_classic_trap() -> None:
    requests: list[RequestScores] = [(1, {10: 0.9, 20: 0.8}), (2, {10: 0.85})]
    capacities = {10: 1, 20: 1}
    assert greedy_assignment(requests, capacities).pairs == {1: 10}
    optimal = optimal_assignment(requests, capacities)
    assert optimal.pairs == {1: 20, 2: 10}
    assert optimal.total == pytest.approx(1.65)


def test_capacity_copies_let_one_peer_take_several_requests() -> None:
    requests: list[RequestScores] = [(1, {10: 0.5}), (2, {10: 0.6}), (3, {10: 0.7})]
    result = optimal_assignment(requests, {10: 2})
    assert result.pairs == {2: 10, 3: 10}


def test_a_request_without_eligible_peer_stays_unassigned() -> None:
    requests: list[RequestScores] = [(1, {}), (2, {10: 0.4}), (3, {99: 0.9})]
    result = optimal_assignment(requests, {10: 1})
    assert result.pairs == {2: 10}


def test_empty_batch() -> None:
    assert optimal_assignment([], {}) == Assignment()


@pytest.mark.parametrize(
    ("requests", "capacities"),
    [
        ([(1, {10: 0.5}), (1, {10: 0.4})], {10: 1}),
        ([(1, {10: -0.1})], {10: 1}),
        ([(1, {10: float("nan")})], {10: 1}),
        ([(1, {10: 0.5})], {10: -1}),
    ],
)
def test_bad_batch_input_is_rejected(
    requests: list[RequestScores], capacities: dict[int, int]
) -> None:
    with pytest.raises(ValueError):
        optimal_assignment(requests, capacities)
