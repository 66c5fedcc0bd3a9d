"""Pure matching core: ranks peer experts for a request by fit and explains why.

Nothing here reads the clock, a database or the network; the services pass plain
dataclasses in and get a `Ranking` out. There is no notion of severity anywhere:
experiences are related only by the shape of the domain taxonomy.
"""

from peermatch.matching.batch import Assignment, greedy_assignment, optimal_assignment
from peermatch.matching.distance import haversine_km
from peermatch.matching.filters import needing_slots
from peermatch.matching.ranking import rank_candidates
from peermatch.matching.relax import Relaxation, relaxations_from_ranking, suggest_relaxations
from peermatch.matching.result import RankedCandidate, Ranking
from peermatch.matching.types import (
    Candidate,
    DomainEntry,
    Exclusion,
    ExclusionReason,
    FactorScore,
    MatchRequest,
    Reason,
    RequestedDomain,
    Taxonomy,
    audience_for,
    stable_tie_break_key,
)
from peermatch.matching.weights import DEFAULT_WEIGHTS, FACTOR_NAMES, Weights

__all__ = [
    "DEFAULT_WEIGHTS",
    "FACTOR_NAMES",
    "Assignment",
    "Candidate",
    "DomainEntry",
    "Exclusion",
    "ExclusionReason",
    "FactorScore",
    "MatchRequest",
    "RankedCandidate",
    "Ranking",
    "Reason",
    "Relaxation",
    "RequestedDomain",
    "Taxonomy",
    "Weights",
    "audience_for",
    "greedy_assignment",
    "haversine_km",
    "needing_slots",
    "optimal_assignment",
    "rank_candidates",
    "relaxations_from_ranking",
    "stable_tie_break_key",
    "suggest_relaxations",
]
