"""Each hard filter on its own, and the fixed order in which they report."""

from __future__ import annotations

from datetime import timedelta

from matching_builders import (
    AMERSFOORT,
    AMSTERDAM,
    ANXIETY,
    BULLYING,
    DEPRESSION,
    FOSTER_CARE,
    GRONINGEN,
    NOW,
    TAXONOMY,
    TODAY,
    entry,
    excluded_reason,
    peer,
    rank,
    slot,
    team_request,
    window,
    youth_request,
)

from peermatch.matching import ExclusionReason as R
from peermatch.matching.context import build_context
from peermatch.matching.filters import Eligible, evaluate, soonest_slot


def reason(request: object, candidate: object) -> R | None:
    return excluded_reason(rank(request, candidate), candidate.peer_id)  # type: ignore[arg-type, attr-defined]


def test_the_default_peer_passes_every_filter() -> None:
    assert reason(youth_request(), peer(1)) is None


def test_inactive_or_unverified_profile_is_excluded() -> None:
    assert reason(youth_request(), peer(1, active_verified=False)) is R.INACTIVE


def test_peer_blocked_by_requester_is_excluded() -> None:
    request = youth_request(blocked_peer_ids=frozenset({1}))
    assert reason(request, peer(1)) is R.BLOCKED_BY_REQUESTER
    assert reason(request, peer(2)) is None


def test_peer_who_blocked_the_requester_is_excluded() -> None:
    request = youth_request(peer_ids_blocking_requester=frozenset({1}))
    assert reason(request, peer(1)) is R.BLOCKED_BY_PEER


def test_audience_not_accepted_is_excluded() -> None:
    candidate = peer(1, audiences=frozenset({"adult_18_plus", "team"}))
    assert reason(youth_request(age=15), candidate) is R.AUDIENCE
    assert reason(youth_request(age=19), candidate) is None


def test_no_related_domain_is_excluded() -> None:
    assert reason(youth_request(most=(BULLYING,)), peer(1, FOSTER_CARE)) is R.NO_OPEN_DOMAIN


def test_unrelated_category_does_not_count_as_open_domain() -> None:
    assert reason(youth_request(most=(DEPRESSION,)), peer(1, FOSTER_CARE)) is R.NO_OPEN_DOMAIN
    assert reason(youth_request(most=(DEPRESSION,)), peer(1, ANXIETY)) is None


def test_paused_withdrawn_or_unopened_entries_do_not_open_a_domain() -> None:
    request = youth_request(age=15)
    for blocked in (
        entry(FOSTER_CARE, status="paused"),
        entry(FOSTER_CARE, status="withdrawn"),
        entry(FOSTER_CARE, open_for={"adult_18_plus"}),
    ):
        assert reason(request, peer(1, blocked)) is R.NO_OPEN_DOMAIN


def test_request_without_domains_needs_any_open_entry() -> None:
    request = youth_request(most=())
    assert reason(request, peer(1, BULLYING)) is None
    assert reason(request, peer(1, entry(BULLYING, status="paused"))) is R.NO_OPEN_DOMAIN


def test_strict_gender_excludes_but_a_plain_preference_does_not() -> None:
    man = peer(1, gender="man")
    soft = youth_request(gender_preference="specific", preferred_gender="woman")
    strict = youth_request(
        gender_preference="specific", preferred_gender="woman", gender_is_strict=True
    )
    assert reason(soft, man) is None
    assert reason(strict, man) is R.GENDER
    assert reason(strict, peer(2, gender="woman")) is None


def test_strict_same_gender_uses_the_youths_gender() -> None:
    request = youth_request(youth_gender="boy", gender_preference="same", gender_is_strict=True)
    assert reason(request, peer(1, gender="girl")) is R.GENDER
    assert reason(request, peer(2, gender="boy")) is None


def test_no_common_language_is_excluded() -> None:
    request = youth_request(languages=frozenset({"ar", "en"}))
    assert reason(request, peer(1, languages=frozenset({"nl"}))) is R.LANGUAGE
    assert reason(request, peer(1, languages=frozenset({"nl", "en"}))) is None


def test_empty_language_set_means_any_language() -> None:
    assert reason(youth_request(languages=frozenset()), peer(1, languages=frozenset())) is None


def test_no_common_mode_is_excluded() -> None:
    request = youth_request(modes=frozenset({"phone", "chat"}))
    assert reason(request, peer(1, modes=frozenset({"video"}))) is R.MODE
    assert reason(request, peer(1, modes=frozenset({"chat"}))) is None


def test_in_person_only_beyond_either_distance_limit_is_excluded() -> None:
    request = youth_request(modes=frozenset({"in_person"}), max_distance_km=25.0)
    assert reason(request, peer(1, place=AMERSFOORT)) is None
    assert reason(request, peer(1, place=AMSTERDAM)) is R.DISTANCE  # beyond the youth's 25 km
    assert reason(request, peer(1, place=AMERSFOORT, max_travel_km=10.0)) is R.DISTANCE


def test_in_person_needs_known_places() -> None:
    request = youth_request(modes=frozenset({"in_person"}), place=(None, None))
    assert reason(request, peer(1)) is R.DISTANCE


def test_distance_only_drops_in_person_when_another_mode_is_shared() -> None:
    request = youth_request(modes=frozenset({"in_person", "video"}))
    ranking = rank(request, peer(1, place=GRONINGEN))
    assert ranking.ranked[0].modes == frozenset({"video"})


def test_full_capacity_is_excluded() -> None:
    assert reason(youth_request(), peer(1, active_matches=3, max_active_matches=3)) is R.CAPACITY
    assert reason(youth_request(), peer(1, active_matches=2, max_active_matches=3)) is None


def test_missing_vog_excludes_for_minors_only() -> None:
    assert reason(youth_request(age=14), peer(1, vog_valid_until=None)) is R.VOG
    assert reason(youth_request(age=16), peer(1, vog_valid_until=None)) is R.VOG
    assert reason(youth_request(age=20), peer(1, vog_valid_until=None)) is None


def test_team_request_about_minors_needs_vog() -> None:
    assert reason(team_request(involves_minors=True), peer(1, vog_valid_until=None)) is R.VOG
    assert reason(team_request(), peer(1, vog_valid_until=None)) is None


def test_vog_expired_before_earliest_session_date_is_excluded() -> None:
    request = youth_request(earliest_session_date=TODAY + timedelta(days=3))
    candidate = peer(1, vog_valid_until=TODAY + timedelta(days=2), free_slots=(slot(4),))
    assert reason(request, candidate) is R.VOG


def test_vog_valid_through_its_last_day_inclusive() -> None:
    candidate = peer(1, vog_valid_until=TODAY + timedelta(days=1), free_slots=(slot(1, hour=15),))
    assert reason(youth_request(), candidate) is None


def test_vog_uses_the_dutch_calendar_date_of_the_slot() -> None:
    valid_through_24th = TODAY + timedelta(days=1)
    # 22:00-22:30 UTC on the 24th is 23:00-23:30 in Amsterdam: still the 24th.
    evening = peer(1, vog_valid_until=valid_through_24th, free_slots=(slot(1, 22, 30),))
    # 23:00-23:30 UTC on the 24th is 00:00-00:30 on the 25th in Amsterdam.
    night = peer(2, vog_valid_until=valid_through_24th, free_slots=(slot(1, 23, 30),))
    assert reason(youth_request(), evening) is None
    assert reason(youth_request(), night) is R.VOG


def test_an_expiring_vog_still_allows_the_slots_before_expiry() -> None:
    candidate = peer(
        1, vog_valid_until=TODAY + timedelta(days=2), free_slots=(slot(2), slot(5), slot(6))
    )
    assert rank(youth_request(), candidate).ranked[0].soonest_slot == slot(2)


def test_no_free_slot_is_excluded() -> None:
    assert reason(youth_request(), peer(1, free_slots=())) is R.NO_SLOT


def test_slot_outside_the_requester_windows_is_excluded() -> None:
    request = youth_request(windows=(window(1, 9, 12),))
    assert reason(request, peer(1, free_slots=(slot(1, hour=15),))) is R.NO_SLOT
    assert reason(request, peer(1, free_slots=(slot(1, hour=10),))) is None


def test_slot_must_fit_entirely_inside_a_window() -> None:
    request = youth_request(windows=(window(1, 9, 12),))
    assert reason(request, peer(1, free_slots=(slot(1, hour=11, minutes=90),))) is R.NO_SLOT


def test_touching_windows_are_merged() -> None:
    request = youth_request(windows=(window(1, 11, 12), window(1, 9, 11)))
    assert reason(request, peer(1, free_slots=(slot(1, hour=10, minutes=90),))) is None


def test_slot_beyond_the_horizon_or_in_the_past_does_not_count() -> None:
    request = youth_request(horizon_days=7)
    assert reason(request, peer(1, free_slots=(slot(8),))) is R.NO_SLOT
    assert reason(request, peer(1, free_slots=(slot(-1),))) is R.NO_SLOT
    assert reason(request, peer(1, free_slots=(slot(-1), slot(6)))) is None


def test_slot_before_the_earliest_session_date_does_not_count() -> None:
    request = youth_request(earliest_session_date=TODAY + timedelta(days=3))
    assert reason(request, peer(1, free_slots=(slot(1), slot(2)))) is R.NO_SLOT
    assert reason(request, peer(1, free_slots=(slot(1), slot(3)))) is None


def test_filters_report_the_first_failure_in_fixed_order() -> None:
    everything_wrong = peer(
        1,
        active_verified=False,
        audiences=frozenset(),
        languages=frozenset({"fr"}),
        modes=frozenset({"chat"}),
        active_matches=9,
        vog_valid_until=None,
        free_slots=(),
    )
    request = youth_request(
        blocked_peer_ids=frozenset({1}), peer_ids_blocking_requester=frozenset({1})
    )
    assert reason(request, everything_wrong) is R.INACTIVE
    fixes = [
        {"active_verified": True},
        {},  # unblock below
        {},
        {"audiences": frozenset({"youth_12_15"})},
        {"languages": frozenset({"nl"})},
        {"modes": frozenset({"video"})},
        {"active_matches": 0},
        {"vog_valid_until": TODAY + timedelta(days=10)},
    ]
    expected = [
        R.BLOCKED_BY_REQUESTER,
        R.BLOCKED_BY_PEER,
        R.AUDIENCE,
        R.LANGUAGE,
        R.MODE,
        R.CAPACITY,
        R.VOG,
        R.NO_SLOT,
    ]
    current: dict[str, object] = {
        "active_verified": False,
        "audiences": frozenset(),
        "languages": frozenset({"fr"}),
        "modes": frozenset({"chat"}),
        "active_matches": 9,
        "vog_valid_until": None,
        "free_slots": (),
    }
    blocked = {"blocked_peer_ids": frozenset({1}), "peer_ids_blocking_requester": frozenset({1})}
    for step, (fix, want) in enumerate(zip(fixes, expected, strict=True)):
        current.update(fix)
        if step == 1:
            blocked["blocked_peer_ids"] = frozenset()
        if step == 2:
            blocked["peer_ids_blocking_requester"] = frozenset()
        assert reason(youth_request(**blocked), peer(1, **current)) is want  # type: ignore[arg-type]


def test_soonest_slot_skips_slots_that_do_not_fit() -> None:
    request = youth_request(windows=(window(3, 8, 18),))
    ctx = build_context(request, TAXONOMY, NOW)
    candidate = peer(1, free_slots=(slot(1), slot(2), slot(3, hour=9), slot(3, hour=14)))
    found, any_fit = soonest_slot(candidate, ctx)
    assert found == slot(3, hour=9)
    assert any_fit


def test_evaluate_returns_what_the_factors_need() -> None:
    ctx = build_context(youth_request(also=(DEPRESSION,)), TAXONOMY, NOW)
    outcome = evaluate(peer(1, FOSTER_CARE), ctx)
    assert isinstance(outcome, Eligible)
    assert outcome.best_relations == (1.0, 0.0)
    assert outcome.modes == frozenset({"video"})
    assert outcome.soonest_slot == slot(1)


def test_a_vog_whose_last_valid_day_is_the_first_session_date_still_counts() -> None:
    """The boundary of "valid through the first session date": that day itself is covered,
    the day before it is not."""
    first_day = TODAY + timedelta(days=3)
    request = youth_request(earliest_session_date=first_day)
    on_the_day = peer(1, vog_valid_until=first_day, free_slots=(slot(3, hour=10),))
    day_before = peer(2, vog_valid_until=first_day - timedelta(days=1), free_slots=(slot(3, 10),))
    assert reason(request, on_the_day) is None
    assert reason(request, day_before) is R.VOG
