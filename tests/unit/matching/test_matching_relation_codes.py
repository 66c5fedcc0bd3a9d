"""The OR of relation codes gives the same best relation per requested domain as taking
the maximum over the relations one by one, and the ranking built on it (with its
remembered factor terms) stays identical to the reference, also beyond what it remembers."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st
from matching_builders import NOW, TAXONOMY
from reference_ranking import reference_rank
from test_matching_fused_ranking import assert_same, weights_strategy
from test_matching_properties import rich_worlds

from peermatch.matching import Candidate, MatchRequest, Weights, rank_candidates
from peermatch.matching.experience import BestRelationCodes, Relation

_VALUES = st.sampled_from([0.0, 0.25, 0.5, 1.0, 0.3, 2.0, -1.0])


@st.composite
def relation_tables(draw: st.DrawFn) -> tuple[dict[int, tuple[Relation, ...]], int]:
    requested_count = draw(st.integers(1, 5))
    table: dict[int, tuple[Relation, ...]] = {}
    for domain_id in range(draw(st.integers(0, 12))):
        indexes = draw(st.lists(st.integers(0, requested_count - 1), max_size=3))
        table[domain_id] = tuple(Relation(i, "same", draw(_VALUES)) for i in indexes)
    return table, requested_count


def straightforward_bests(
    table: dict[int, tuple[Relation, ...]], requested_count: int, domains: list[int]
) -> tuple[tuple[float, ...], bool]:
    best = [0.0] * requested_count
    found = False
    for domain_id in domains:
        for rel in table.get(domain_id, ()):
            found = True
            if rel.value > best[rel.requested_index]:
                best[rel.requested_index] = rel.value
    return tuple(best), found


@settings(max_examples=300)
@given(relation_tables(), st.data())
def test_or_of_codes_gives_the_best_relation_per_requested_domain(
    world: tuple[dict[int, tuple[Relation, ...]], int], data: st.DataObject
) -> None:
    table, requested_count = world
    codes = BestRelationCodes(table, requested_count)
    domains = data.draw(st.lists(st.integers(-1, 13), max_size=6))
    combined = 0
    for domain_id in domains:
        combined |= codes.codes.get(domain_id, 0)
    expected, found = straightforward_bests(table, requested_count, domains)
    assert (combined != 0) == found
    assert codes.bests(combined) == expected


@settings(max_examples=100)
@given(rich_worlds(), weights_strategy, st.data())
def test_fused_ranking_equals_the_reference_with_large_workloads(
    world: tuple[MatchRequest, list[Candidate]], weights: Weights, data: st.DataObject
) -> None:
    """Fair-spread terms are remembered for small counts only: larger ones take the
    other path, and must give the same scores."""
    request, pool = world
    counts = st.integers(0, 40)
    pool = [
        dataclasses.replace(
            c, upcoming_sessions=data.draw(counts), recent_proposals=data.draw(counts)
        )
        for c in pool
    ]
    assert_same(
        rank_candidates(request, pool, taxonomy=TAXONOMY, now=NOW, weights=weights),
        reference_rank(request, pool, taxonomy=TAXONOMY, now=NOW, weights=weights),
    )
