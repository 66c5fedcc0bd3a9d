"""Properties of the ranking that must hold for any request and any candidates."""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from matching_builders import NOW, TAXONOMY, TODAY, entry, rank, slot, window

from peermatch.matching import (
    Candidate,
    DomainEntry,
    MatchRequest,
    RequestedDomain,
    audience_for,
    stable_tie_break_key,
)
from peermatch.matching.context import build_context
from peermatch.matching.filters import slot_in_windows
from peermatch.matching.types import AUDIENCES, SESSION_ZONE

DOMAINS = sorted(TAXONOMY)
LANGS = ["nl", "en", "ar"]
MODES = ["video", "phone", "chat", "in_person"]
PLACES = [(52.09, 5.12), (52.16, 5.39), (52.37, 4.90), (53.22, 6.57)]

audiences = st.frozensets(st.sampled_from(sorted(AUDIENCES)))

# Every strategy is built once here, not inside the draws: building strategies per draw made
# hypothesis re-validate them thousands of times, which cost more than the ranking itself.
_DOMAIN_IDS = st.sampled_from(DOMAINS)
_STATUSES = st.sampled_from(["active", "active", "paused", "withdrawn"])
_SLOT_PICKS = st.lists(
    st.tuples(st.integers(-1, 30), st.integers(6, 21), st.sampled_from([30, 60])), max_size=6
)
_PLACES = st.sampled_from(PLACES)
_VOG = st.none() | st.integers(-5, 40).map(lambda d: TODAY + timedelta(days=d))
_SOME_LANGS = st.frozensets(st.sampled_from(LANGS), min_size=1)
_SOME_MODES = st.frozensets(st.sampled_from(MODES), min_size=1)
_TRAVEL = st.sampled_from([None, 10.0, 50.0])
_GENDERS = st.sampled_from([None, "woman", "man", "nonbinary"])
_AGES = st.none() | st.integers(17, 35)
_RATINGS = st.none() | st.floats(1, 5)
_WINDOW_PICKS = st.lists(
    st.tuples(st.integers(0, 20), st.integers(6, 14), st.integers(1, 8)), max_size=3
)
_WEIGHTS = st.sampled_from(["most", "also"])
_REQUESTED = st.lists(_DOMAIN_IDS, unique=True, max_size=3)
_PREFS = st.sampled_from(["none", "same", "specific"])
_LANGS = st.frozensets(st.sampled_from(LANGS))
_MODES = st.frozensets(st.sampled_from(MODES))
_FIRST_LANG = st.none() | st.sampled_from(LANGS)
_YOUTH_GENDERS = st.sampled_from([None, "woman", "man"])
_DISTANCES = st.sampled_from([None, 15.0, 40.0])
_HORIZONS = st.sampled_from([7, 14, 28])
_PEER_IDS = st.frozensets(st.integers(0, 12), max_size=2)


@st.composite
def _entry(draw: st.DrawFn) -> DomainEntry:
    return entry(
        draw(_DOMAIN_IDS),
        open_for=draw(audiences),
        shown_to=draw(audiences),
        status=draw(_STATUSES),
    )


_ENTRIES = _entry()
_ENTRY_LISTS = st.lists(_ENTRIES, max_size=4)
_SLOT_LISTS = _SLOT_PICKS.map(lambda picks: tuple(sorted(slot(d, h, m) for d, h, m in picks)))


def entries() -> st.SearchStrategy[DomainEntry]:
    return _ENTRIES


def slot_lists() -> st.SearchStrategy[tuple[tuple[object, object], ...]]:
    return _SLOT_LISTS


def _candidate(draw: st.DrawFn, peer_id: int) -> Candidate:
    place = draw(_PLACES)
    return Candidate(
        peer_id=peer_id,
        tie_break_key=stable_tie_break_key(peer_id, "prop"),
        active_verified=draw(st.booleans()) or draw(st.booleans()),
        audiences=draw(audiences),
        domains=tuple(draw(_ENTRY_LISTS)),
        vog_valid_until=draw(_VOG),
        languages=draw(_SOME_LANGS),
        modes=draw(_SOME_MODES),  # type: ignore[arg-type]
        lat=place[0],
        lon=place[1],
        max_travel_km=draw(_TRAVEL),
        gender=draw(_GENDERS),
        age=draw(_AGES),
        active_matches=draw(st.integers(0, 3)),
        max_active_matches=draw(st.integers(0, 4)),
        upcoming_sessions=draw(st.integers(0, 8)),
        recent_proposals=draw(st.integers(0, 8)),
        free_slots=draw(_SLOT_LISTS),  # type: ignore[arg-type]
        past_rating=draw(_RATINGS),
    )


@st.composite
def candidates(draw: st.DrawFn, peer_id: int) -> Candidate:
    return _candidate(draw, peer_id)


@st.composite
def _request(draw: st.DrawFn) -> MatchRequest:
    is_team = draw(st.booleans())
    age = None if is_team else draw(st.integers(12, 25))
    pref = draw(_PREFS)
    place = draw(_PLACES)
    wins = draw(_WINDOW_PICKS)
    return MatchRequest(
        kind="team" if is_team else "youth",
        audience=audience_for("team" if is_team else "youth", age),
        requester_id=1,
        domains=tuple(RequestedDomain(d, draw(_WEIGHTS)) for d in draw(_REQUESTED)),
        earliest_session_date=TODAY + timedelta(days=draw(st.integers(0, 5))),
        languages=draw(_LANGS),
        first_language=draw(_FIRST_LANG),
        modes=draw(_MODES),  # type: ignore[arg-type]
        youth_age=age,
        youth_gender=None if is_team else draw(_YOUTH_GENDERS),
        lat=place[0],
        lon=place[1],
        max_distance_km=draw(_DISTANCES),
        gender_preference=pref,
        preferred_gender="woman" if pref == "specific" else None,
        gender_is_strict=draw(st.booleans()),
        prefers_age_close=draw(st.booleans()),
        windows=tuple(window(d, s, s + n) for d, s, n in wins),
        horizon_days=draw(_HORIZONS),
        blocked_peer_ids=draw(_PEER_IDS),
        peer_ids_blocking_requester=draw(_PEER_IDS),
        involves_minors=draw(st.booleans()),
    )


_REQUESTS = _request()


def requests() -> st.SearchStrategy[MatchRequest]:
    return _REQUESTS


@st.composite
def worlds(draw: st.DrawFn) -> tuple[MatchRequest, list[Candidate]]:
    n = draw(st.integers(0, 12))
    return draw(_REQUESTS), [_candidate(draw, i) for i in range(n)]


# Hypothesis rarely finds eligible candidates by chance; bias half the pool toward fitting.
def friendly(request: MatchRequest, candidate: Candidate) -> Candidate:
    usable = request.domains[0].domain_id if request.domains else DOMAINS[0]
    return dataclasses.replace(
        candidate,
        active_verified=True,
        audiences=frozenset({request.audience}),
        domains=(*candidate.domains, entry(usable, open_for={request.audience})),
        languages=candidate.languages | request.languages,
        modes=frozenset({"video", "phone", "chat"}),
        vog_valid_until=TODAY + timedelta(days=400),
        max_active_matches=candidate.active_matches + 1,
        free_slots=tuple(sorted({*candidate.free_slots, *request.windows[:1], slot(6, 10)})),
    )


_WORLDS = worlds()


@st.composite
def rich_worlds(draw: st.DrawFn) -> tuple[MatchRequest, list[Candidate]]:
    request, pool = draw(_WORLDS)
    pool = [friendly(request, c) if i % 2 == 0 else c for i, c in enumerate(pool)]
    return request, pool


PROPERTY = settings(deadline=None, max_examples=150)


@PROPERTY
@given(rich_worlds())
def test_ranked_and_excluded_partition_the_input(
    world: tuple[MatchRequest, list[Candidate]],
) -> None:
    request, pool = world
    ranking = rank(request, *pool)
    ranked = {r.peer_id for r in ranking.ranked}
    excluded = {e.peer_id for e in ranking.excluded}
    assert ranked.isdisjoint(excluded)
    assert ranked | excluded == {c.peer_id for c in pool}
    assert sum(ranking.exclusion_counts.values()) == len(excluded)


@PROPERTY
@given(rich_worlds())
def test_every_ranked_candidate_passes_every_hard_rule(
    world: tuple[MatchRequest, list[Candidate]],
) -> None:
    """Checked independently of filters.py, straight from the rules."""
    request, pool = world
    by_id = {c.peer_id: c for c in pool}
    ctx = build_context(request, TAXONOMY, NOW)
    for result in rank(request, *pool).ranked:
        c = by_id[result.peer_id]
        start, end = result.soonest_slot
        assert c.active_verified
        assert c.peer_id not in request.blocked_peer_ids
        assert c.peer_id not in request.peer_ids_blocking_requester
        assert request.audience in c.audiences
        assert any(e.usable_for(request.audience) for e in c.domains)
        assert not request.languages or request.languages & c.languages
        assert result.modes
        assert result.modes <= c.modes
        assert not request.modes or result.modes <= request.modes
        assert c.active_matches < c.max_active_matches
        assert (start, end) in c.free_slots
        assert NOW <= start < NOW + timedelta(days=request.horizon_days)
        assert start.astimezone(SESSION_ZONE).date() >= request.earliest_session_date
        assert slot_in_windows(start, end, ctx)
        if request.requires_vog:
            assert c.vog_valid_until is not None
            last_moment = end - timedelta(microseconds=1)
            assert last_moment.astimezone(SESSION_ZONE).date() <= c.vog_valid_until


@PROPERTY
@given(rich_worlds(), st.randoms(use_true_random=False))
def test_order_is_total_and_independent_of_input_order(
    world: tuple[MatchRequest, list[Candidate]], rnd: random.Random
) -> None:
    request, pool = world
    first = rank(request, *pool)
    shuffled = list(pool)
    rnd.shuffle(shuffled)
    second = rank(request, *shuffled)
    assert [r.peer_id for r in first.ranked] == [r.peer_id for r in second.ranked]
    assert first.excluded == second.excluded
    keys = [(-r.score, by_key(pool, r.peer_id)) for r in first.ranked]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def by_key(pool: list[Candidate], peer_id: int) -> str:
    return next(c.tie_break_key for c in pool if c.peer_id == peer_id)


@PROPERTY
@given(rich_worlds(), st.data())
def test_removing_a_candidate_keeps_the_others_relative_order(
    world: tuple[MatchRequest, list[Candidate]], data: st.DataObject
) -> None:
    request, pool = world
    if not pool:
        return
    gone = data.draw(st.sampled_from(pool)).peer_id
    before = [r.peer_id for r in rank(request, *pool).ranked if r.peer_id != gone]
    after = [r.peer_id for r in rank(request, *[c for c in pool if c.peer_id != gone]).ranked]
    assert before == after


@PROPERTY
@given(rich_worlds())
def test_all_factors_and_scores_lie_in_unit_interval(
    world: tuple[MatchRequest, list[Candidate]],
) -> None:
    request, pool = world
    for result in rank(request, *pool).ranked:
        assert 0.0 <= result.score <= 1.0
        for factor in result.factors.values():
            assert 0.0 <= factor.value <= 1.0
            assert factor.weight >= 0.0


@PROPERTY
@given(rich_worlds())
def test_no_reason_names_a_domain_not_opened_and_shown_for_this_audience(
    world: tuple[MatchRequest, list[Candidate]],
) -> None:
    request, pool = world
    by_id = {c.peer_id: c for c in pool}
    for result in rank(request, *pool).ranked:
        shown = {
            e.domain_id
            for e in by_id[result.peer_id].domains
            if e.status == "active"
            and request.audience in e.open_for
            and request.audience in e.shown_to
        }
        for reason in result.reasons:
            if "domain_id" in reason.params:
                assert reason.params["domain_id"] in shown


def score_of(request: MatchRequest, candidate: Candidate) -> float | None:
    ranking = rank(request, candidate)
    return ranking.ranked[0].score if ranking.ranked else None


improvements = st.sampled_from(
    ["domain", "fewer_sessions", "fewer_proposals", "sooner_slot", "better_rating"]
)


@PROPERTY
@given(rich_worlds(), improvements, st.data())
def test_improving_one_input_never_lowers_the_score(
    world: tuple[MatchRequest, list[Candidate]], improvement: str, data: st.DataObject
) -> None:
    request, pool = world
    for candidate in pool:
        before = score_of(request, candidate)
        if before is None:
            continue
        if improvement == "domain":
            extra = data.draw(st.sampled_from(DOMAINS))
            better = dataclasses.replace(
                candidate,
                domains=(*candidate.domains, entry(extra, open_for={request.audience})),
            )
        elif improvement == "fewer_sessions":
            better = dataclasses.replace(
                candidate, upcoming_sessions=max(0, candidate.upcoming_sessions - 1)
            )
        elif improvement == "fewer_proposals":
            better = dataclasses.replace(
                candidate, recent_proposals=max(0, candidate.recent_proposals - 1)
            )
        elif improvement == "sooner_slot":
            result = rank(request, candidate).ranked[0]
            start, end = result.soonest_slot
            shift = timedelta(minutes=data.draw(st.integers(0, 600)))
            earlier = (max(start - shift, NOW), max(end - shift, NOW + (end - start)))
            better = dataclasses.replace(
                candidate, free_slots=tuple(sorted({*candidate.free_slots, earlier}))
            )
        else:
            rating = candidate.past_rating or 1.0
            better = dataclasses.replace(
                candidate, past_rating=min(5.0, rating + data.draw(st.floats(0, 4)))
            )
        after = score_of(request, better)
        if improvement != "sooner_slot":
            assert after is not None
        if after is not None:
            assert after >= before - 1e-12
