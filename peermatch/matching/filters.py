"""Hard filters: who may be proposed at all, each with a named reason.

`evaluate` runs them in the fixed order of `ExclusionReason`; the first failing
filter is the reason shown to coordinators. Each check is a small function so it
can be tested on its own and reused by `relax.py`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from peermatch.matching.context import RequestContext, build_context
from peermatch.matching.types import (
    Candidate,
    ExclusionReason,
    Interval,
    MatchRequest,
    Mode,
    Taxonomy,
)


@dataclass(frozen=True, slots=True)
class Eligible:
    """What the filters learned that the soft factors need, so nothing is computed twice."""

    best_relations: tuple[float, ...]
    modes: frozenset[Mode]
    soonest_slot: Interval


def is_active(candidate: Candidate) -> bool:
    return candidate.active_verified


def blocked_by_requester(candidate: Candidate, ctx: RequestContext) -> bool:
    return candidate.peer_id in ctx.request.blocked_peer_ids


def blocked_by_peer(candidate: Candidate, ctx: RequestContext) -> bool:
    return candidate.peer_id in ctx.request.peer_ids_blocking_requester


def accepts_audience(candidate: Candidate, ctx: RequestContext) -> bool:
    return ctx.audience in candidate.audiences


def best_relations(candidate: Candidate, ctx: RequestContext) -> tuple[float, ...] | None:
    """Best relation per requested domain over entries usable for this audience.

    None when no usable entry relates to the request (or, for a request without
    domains, when nothing at all is open for this audience). Paused, withdrawn or
    unopened entries are skipped here, so they never influence a score.
    """
    audience = ctx.audience
    best = [0.0] * len(ctx.importance)
    found = False
    for entry in candidate.domains:
        if entry.status != "active" or audience not in entry.open_for:
            continue
        if not best:
            found = True
            break
        for rel in ctx.relations.get(entry.domain_id, ()):
            found = True
            if rel.value > best[rel.requested_index]:
                best[rel.requested_index] = rel.value
    return tuple(best) if found else None


def wanted_gender(ctx: RequestContext) -> str | None:
    request = ctx.request
    if request.gender_preference == "same":
        return request.youth_gender
    if request.gender_preference == "specific":
        return request.preferred_gender
    return None


def meets_strict_gender(candidate: Candidate, ctx: RequestContext) -> bool:
    """Only a strict preference excludes; otherwise gender is a soft factor."""
    if not ctx.request.gender_is_strict:
        return True
    wanted = wanted_gender(ctx)
    return wanted is None or candidate.gender == wanted


def shares_language(candidate: Candidate, ctx: RequestContext) -> bool:
    wanted = ctx.request.languages
    return not wanted or not wanted.isdisjoint(candidate.languages)


def common_modes(candidate: Candidate, ctx: RequestContext) -> frozenset[Mode]:
    wanted = ctx.request.modes
    if not wanted or candidate.modes <= wanted:
        return candidate.modes
    return candidate.modes & wanted


def within_travel_distance(candidate: Candidate, ctx: RequestContext) -> bool:
    """Both sides' limits apply; an unknown place rules out meeting in person."""
    origin = ctx.origin
    if origin is None or candidate.lat is None or candidate.lon is None:
        return False
    km = origin.km_to(candidate.lat, candidate.lon)
    limit = ctx.request.max_distance_km
    if limit is not None and km > limit:
        return False
    return candidate.max_travel_km is None or km <= candidate.max_travel_km


def has_capacity(candidate: Candidate) -> bool:
    """Weekly caps are already reflected in the free slots; this guards concurrent matches."""
    return candidate.active_matches < candidate.max_active_matches


def vog_covers_first_session_date(candidate: Candidate, ctx: RequestContext) -> bool:
    valid_until = candidate.vog_valid_until
    return valid_until is not None and valid_until >= ctx.first_session_date


def _start(slot: Interval) -> datetime:
    return slot[0]


def slot_in_windows(start: datetime, end: datetime, ctx: RequestContext) -> bool:
    """Inside one (merged) requester window; no windows means any time suits them."""
    if not ctx.windows:
        return True
    index = bisect_right(ctx.window_starts, start) - 1
    return index >= 0 and end <= ctx.window_ends[index]


def soonest_slot(
    candidate: Candidate, ctx: RequestContext, *, expiry: datetime | None = None
) -> tuple[Interval | None, bool]:
    """The first free slot that starts within [not_before, horizon) inside a window.

    With `expiry` (end of VOG validity) the slot must also end before it. The flag
    says whether any slot fitted when ignoring the VOG, so an expiring VOG is reported
    as "vog" and not as "no_slot". Relies on `free_slots` being sorted by start.
    """
    slots = candidate.free_slots
    not_before = ctx.not_before
    horizon_end = ctx.horizon_end
    windowed = bool(ctx.windows)
    window_starts = ctx.window_starts
    window_ends = ctx.window_ends
    any_fit = False
    first = 0
    if slots and slots[0][0] < not_before:
        first = bisect_left(slots, not_before, key=_start)
    for position in range(first, len(slots)):
        slot = slots[position]
        start, end = slot
        if start >= horizon_end:
            break
        if windowed:
            index = bisect_right(window_starts, start) - 1
            if index < 0 or end > window_ends[index]:
                continue
        if expiry is None or end <= expiry:
            return slot, True
        any_fit = True
        if start >= expiry:
            break
    return None, any_fit


def evaluate(candidate: Candidate, ctx: RequestContext) -> ExclusionReason | Eligible:
    """Run the hard filters in their fixed order; the first failure is the reason."""
    passed = _before_slots(candidate, ctx)
    if isinstance(passed, ExclusionReason):
        return passed
    relations, modes = passed
    expiry: datetime | None = None
    if ctx.requires_vog:
        assert candidate.vog_valid_until is not None
        expiry = ctx.vog_expiry(candidate.vog_valid_until)
    slot, any_fit = soonest_slot(candidate, ctx, expiry=expiry)
    if slot is None:
        return ExclusionReason.VOG if any_fit else ExclusionReason.NO_SLOT
    return Eligible(relations, modes, slot)


def needing_slots(
    request: MatchRequest, candidates: Iterable[Candidate], *, taxonomy: Taxonomy, now: datetime
) -> set[int]:
    """The peer ids whose free slots the ranking of ``request`` will read (see
    `needs_slots`): a service generates slots for these alone."""
    ctx = build_context(request, taxonomy, now)
    return {c.peer_id for c in candidates if needs_slots(c, ctx)}


def needs_slots(candidate: Candidate, ctx: RequestContext) -> bool:
    """Whether the ranking will look at this candidate's free slots: only when every hard
    filter before them passes (the first failure is the reason, so the slots of anyone
    excluded earlier change nothing). Lets a service skip generating those slots."""
    return not isinstance(_before_slots(candidate, ctx), ExclusionReason)


def _before_slots(
    candidate: Candidate, ctx: RequestContext
) -> ExclusionReason | tuple[tuple[float, ...], frozenset[Mode]]:
    """The hard filters that do not read free slots, in their fixed order."""
    if not is_active(candidate):
        return ExclusionReason.INACTIVE
    if blocked_by_requester(candidate, ctx):
        return ExclusionReason.BLOCKED_BY_REQUESTER
    if blocked_by_peer(candidate, ctx):
        return ExclusionReason.BLOCKED_BY_PEER
    if not accepts_audience(candidate, ctx):
        return ExclusionReason.AUDIENCE
    relations = best_relations(candidate, ctx)
    if relations is None:
        return ExclusionReason.NO_OPEN_DOMAIN
    if not meets_strict_gender(candidate, ctx):
        return ExclusionReason.GENDER
    if not shares_language(candidate, ctx):
        return ExclusionReason.LANGUAGE
    modes = common_modes(candidate, ctx)
    if not modes:
        return ExclusionReason.MODE
    if "in_person" in modes and not within_travel_distance(candidate, ctx):
        modes = modes - {"in_person"}
        if not modes:
            return ExclusionReason.DISTANCE
    if not has_capacity(candidate):
        return ExclusionReason.CAPACITY
    if ctx.requires_vog and not vog_covers_first_session_date(candidate, ctx):
        return ExclusionReason.VOG
    return relations, modes
