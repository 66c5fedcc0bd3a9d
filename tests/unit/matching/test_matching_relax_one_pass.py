"""Relaxation hints from the one ranking pass equal re-ranking once per relaxation."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from matching_builders import NOW, TAXONOMY
from test_matching_properties import rich_worlds

from peermatch.matching import (
    Candidate,
    MatchRequest,
    rank_candidates,
    relaxations_from_ranking,
    suggest_relaxations,
)
from peermatch.matching.context import build_context
from peermatch.matching.filters import slot_in_windows


@settings(max_examples=150)
@given(rich_worlds())
def test_hints_from_the_ranking_equal_re_ranking_per_relaxation(
    world: tuple[MatchRequest, list[Candidate]],
) -> None:
    request, pool = world
    ranking = rank_candidates(request, pool, taxonomy=TAXONOMY, now=NOW)
    assert relaxations_from_ranking(
        request, ranking, pool, taxonomy=TAXONOMY, now=NOW
    ) == suggest_relaxations(request, pool, taxonomy=TAXONOMY, now=NOW)


@settings(max_examples=100)
@given(rich_worlds())
def test_any_time_counts_slots_outside_the_windows_loaded_only_for_the_excluded(
    world: tuple[MatchRequest, list[Candidate]],
) -> None:
    """The service ranks on slots inside the windows and loads every slot only for
    those excluded for lack of a slot; the hints equal re-ranking with every slot."""
    request, pool = world
    ctx = build_context(request, TAXONOMY, NOW)
    windowed = [
        dataclasses.replace(
            c, free_slots=tuple(s for s in c.free_slots if slot_in_windows(s[0], s[1], ctx))
        )
        for c in pool
    ]
    ranking = rank_candidates(request, windowed, taxonomy=TAXONOMY, now=NOW)
    slot_bound = {e.peer_id for e in ranking.excluded if e.reason in {"vog", "no_slot"}}
    everything = {c.peer_id: c for c in pool if c.peer_id in slot_bound}
    assert relaxations_from_ranking(
        request, ranking, windowed, taxonomy=TAXONOMY, now=NOW, with_all_slots=everything
    ) == suggest_relaxations(request, pool, taxonomy=TAXONOMY, now=NOW)
