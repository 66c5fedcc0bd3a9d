"""The outcome of ranking: cheap to build for 10,000 candidates, rich on demand.

A coordinator or youth looks at a handful of candidates, so the per-factor
breakdown and the reasons are derived when read rather than allocated for
every ranked candidate up front; both are pure functions of stored inputs, so
reading them twice gives the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from peermatch.matching.context import RequestContext
from peermatch.matching.explain import explain
from peermatch.matching.factors import derived_factor_values
from peermatch.matching.types import (
    Candidate,
    Exclusion,
    ExclusionReason,
    FactorScore,
    Interval,
    Mode,
    Reason,
)
from peermatch.matching.weights import FACTOR_NAMES


class RankedCandidate(NamedTuple):
    """One eligible candidate with its score; immutable.

    A named tuple rather than a frozen dataclass: a ranking builds one per eligible
    peer expert (10,000 in the worst case) and a frozen dataclass costs several
    times more to construct.
    """

    peer_id: int
    score: float
    soonest_slot: Interval
    modes: frozenset[Mode]
    #: the first factor's value; the others are derived when read (see `factor_values`)
    shared_experience: float
    #: in FACTOR_NAMES order, shared by every candidate of one ranking
    factor_weights: tuple[float, ...]
    candidate: Candidate
    context: RequestContext

    @property
    def factor_values(self) -> tuple[float, ...]:
        """Values in FACTOR_NAMES order, as `factors.factor_values` defines them.

        Only the shared experience needs what the filters learned (the best relation per
        requested domain); every other factor is a function of the candidate, the request
        and the soonest slot, so it is derived here, for the few candidates anyone looks
        at, instead of stored for all 10,000."""
        return derived_factor_values(
            self.candidate,
            self.shared_experience,
            self.soonest_slot,
            self.context,
            self.factor_weights,
        )

    @property
    def factors(self) -> dict[str, FactorScore]:
        """Per-factor breakdown: value and the weight it had for this request."""
        return {
            name: FactorScore(value, weight)
            for name, value, weight in zip(
                FACTOR_NAMES, self.factor_values, self.factor_weights, strict=True
            )
        }

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return explain(
            self.candidate,
            self.modes,
            self.soonest_slot,
            self.context,
            self.factor_values,
            self.factor_weights,
        )


@dataclass(frozen=True, slots=True)
class Ranking:
    ranked: tuple[RankedCandidate, ...]
    excluded: tuple[Exclusion, ...]

    @property
    def exclusion_counts(self) -> dict[ExclusionReason, int]:
        """Counts per reason in filter order, so coordinators see why nobody fits."""
        counts = dict.fromkeys(ExclusionReason, 0)
        for exclusion in self.excluded:
            counts[exclusion.reason] += 1
        return {reason: n for reason, n in counts.items() if n}
