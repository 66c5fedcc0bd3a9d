"""When nobody (or too few) fit: which single relaxation would help, and how much.

Used to say e.g. "with video instead of in person, 4 peer experts are available".
Each relaxation changes one thing of the request and re-runs only the hard filters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from peermatch.matching.context import build_context
from peermatch.matching.filters import Eligible, evaluate
from peermatch.matching.types import Candidate, MatchRequest, ParamValue, Taxonomy


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
