"""When nobody (or too few) fit: which single relaxation would help, and how much.

Used to say e.g. "with video instead of in person, 4 peer experts are available".
Each relaxation changes one thing of the request and re-runs only the hard filters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from peermatch.matching.context import build_context
from peermatch.matching.filters import Eligible, evaluate
from peermatch.matching.result import Ranking
from peermatch.matching.types import (
    Candidate,
    ExclusionReason,
    MatchRequest,
    ParamValue,
    Taxonomy,
)


@dataclass(frozen=True, slots=True)
class Relaxation:
    key: str
    params: dict[str, ParamValue] = field(default_factory=dict)
    eligible_count: int = 0


def count_eligible(
    request: MatchRequest, candidates: Sequence[Candidate], *, taxonomy: Taxonomy, now: datetime
) -> int:
    ctx = build_context(request, taxonomy, now)
    return sum(1 for c in candidates if isinstance(evaluate(c, ctx), Eligible))


def _options(request: MatchRequest) -> list[tuple[str, dict[str, ParamValue], MatchRequest]]:
    replace = dataclasses.replace
    options: list[tuple[str, dict[str, ParamValue], MatchRequest]] = []
    if request.modes and "video" not in request.modes:
        options.append(("relax.add_video", {}, replace(request, modes=request.modes | {"video"})))
    if request.modes and len(request.modes) < 4:
        options.append(("relax.any_mode", {}, replace(request, modes=frozenset())))
    if request.languages:
        options.append(("relax.any_language", {}, replace(request, languages=frozenset())))
    if request.max_distance_km is not None and "in_person" in request.modes:
        wider = request.max_distance_km * 2
        options.append(
            (
                "relax.double_distance",
                {"max_distance_km": wider},
                replace(request, max_distance_km=wider),
            )
        )
    if request.gender_is_strict and request.gender_preference != "none":
        options.append(("relax.gender_preference", {}, replace(request, gender_is_strict=False)))
    if request.windows:
        options.append(("relax.any_time", {}, replace(request, windows=())))
    return options


def suggest_relaxations(
    request: MatchRequest, candidates: Sequence[Candidate], *, taxonomy: Taxonomy, now: datetime
) -> list[Relaxation]:
    """Relaxations that would make more peer experts eligible, most helpful first.

    Only relaxations that raise the count above today's are returned; ties keep a
    fixed order (cheapest change for the youth first).
    """
    baseline = count_eligible(request, candidates, taxonomy=taxonomy, now=now)
    found: list[Relaxation] = []
    for key, params, relaxed in _options(request):
        count = count_eligible(relaxed, candidates, taxonomy=taxonomy, now=now)
        if count > baseline:
            found.append(Relaxation(key, params, count))
    found.sort(key=lambda r: -r.eligible_count)
    return found


#: The first hard filter each relaxation changes. Filters run in a fixed order and every
#: relaxation only widens its filter, so it can only help peer experts who were excluded
#: by that filter or a later one; everyone ranked stays ranked.
_FIRST_AFFECTED: dict[str, ExclusionReason] = {
    "relax.add_video": ExclusionReason.MODE,
    "relax.any_mode": ExclusionReason.MODE,
    "relax.any_language": ExclusionReason.LANGUAGE,
    "relax.double_distance": ExclusionReason.DISTANCE,
    "relax.gender_preference": ExclusionReason.GENDER,
    "relax.any_time": ExclusionReason.VOG,
}
_POSITION = {reason: index for index, reason in enumerate(ExclusionReason)}


def relaxations_from_ranking(
    request: MatchRequest,
    ranking: Ranking,
    candidates: Iterable[Candidate],
    *,
    taxonomy: Taxonomy,
    now: datetime,
    with_all_slots: Mapping[int, Candidate] | None = None,
) -> list[Relaxation]:
    """`suggest_relaxations` from a ranking already made: the same answer, but each
    relaxation re-checks only the peer experts its filter could let through instead of
    re-ranking everyone once per relaxation.

    ``with_all_slots``: for "any time", the excluded candidates with their free slots
    outside the request's windows too (the service loads them only for those few).
    """
    baseline = len(ranking.ranked)
    by_id = {c.peer_id: c for c in candidates}
    found: list[Relaxation] = []
    for key, params, relaxed in _options(request):
        first = _POSITION[_FIRST_AFFECTED[key]]
        pool = [by_id[e.peer_id] for e in ranking.excluded if _POSITION[e.reason] >= first]
        if not pool:
            continue
        if key == "relax.any_time" and with_all_slots is not None:
            pool = [with_all_slots.get(c.peer_id, c) for c in pool]
        ctx = build_context(relaxed, taxonomy, now)
        gained = sum(1 for c in pool if isinstance(evaluate(c, ctx), Eligible))
        if gained:
            found.append(Relaxation(key, params, baseline + gained))
    found.sort(key=lambda r: -r.eligible_count)
    return found
