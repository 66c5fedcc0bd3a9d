"""Taxonomy relations: structure only, never severity."""

from __future__ import annotations

from matching_builders import (
    ANXIETY,
    BULLYING,
    DEPRESSION,
    DIVORCE,
    FAMILY,
    FOSTER_CARE,
    MOOD,
    TAXONOMY,
)

from peermatch.matching.experience import ancestors, relation_kind, relation_table
from peermatch.matching.types import RequestedDomain


def test_relation_kinds() -> None:
    assert relation_kind(FOSTER_CARE, FOSTER_CARE, TAXONOMY) == "same"
    assert relation_kind(FOSTER_CARE, DIVORCE, TAXONOMY) == "sibling"
    assert relation_kind(FOSTER_CARE, FAMILY, TAXONOMY) == "category"
    assert relation_kind(FAMILY, FOSTER_CARE, TAXONOMY) == "within"
    assert relation_kind(FOSTER_CARE, DEPRESSION, TAXONOMY) is None
    assert relation_kind(FAMILY, MOOD, TAXONOMY) is None


def test_deeper_taxonomy_shares_a_category_through_a_common_ancestor() -> None:
    deep = {1: None, 10: 1, 11: 1, 100: 10, 110: 11}
    assert relation_kind(100, 110, deep) == "category"
    assert ancestors(100, deep) == (10, 1)


def test_a_cyclic_taxonomy_does_not_hang() -> None:
    assert ancestors(1, {1: 2, 2: 1}) == (2,)


def test_relation_table_covers_unknown_requested_domains() -> None:
    table = relation_table((RequestedDomain(999, "most"),), TAXONOMY)
    assert [r.kind for r in table[999]] == ["same"]
    assert BULLYING not in table


def test_relation_table_lists_each_requested_domain() -> None:
    table = relation_table(
        (RequestedDomain(DEPRESSION, "most"), RequestedDomain(ANXIETY, "also")), TAXONOMY
    )
    assert [(r.requested_index, r.kind) for r in table[DEPRESSION]] == [(0, "same"), (1, "sibling")]
    assert [(r.requested_index, r.kind) for r in table[MOOD]] == [(0, "category"), (1, "category")]
