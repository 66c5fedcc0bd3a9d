"""Rank eligible peer experts for one request, deterministically.

Each candidate's score depends only on the request and that candidate (no
normalisation across candidates), so removing one candidate never reorders the
others, and the order is total: score descending, then the stable tie-break key,
then peer id.

Ranking 10,000 candidates must stay under 50 ms, so `rank_candidates` runs the hard
filters of `filters.evaluate` and the factors of `factors.factor_values` fused into
one loop over local variables: every per-request value is read once, per-candidate
work that repeats across candidates (mode sets, fair-spread values) is remembered,
and no intermediate object is built for a candidate that is excluded. The small
functions in `filters.py`/`factors.py` stay the readable definition (relaxations
and explanations use them); a property test checks that both give identical results.

What keeps 10,000 eligible candidates well under 50 ms: values that repeat (a slot
start's window, a VOG date's expiry) are remembered per request, and so is each soft
factor's weighted term (per slot start, age, pair of workload counts; a 0/1 factor's term
is its weight), so the score adds the same floats in the same order without multiplying
them again; an entry's relations to all requested domains are one int code, so a
candidate's best relations are the OR of its entries' codes and its shared experience is
remembered per OR (`experience.BestRelationCodes`); a slot start outside every window is
recognised by identity; a latitude too far from the requester's skips the distance's
trigonometry (`Origin.km_at_least`); clamps are comparisons, not min/max calls; a
ranked candidate stores only the shared experience and derives the other factor values
when read (`RankedCandidate.factor_values`); the collector is paused while the results
pile up.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime
from operator import attrgetter, itemgetter

from peermatch.matching.collector import collector_paused
from peermatch.matching.context import build_context
from peermatch.matching.experience import BestRelationCodes
from peermatch.matching.factors import (
    AGE_SPAN_YEARS,
    SLOT_DECAY_DAYS,
    SPREAD_HALF_AT,
    applicable_weights,
)
from peermatch.matching.filters import wanted_gender
from peermatch.matching.result import RankedCandidate, Ranking
from peermatch.matching.types import (
    Candidate,
    Exclusion,
    ExclusionReason,
    Interval,
    MatchRequest,
    Mode,
    Taxonomy,
)
from peermatch.matching.weights import DEFAULT_WEIGHTS, Weights

#: the latest end of a slot whose start lies in no requester window: before every end
_NEVER = datetime.min.replace(tzinfo=UTC)
#: the same instant as another object, told apart by identity: the start is beyond the horizon
_BEYOND = datetime.min.replace(tzinfo=UTC)
assert _BEYOND is not _NEVER
_IN_PERSON: frozenset[Mode] = frozenset({"in_person"})

INACTIVE = ExclusionReason.INACTIVE
BLOCKED_BY_REQUESTER = ExclusionReason.BLOCKED_BY_REQUESTER
BLOCKED_BY_PEER = ExclusionReason.BLOCKED_BY_PEER
AUDIENCE = ExclusionReason.AUDIENCE
NO_OPEN_DOMAIN = ExclusionReason.NO_OPEN_DOMAIN
GENDER = ExclusionReason.GENDER
LANGUAGE = ExclusionReason.LANGUAGE
MODE = ExclusionReason.MODE
DISTANCE = ExclusionReason.DISTANCE
CAPACITY = ExclusionReason.CAPACITY
VOG = ExclusionReason.VOG
NO_SLOT = ExclusionReason.NO_SLOT


@collector_paused
def rank_candidates(
    request: MatchRequest,
    candidates: Iterable[Candidate],
    *,
    taxonomy: Taxonomy,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Ranking:
    """Every candidate ranked or excluded (with the first hard filter that failed).

    Runs with the cyclic garbage collector paused (`collector_paused`): the loop allocates
    one result per eligible candidate, all of which survive it."""
    return _rank(request, candidates, taxonomy, now, weights)


def _rank(
    request: MatchRequest,
    candidates: Iterable[Candidate],
    taxonomy: Taxonomy,
    now: datetime,
    weights: Weights,
) -> Ranking:
    ctx = build_context(request, taxonomy, now)
    applies = applicable_weights(ctx, weights)
    weight_sum = sum(applies)
    scale = 1.0 / weight_sum if weight_sum else 0.0
    w0, w1, w2, w3, w4, w5, w6 = applies

    # Per-request values, read once.
    now_utc = ctx.now
    audience = ctx.audience
    blocked = request.blocked_peer_ids
    blocking = request.peer_ids_blocking_requester
    any_block = bool(blocked or blocking)
    requested_count = len(ctx.importance)
    importance = ctx.importance
    importance_total = ctx.importance_total
    # an entry's relations to all requested domains as one int: the best per requested
    # domain over a candidate's entries is the OR of their codes (see BestRelationCodes)
    relation_codes = BestRelationCodes(ctx.relations, requested_count)
    code_get = relation_codes.codes.get
    wanted = wanted_gender(ctx)
    strict_gender = request.gender_is_strict and wanted is not None
    wanted_languages = request.languages
    first_language = request.first_language
    youth_age = request.youth_age
    age_applies = bool(w2)
    # Each soft factor enters the score as weight x value. Where the value is 0 or 1 (or
    # repeats across candidates) that product is computed once: the same float the
    # multiplication gives, added in the same order, so the sum is the same to the bit.
    gender_term = w1 * 1.0 if w1 and wanted is not None else None
    language_term = w3 * 1.0 if w3 else None
    zero_term = 0.0
    origin = ctx.origin
    km_to = origin.km_to if origin is not None else None
    km_at_least = origin.km_at_least if origin is not None else None
    distance_limit = request.max_distance_km
    requires_vog = ctx.requires_vog
    first_session_date = ctx.first_session_date
    vog_expiry = ctx.vog_expiry
    not_before = ctx.not_before
    horizon_end = ctx.horizon_end
    windowed = bool(ctx.windows)
    window_starts = ctx.window_starts
    window_ends = ctx.window_ends

    # Per-candidate values that repeat across candidates. Free slots lie on a shared
    # grid, so the window a slot start falls in (its latest allowed end) and how soon it
    # is are asked again and again for equal starts: remember them per start.
    latest_ends: dict[datetime, datetime] = {}
    latest_end_get = latest_ends.get
    expiries: dict[date, datetime] = {}
    expiries_get = expiries.get
    # shared experience per OR of relation codes (0 for a request without domains)
    experiences: dict[int, float] = {}
    experience_get = experiences.get

    def _latest_end(start: datetime) -> datetime:
        """End of the merged window holding `start`; `_NEVER` if no window holds it, so
        no slot starting then fits whatever its end (`_BEYOND` when the start lies beyond
        the horizon, so no later slot can fit either)."""
        if start >= horizon_end:
            return _BEYOND
        index = bisect_right(window_starts, start) - 1
        if index < 0:
            return _NEVER
        window_end = window_ends[index]
        return window_end if start < window_end else _NEVER

    mode_cache: dict[frozenset[Mode], frozenset[Mode]] = {}
    wanted_modes = request.modes
    # each half of the fair-spread value per count, and the weighted fair-spread term per
    # pair of small counts (a flat list: no key is built per candidate)
    spread_halves: dict[int, float] = {}
    spread_terms: list[float | None] = [None] * (_SMALL_COUNT * _SMALL_COUNT)
    age_terms: dict[int | None, float] = {}
    age_term_get = age_terms.get
    soon_terms: dict[datetime, float] = {}
    soon_term_get = soon_terms.get
    without_in_person: dict[frozenset[Mode], frozenset[Mode]] = {}

    ranked: list[RankedCandidate] = []
    excluded: list[Exclusion] = []
    new = tuple.__new__

    def exclude(peer_id: int, reason: ExclusionReason) -> None:
        excluded.append(new(Exclusion, (peer_id, reason)))

    for candidate in candidates:
        peer_id = candidate.peer_id

        if not candidate.active_verified:
            exclude(peer_id, INACTIVE)
            continue
        if any_block:
            if peer_id in blocked:
                exclude(peer_id, BLOCKED_BY_REQUESTER)
                continue
            if peer_id in blocking:
                exclude(peer_id, BLOCKED_BY_PEER)
                continue
        if audience not in candidate.audiences:
            exclude(peer_id, AUDIENCE)
            continue

        # best relation per requested domain over entries usable for this audience: the
        # OR of their relation codes (most entries relate to nothing asked: look that up
        # before usability)
        if requested_count:
            combined = 0
            for entry in candidate.domains:
                code = code_get(entry.domain_id)
                if code and entry.status == "active" and audience in entry.open_for:
                    combined |= code
            if not combined:
                exclude(peer_id, NO_OPEN_DOMAIN)
                continue
        else:
            # without requested domains, any entry open for this audience will do
            for entry in candidate.domains:
                if entry.status == "active" and audience in entry.open_for:
                    break
            else:
                exclude(peer_id, NO_OPEN_DOMAIN)
                continue
            combined = 0

        gender = candidate.gender
        if strict_gender and gender != wanted:
            exclude(peer_id, GENDER)
            continue
        languages = candidate.languages
        if wanted_languages and wanted_languages.isdisjoint(languages):
            exclude(peer_id, LANGUAGE)
            continue

        own_modes = candidate.modes
        modes = mode_cache.get(own_modes)
        if modes is None:
            if not wanted_modes or own_modes <= wanted_modes:
                modes = own_modes
            else:
                modes = own_modes & wanted_modes
            mode_cache[own_modes] = modes
        if not modes:
            exclude(peer_id, MODE)
            continue
        if "in_person" in modes:
            lat = candidate.lat
            lon = candidate.lon
            fits = False
            if (
                km_to is not None
                and km_at_least is not None
                and lat is not None
                and lon is not None
            ):
                # within both the request's limit and the peer expert's own, if any
                max_travel = candidate.max_travel_km
                if distance_limit is None:
                    reach = max_travel
                elif max_travel is None or distance_limit <= max_travel:
                    reach = distance_limit
                else:
                    reach = max_travel
                if reach is None:
                    fits = True
                # the latitudes alone already lie too far apart: no trigonometry needed
                elif km_at_least(lat) > reach:
                    fits = False
                else:
                    fits = km_to(lat, lon) <= reach
            if not fits:
                reduced = without_in_person.get(modes)
                if reduced is None:
                    reduced = without_in_person[modes] = modes - _IN_PERSON
                modes = reduced
                if not modes:
                    exclude(peer_id, DISTANCE)
                    continue

        if candidate.active_matches >= candidate.max_active_matches:
            exclude(peer_id, CAPACITY)
            continue

        expiry: datetime | None = None
        if requires_vog:
            valid_until = candidate.vog_valid_until
            if valid_until is None or valid_until < first_session_date:
                exclude(peer_id, VOG)
                continue
            expiry = expiries_get(valid_until)
            if expiry is None:
                expiry = expiries[valid_until] = vog_expiry(valid_until)

        # soonest slot starting within [not_before, horizon) inside a window
        slots = candidate.free_slots
        if slots and slots[0][0] < not_before:
            slots = slots[bisect_left(slots, not_before, key=_START) :]
        chosen: Interval | None = None
        any_fit = False
        for slot in slots:
            start = slot[0]
            if windowed:
                # one look-up answers "beyond the horizon?" and "inside a window?": most
                # starts that fit in no window are told apart by identity, without
                # comparing their end
                latest_end = latest_end_get(start)
                if latest_end is None:
                    latest_end = latest_ends[start] = _latest_end(start)
                if latest_end is _NEVER:
                    continue
                if latest_end is _BEYOND:
                    break
                if slot[1] > latest_end:
                    continue
            elif start >= horizon_end:
                break
            if expiry is None or slot[1] <= expiry:
                chosen = slot
                break
            any_fit = True
            if start >= expiry:
                break
        if chosen is None:
            exclude(peer_id, VOG if any_fit else NO_SLOT)
            continue

        # soft factors, in FACTOR_NAMES order (see factors.factor_values), each as its
        # weighted term; the clamps are written out (same values as min/max, without a
        # call each)
        experience = experience_get(combined)
        if experience is None:
            # (the same sums, in the same order, as `factors.shared_experience`)
            experience = 0.0
            if importance_total:
                for weight, value in zip(importance, relation_codes.bests(combined), strict=True):
                    experience += weight * value
                experience /= importance_total
            experiences[combined] = experience
        if age_applies:
            age = candidate.age
            age_term = age_term_get(age)
            if age_term is None:
                age_value = 0.0
                if age is not None and youth_age is not None:
                    closeness = 1.0 - abs(age - youth_age) / AGE_SPAN_YEARS
                    age_value = closeness if closeness > 0.0 else 0.0
                age_term = age_terms[age] = w2 * age_value
        else:
            age_term = zero_term
        chosen_start = chosen[0]
        soon_term = soon_term_get(chosen_start)
        if soon_term is None:
            days = (chosen_start - now_utc).total_seconds() / 86400.0
            decay = 1.0 - days / SLOT_DECAY_DAYS
            decay = decay if decay > 0.0 else 0.0
            soon_term = soon_terms[chosen_start] = w4 * (decay if decay < 1.0 else 1.0)
        upcoming = candidate.upcoming_sessions
        recent = candidate.recent_proposals
        if upcoming < _SMALL_COUNT and recent < _SMALL_COUNT:
            pair = upcoming * _SMALL_COUNT + recent
            spread_term = spread_terms[pair]
            if spread_term is None:
                spread_term = spread_terms[pair] = w5 * (
                    _spread_half(upcoming, spread_halves) + _spread_half(recent, spread_halves)
                )
        else:
            spread_term = w5 * (
                _spread_half(upcoming, spread_halves) + _spread_half(recent, spread_halves)
            )
        rating = candidate.past_rating
        if rating is None:
            continuity_term = zero_term
        else:
            continuity_value = (rating - 2.0) / 3.0
            continuity_value = continuity_value if continuity_value > 0.0 else 0.0
            continuity_term = w6 * (continuity_value if continuity_value < 1.0 else 1.0)

        total = (
            w0 * experience
            + (gender_term if gender_term is not None and gender == wanted else zero_term)
            + age_term
            + (
                language_term
                if language_term is not None and first_language in languages
                else zero_term
            )
            + soon_term
            + spread_term
            + continuity_term
        )
        score = total * scale
        ranked.append(
            new(
                RankedCandidate,
                (peer_id, score, chosen, modes, experience, applies, candidate, ctx),
            )
        )
    # every candidate is either ranked or excluded, so their peer ids say who came twice
    # (a set filled straight from the results: no list of 10,000 ids built first)
    unique = set(map(_PEER_ID, ranked))
    unique.update(map(_PEER_ID, excluded))
    if len(unique) != len(ranked) + len(excluded):
        counted: set[int] = set()
        for peer_id in [*map(_PEER_ID, ranked), *map(_PEER_ID, excluded)]:
            if peer_id in counted:
                raise ValueError(f"peer {peer_id} appears twice")
            counted.add(peer_id)
    # peer ids are unique now, so ordering exclusions by peer id alone is their tuple order
    excluded.sort(key=_PEER_ID)
    return Ranking(ranked=_in_order(ranked), excluded=tuple(excluded))


def _in_order(ranked: list[RankedCandidate]) -> tuple[RankedCandidate, ...]:
    """Score descending, then tie-break key, then peer id: three stable sorts on keys of
    one type each (int, str, float), which CPython compares much faster than tuples
    (a reversed sort keeps equal items in their order). Scores tie often (equal soonest
    slots, equal workloads), so sorting only the runs of equal scores is no faster."""
    ranked.sort(key=_PEER_ID)
    ranked.sort(key=_TIE_BREAK_KEY)
    ranked.sort(key=_SCORE, reverse=True)
    return tuple(ranked)


_PEER_ID = itemgetter(0)
_SCORE = itemgetter(1)
_TIE_BREAK_KEY = attrgetter("candidate.tie_break_key")


_START = itemgetter(0)
#: fair-spread terms are remembered per pair of counts below this
_SMALL_COUNT = 16


def _spread_half(count: int, halves: dict[int, float]) -> float:
    """One half of the fair-spread value (`factors.fair_spread`), remembered per count."""
    half = halves.get(count)
    if half is None:
        half = halves[count] = 0.5 / (1.0 + count / SPREAD_HALF_AT)
    return half
