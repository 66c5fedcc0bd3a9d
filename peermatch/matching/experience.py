"""How closely a peer expert's experience domain relates to a requested one.

Relatedness comes only from the taxonomy's shape (same domain, sibling, same
category); nothing here knows or infers how "heavy" an experience is, so no
factor can ever prefer one lived experience over another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from peermatch.matching.types import RequestedDomain, Taxonomy

RelationKind = Literal["same", "within", "sibling", "category"]

SAME = 1.0
SIBLING = 0.5
CATEGORY = 0.25

RELATION_VALUES: dict[RelationKind, float] = {
    "same": SAME,
    "within": SAME,
    "sibling": SIBLING,
    "category": CATEGORY,
}

#: "most" counts double of "also"
IMPORTANCE_WEIGHTS = {"most": 2.0, "also": 1.0}


@dataclass(frozen=True, slots=True)
class Relation:
    requested_index: int
    kind: RelationKind
    value: float


def ancestors(domain_id: int, taxonomy: Taxonomy) -> tuple[int, ...]:
    """Nearest first; stops on a cycle so a bad taxonomy cannot hang ranking."""
    chain: list[int] = []
    seen = {domain_id}
    parent = taxonomy.get(domain_id)
    while parent is not None and parent not in seen:
        chain.append(parent)
        seen.add(parent)
        parent = taxonomy.get(parent)
    return tuple(chain)


def relation_kind(requested: int, entry: int, taxonomy: Taxonomy) -> RelationKind | None:
    """Same domain > sibling under the same parent > sharing only a category.

    Asking about a whole category makes every domain inside it a full fit ("within").
    """
    if entry == requested:
        return "same"
    entry_ancestors = ancestors(entry, taxonomy)
    if requested in entry_ancestors:
        return "within"
    requested_parent = taxonomy.get(requested)
    if requested_parent is not None and entry_ancestors and entry_ancestors[0] == requested_parent:
        return "sibling"
    requested_ancestors = ancestors(requested, taxonomy)
    if entry in requested_ancestors or set(entry_ancestors) & set(requested_ancestors):
        return "category"
    return None


def relation_table(
    requested: tuple[RequestedDomain, ...], taxonomy: Taxonomy
) -> dict[int, tuple[Relation, ...]]:
    """Per entry domain, its non-zero relations to each requested domain.

    Built once per request so ranking thousands of candidates is dictionary look-ups.
    Domains unknown to the taxonomy have no parent, so they can only relate by
    being requested themselves or being a parent named in the taxonomy: both are keys.
    """
    universe: set[int] = set(taxonomy)
    universe.update(p for p in taxonomy.values() if p is not None)
    universe.update(r.domain_id for r in requested)
    table: dict[int, tuple[Relation, ...]] = {}
    for entry in universe:
        found: list[Relation] = []
        for index, wanted in enumerate(requested):
            kind = relation_kind(wanted.domain_id, entry, taxonomy)
            if kind is not None:
                found.append(Relation(index, kind, RELATION_VALUES[kind]))
        if found:
            table[entry] = tuple(found)
    return table


def importance_weights(requested: Iterable[RequestedDomain]) -> tuple[float, ...]:
    return tuple(IMPORTANCE_WEIGHTS[r.importance] for r in requested)


class BestRelationCodes:
    """Each domain's relations to the requested domains as one int, so that the best
    relation per requested domain over many entries is a bitwise OR of their codes.

    Ranking asks this for every entry of every candidate: an OR per entry instead of a
    comparison per requested domain. Bit 0 says "relates to something asked"; above it,
    one lane per requested domain with one bit per distinct positive relation value (the
    higher the value, the higher the bit), so the highest bit set in a lane of the OR is
    that lane's best value. A value that is not positive sets no bit, as it never beats
    the 0.0 a requested domain starts with.
    """

    __slots__ = ("_lane_mask", "_lane_width", "_values", "codes", "requested_count")

    def __init__(self, table: Mapping[int, tuple[Relation, ...]], requested_count: int) -> None:
        values = sorted({rel.value for rels in table.values() for rel in rels if rel.value > 0})
        level = {value: position for position, value in enumerate(values)}
        self._values = tuple(values)
        self._lane_width = len(values)
        self._lane_mask = (1 << len(values)) - 1
        self.requested_count = requested_count
        #: per domain relating to something asked, its code (never 0)
        self.codes: dict[int, int] = {}
        for domain_id, rels in table.items():
            if not rels:
                continue
            code = 1
            for rel in rels:
                if rel.value > 0:
                    code |= 1 << (1 + rel.requested_index * self._lane_width + level[rel.value])
            self.codes[domain_id] = code

    def bests(self, combined: int) -> tuple[float, ...]:
        """The best relation per requested domain (0.0 for none) of the OR of codes."""
        found = []
        for index in range(self.requested_count):
            lane = (combined >> (1 + index * self._lane_width)) & self._lane_mask
            found.append(self._values[lane.bit_length() - 1] if lane else 0.0)
        return tuple(found)
