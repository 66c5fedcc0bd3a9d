"""Slots are generated only for candidates whose slots the ranking reads: giving everyone
else no slots at all changes nothing in the ranking (order, scores, exclusions)."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from matching_builders import NOW, TAXONOMY
from test_matching_fused_ranking import assert_same
from test_matching_properties import rich_worlds

from peermatch.matching import (
    Candidate,
    ExclusionReason,
    MatchRequest,
    needing_slots,
    rank_candidates,
)


@settings(max_examples=200)
@given(rich_worlds())
def test_dropping_the_slots_of_those_not_needing_them_keeps_the_ranking(
    world: tuple[MatchRequest, list[Candidate]],
) -> None:
    request, pool = world
    needed = needing_slots(request, pool, taxonomy=TAXONOMY, now=NOW)
    lazy = [c if c.peer_id in needed else dataclasses.replace(c, free_slots=()) for c in pool]
    full = rank_candidates(request, pool, taxonomy=TAXONOMY, now=NOW)
    assert_same(rank_candidates(request, lazy, taxonomy=TAXONOMY, now=NOW), full)
    # everyone ranked, or excluded for want of a slot, had their slots read
    assert {r.peer_id for r in full.ranked} <= needed
    assert {e.peer_id for e in full.excluded if e.reason is ExclusionReason.NO_SLOT} <= needed


@settings(max_examples=100)
@given(rich_worlds())
def test_nobody_whom_an_earlier_filter_excludes_needs_slots(
    world: tuple[MatchRequest, list[Candidate]],
) -> None:
    request, pool = world
    needed = needing_slots(request, pool, taxonomy=TAXONOMY, now=NOW)
    before_slots = {
        e.peer_id
        for e in rank_candidates(request, pool, taxonomy=TAXONOMY, now=NOW).excluded
        if e.reason not in (ExclusionReason.NO_SLOT, ExclusionReason.VOG)
    }
    assert not needed & before_slots
