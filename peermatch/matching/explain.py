"""Reasons as translation keys with parameters, safe by construction.

Only entries the peer expert both opened AND chose to show for this audience may
ever be named. Entries that were used for the score but not shown produce no
reason at all, not even a generic one, because "shares something you asked
about" would already disclose part of a hidden domain.
"""

from __future__ import annotations

import math

from peermatch.matching.context import RequestContext
from peermatch.matching.types import Candidate, Interval, Mode, Reason
from peermatch.matching.weights import AGE_CLOSENESS, CONTINUITY, FACTOR_NAMES, GENDER, LANGUAGE

_GENDER = FACTOR_NAMES.index(GENDER)
_AGE = FACTOR_NAMES.index(AGE_CLOSENESS)
_LANGUAGE = FACTOR_NAMES.index(LANGUAGE)
_CONTINUITY = FACTOR_NAMES.index(CONTINUITY)

DOMAIN_REASON_KEYS = {
    "same": "reason.shared_domain",
    "within": "reason.domain_within_requested",
    "sibling": "reason.related_domain",
    "category": "reason.same_category",
}
#: age difference (years) still worth mentioning as "close in age"
CLOSE_IN_AGE_YEARS = 3
#: continuity value from which an earlier match is mentioned (rating 4 and up)
CONTINUITY_MENTION = 2.0 / 3.0
#: distances are said in steps of this many km ("within 15 km"), never exactly
NEARBY_STEP_KM = 5


def domain_reasons(candidate: Candidate, ctx: RequestContext) -> list[Reason]:
    """Per requested domain, the best *shown* entry; ties go to the lowest domain id."""
    audience = ctx.audience
    best: dict[int, tuple[float, int, str]] = {}
    for entry in candidate.domains:
        if not entry.showable_to(audience):
            continue
        for rel in ctx.relations.get(entry.domain_id, ()):
            current = best.get(rel.requested_index)
            if (
                current is None
                or rel.value > current[0]
                or (rel.value == current[0] and entry.domain_id < current[1])
            ):
                best[rel.requested_index] = (rel.value, entry.domain_id, rel.kind)
    requested = ctx.request.domains
    return [
        Reason(
            DOMAIN_REASON_KEYS[kind],
            {"domain_id": domain_id, "requested_domain_id": requested[index].domain_id},
        )
        for index, (_, domain_id, kind) in sorted(best.items())
    ]


def nearby_km(candidate: Candidate, modes: frozenset[Mode], ctx: RequestContext) -> int | None:
    """How near an in-person peer expert lives, rounded UP to 5 km steps, or None.

    Rounded so the words ("within 15 km") help the youth decide without pinpointing
    where someone lives; only said when they would meet in person.
    """
    if "in_person" not in modes or ctx.origin is None:
        return None
    if candidate.lat is None or candidate.lon is None:
        return None
    km = ctx.origin.km_to(candidate.lat, candidate.lon)
    return max(NEARBY_STEP_KM, math.ceil(km / NEARBY_STEP_KM) * NEARBY_STEP_KM)


def explain(
    candidate: Candidate,
    modes: frozenset[Mode],
    soonest_slot: Interval,
    ctx: RequestContext,
    values: tuple[float, ...],
    weights: tuple[float, ...],
) -> tuple[Reason, ...]:
    """Built on demand (see `RankedCandidate.reasons`): only shown candidates need words."""
    reasons = domain_reasons(candidate, ctx)
    request = ctx.request
    if weights[_GENDER] and values[_GENDER] == 1.0:
        reasons.append(Reason("reason.gender_preference_met"))
    if (
        weights[_AGE]
        and candidate.age is not None
        and request.youth_age is not None
        and abs(candidate.age - request.youth_age) <= CLOSE_IN_AGE_YEARS
    ):
        reasons.append(Reason("reason.close_in_age"))
    if weights[_LANGUAGE] and values[_LANGUAGE] == 1.0 and request.first_language is not None:
        reasons.append(Reason("reason.speaks_first_language", {"language": request.first_language}))
    if values[_CONTINUITY] >= CONTINUITY_MENTION:
        reasons.append(Reason("reason.met_before_rated_well"))
    nearby = nearby_km(candidate, modes, ctx)
    if nearby is not None:
        reasons.append(Reason("reason.nearby", {"km": nearby}))
    reasons.append(Reason("reason.available_from", {"start": soonest_slot[0].isoformat()}))
    reasons.append(Reason("reason.modes", {"modes": ",".join(sorted(modes))}))
    return tuple(reasons)
