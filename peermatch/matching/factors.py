"""Soft factors, each a value in [0, 1] where higher means a better fit.

Every factor is monotone in its input (more shared experience, sooner slot, less
recent work, better past rating never lower it) and none reads anything that
could stand for severity. A factor that does not apply to a request (no gender
preference, no first language...) gets weight 0 for every candidate alike.
"""

from __future__ import annotations

from datetime import datetime

from peermatch.matching.context import RequestContext
from peermatch.matching.filters import Eligible, wanted_gender
from peermatch.matching.types import Candidate, Interval
from peermatch.matching.weights import FACTOR_NAMES, Weights

assert FACTOR_NAMES == (
    "shared_experience",
    "gender",
    "age_closeness",
    "language",
    "soonest_slot",
    "fair_spread",
    "continuity",
), "applicable_weights and factor_values rely on this order"

#: a slot this many days away (or later) earns nothing for being soon
SLOT_DECAY_DAYS = 14.0
#: age difference (years) at which closeness reaches 0
AGE_SPAN_YEARS = 10.0
#: upcoming sessions / recent proposals that halve their part of the fair-spread factor
SPREAD_HALF_AT = 3.0


def shared_experience(best_relations: tuple[float, ...], ctx: RequestContext) -> float:
    """Importance-weighted mean of the best relation per requested domain."""
    if not ctx.importance_total:
        return 0.0
    total = 0.0
    for weight, value in zip(ctx.importance, best_relations, strict=True):
        total += weight * value
    return total / ctx.importance_total


def gender_applies(ctx: RequestContext) -> bool:
    return wanted_gender(ctx) is not None


def gender_match(candidate: Candidate, ctx: RequestContext) -> float:
    wanted = wanted_gender(ctx)
    return 1.0 if wanted is not None and candidate.gender == wanted else 0.0


def age_applies(ctx: RequestContext) -> bool:
    return ctx.request.prefers_age_close and ctx.request.youth_age is not None


def age_closeness(candidate: Candidate, ctx: RequestContext) -> float:
    youth_age = ctx.request.youth_age
    if candidate.age is None or youth_age is None:
        return 0.0
    return max(0.0, 1.0 - abs(candidate.age - youth_age) / AGE_SPAN_YEARS)


def language_applies(ctx: RequestContext) -> bool:
    return ctx.request.first_language is not None


def first_language(candidate: Candidate, ctx: RequestContext) -> float:
    return 1.0 if ctx.request.first_language in candidate.languages else 0.0


def soonest_slot(eligible: Eligible, ctx: RequestContext) -> float:
    """Linear decay from the moment of ranking to SLOT_DECAY_DAYS later."""
    return soonness(eligible.soonest_slot[0], ctx)


def soonness(start: datetime, ctx: RequestContext) -> float:
    days = (start - ctx.now).total_seconds() / 86400.0
    return min(1.0, max(0.0, 1.0 - days / SLOT_DECAY_DAYS))


def fair_spread(candidate: Candidate) -> float:
    """Spreads the work so the same few peer experts are not always proposed."""
    sessions = 0.5 / (1.0 + candidate.upcoming_sessions / SPREAD_HALF_AT)
    proposals = 0.5 / (1.0 + candidate.recent_proposals / SPREAD_HALF_AT)
    return sessions + proposals


def continuity(candidate: Candidate) -> float:
    """A well-rated earlier match raises the score; a poor one counts like none.

    The floor is the no-history value, so nothing in a youth's history with a
    peer expert can ever push that peer expert down.
    """
    rating = candidate.past_rating
    if rating is None:
        return 0.0
    return min(1.0, max(0.0, (rating - 2.0) / 3.0))


def applicable_weights(ctx: RequestContext, weights: Weights) -> tuple[float, ...]:
    """Weights in FACTOR_NAMES order for this request: 0 where the factor does not apply."""
    return (
        weights.shared_experience if ctx.importance else 0.0,
        weights.gender if gender_applies(ctx) else 0.0,
        weights.age_closeness if age_applies(ctx) else 0.0,
        weights.language if language_applies(ctx) else 0.0,
        weights.soonest_slot,
        weights.fair_spread,
        weights.continuity,
    )


def factor_values(
    candidate: Candidate, eligible: Eligible, ctx: RequestContext, applies: tuple[float, ...]
) -> tuple[float, ...]:
    """Values in FACTOR_NAMES order; a factor that does not apply is reported as 0."""
    return (
        shared_experience(eligible.best_relations, ctx),
        gender_match(candidate, ctx) if applies[1] else 0.0,
        age_closeness(candidate, ctx) if applies[2] else 0.0,
        first_language(candidate, ctx) if applies[3] else 0.0,
        soonest_slot(eligible, ctx),
        fair_spread(candidate),
        continuity(candidate),
    )


def derived_factor_values(
    candidate: Candidate,
    shared_experience_value: float,
    soonest: Interval,
    ctx: RequestContext,
    applies: tuple[float, ...],
) -> tuple[float, ...]:
    """`factor_values` from the shared experience already computed and the soonest slot:
    what a ranked candidate keeps so its breakdown can be derived when it is read."""
    return (
        shared_experience_value,
        gender_match(candidate, ctx) if applies[1] else 0.0,
        age_closeness(candidate, ctx) if applies[2] else 0.0,
        first_language(candidate, ctx) if applies[3] else 0.0,
        soonness(soonest[0], ctx),
        fair_spread(candidate),
        continuity(candidate),
    )
