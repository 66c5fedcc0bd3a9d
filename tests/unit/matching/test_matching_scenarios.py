"""Scenarios as a coordinator would state the rule."""

from __future__ import annotations

from datetime import timedelta

from matching_builders import (
    BULLYING,
    DEPRESSION,
    DIVORCE,
    FAMILY,
    FOSTER_CARE,
    GRONINGEN,
    MOOD,
    NOW,
    TAXONOMY,
    TODAY,
    entry,
    excluded_reason,
    order,
    peer,
    rank,
    ranked,
    slot,
    team_request,
    window,
    youth_request,
)

from peermatch.matching import (
    ExclusionReason,
    optimal_assignment,
    stable_tie_break_key,
    suggest_relaxations,
)


def named_domains(ranking: object, peer_id: int) -> set[object]:
    return {
        r.params["domain_id"] for r in ranked(ranking, peer_id).reasons if "domain_id" in r.params
    }


def test_a_15_year_old_asking_about_foster_care_is_never_offered_a_peer_expert_without_a_valid_vog():
    request = youth_request(age=15, most=(FOSTER_CARE,))
    no_vog = peer(1, vog_valid_until=None)
    expired = peer(2, vog_valid_until=TODAY - timedelta(days=1))
    valid = peer(3)
    ranking = rank(request, no_vog, expired, valid)
    assert order(ranking) == [3]
    assert excluded_reason(ranking, 1) is ExclusionReason.VOG
    assert excluded_reason(ranking, 2) is ExclusionReason.VOG


def test_a_vog_expiring_before_the_session_date_excludes_for_minors() -> None:
    # VOG runs out on Wednesday; the peer expert is only free from Friday.
    expiring = peer(1, vog_valid_until=TODAY + timedelta(days=2), free_slots=(slot(4), slot(5)))
    assert excluded_reason(rank(youth_request(age=13), expiring), 1) is ExclusionReason.VOG
    assert order(rank(youth_request(age=19), expiring)) == [1]


def test_an_adult_youth_can_meet_a_peer_expert_without_a_vog() -> None:
    assert order(rank(youth_request(age=21), peer(1, vog_valid_until=None))) == [1]


def test_a_team_request_about_a_minor_needs_a_vog_just_like_the_minor_themself() -> None:
    request = team_request(involves_minors=True)
    assert excluded_reason(rank(request, peer(1, vog_valid_until=None)), 1) is ExclusionReason.VOG


def test_a_youth_who_prefers_a_woman_gets_one_first_when_one_fits_equally_well() -> None:
    request = youth_request(gender_preference="specific", preferred_gender="woman")
    man = peer(1, gender="man")
    woman = peer(2, gender="woman")
    for pool in ((man, woman), (woman, man)):
        assert order(rank(request, *pool)) == [2, 1]


def test_a_plain_gender_preference_never_hides_a_better_fit() -> None:
    request = youth_request(gender_preference="specific", preferred_gender="woman")
    man_same_experience = peer(1, FOSTER_CARE, gender="man")
    woman_only_category = peer(2, FAMILY, gender="woman")
    assert order(rank(request, man_same_experience, woman_only_category)) == [1, 2]


def test_a_strict_wish_for_a_man_excludes_women_and_says_so() -> None:
    request = youth_request(
        gender_preference="specific", preferred_gender="man", gender_is_strict=True
    )
    ranking = rank(request, peer(1, gender="woman"), peer(2, gender="man"))
    assert order(ranking) == [2]
    assert excluded_reason(ranking, 1) is ExclusionReason.GENDER


def test_a_peer_expert_who_paused_a_domain_is_not_matched_on_it() -> None:
    paused = peer(1, entry(FOSTER_CARE, status="paused"), DIVORCE)
    ranking = rank(youth_request(most=(FOSTER_CARE,)), paused, peer(2, DIVORCE))
    # Only the sibling experience counts: exactly like the peer expert who never had foster care.
    assert ranked(ranking, 1).factors["shared_experience"].value == 0.5
    assert ranked(ranking, 1).score == ranked(ranking, 2).score
    assert FOSTER_CARE not in named_domains(ranking, 1)


def test_a_peer_expert_with_only_a_paused_domain_is_not_proposed() -> None:
    ranking = rank(youth_request(), peer(1, entry(FOSTER_CARE, status="paused")))
    assert excluded_reason(ranking, 1) is ExclusionReason.NO_OPEN_DOMAIN


def test_a_withdrawn_domain_is_never_named_in_an_explanation() -> None:
    candidate = peer(1, entry(FOSTER_CARE, status="withdrawn"), DIVORCE)
    assert named_domains(rank(youth_request(), candidate), 1) == {DIVORCE}


def test_a_domain_opened_only_for_adults_is_not_used_for_a_16_year_old() -> None:
    adults_only = peer(1, entry(FOSTER_CARE, open_for={"adult_18_plus"}))
    assert (
        excluded_reason(rank(youth_request(age=16), adults_only), 1)
        is ExclusionReason.NO_OPEN_DOMAIN
    )
    assert order(rank(youth_request(age=18), adults_only)) == [1]


def test_a_domain_used_for_matching_but_kept_private_never_appears_in_the_explanation() -> None:
    private = peer(1, entry(FOSTER_CARE, shown_to={"adult_18_plus"}))
    ranking = rank(youth_request(age=14), private)
    assert order(ranking) == [1]
    assert named_domains(ranking, 1) == set()


def test_shared_sibling_experience_ranks_below_the_same_experience() -> None:
    ranking = rank(youth_request(most=(FOSTER_CARE,)), peer(1, DIVORCE), peer(2, FOSTER_CARE))
    assert order(ranking) == [2, 1]


def test_sharing_only_the_category_ranks_below_a_sibling_experience() -> None:
    ranking = rank(youth_request(most=(FOSTER_CARE,)), peer(1, FAMILY), peer(2, DIVORCE))
    assert order(ranking) == [2, 1]


def test_the_most_important_question_weighs_more_than_the_side_question() -> None:
    request = youth_request(most=(FOSTER_CARE,), also=(BULLYING,))
    ranking = rank(request, peer(1, BULLYING), peer(2, FOSTER_CARE))
    assert order(ranking) == [2, 1]


def test_no_experience_is_ranked_heavier_than_another() -> None:
    """Same shape, different experience: the score must be identical."""
    scores = {
        domain: rank(youth_request(most=(domain,)), peer(1, domain)).ranked[0].score
        for domain in (FOSTER_CARE, DIVORCE, DEPRESSION, BULLYING)
    }
    assert len(set(scores.values())) == 1


def test_a_team_request_only_sees_peer_experts_who_accept_teams() -> None:
    youth_only = peer(1, audiences=frozenset({"youth_12_15", "youth_16_17", "adult_18_plus"}))
    teams_too = peer(2, audiences=frozenset({"team", "adult_18_plus"}))
    ranking = rank(team_request(), youth_only, teams_too)
    assert order(ranking) == [2]
    assert excluded_reason(ranking, 1) is ExclusionReason.AUDIENCE


def test_the_same_few_peer_experts_are_not_always_on_top() -> None:
    pool = {i: peer(i) for i in range(1, 6)}
    tops: list[int] = []
    for _ in range(10):
        top = order(rank(youth_request(), *pool.values()))[0]
        tops.append(top)
        chosen = pool[top]
        pool[top] = peer(top, recent_proposals=chosen.recent_proposals + 1)
    assert set(tops) == set(pool)


def test_a_busy_peer_expert_yields_to_an_equally_fitting_quieter_one() -> None:
    ranking = rank(youth_request(), peer(1, upcoming_sessions=6), peer(2, upcoming_sessions=1))
    assert order(ranking) == [2, 1]


def test_a_peer_expert_with_a_full_caseload_is_not_proposed() -> None:
    full = peer(1, active_matches=2, max_active_matches=2)
    assert excluded_reason(rank(youth_request(), full), 1) is ExclusionReason.CAPACITY


def test_a_peer_expert_the_youth_declined_is_not_proposed_again() -> None:
    ranking = rank(youth_request(blocked_peer_ids=frozenset({1})), peer(1), peer(2))
    assert order(ranking) == [2]
    assert excluded_reason(ranking, 1) is ExclusionReason.BLOCKED_BY_REQUESTER


def test_a_peer_expert_who_asked_not_to_meet_this_youth_again_is_not_proposed() -> None:
    ranking = rank(youth_request(peer_ids_blocking_requester=frozenset({1})), peer(1), peer(2))
    assert excluded_reason(ranking, 1) is ExclusionReason.BLOCKED_BY_PEER


def test_a_poorly_rated_earlier_match_does_not_push_a_peer_expert_down() -> None:
    never_met = rank(youth_request(), peer(1)).ranked[0].score
    rated_low = rank(youth_request(), peer(1, past_rating=1.0)).ranked[0].score
    assert rated_low == never_met


def test_a_youth_who_liked_an_earlier_peer_expert_sees_them_first_when_fit_is_equal() -> None:
    ranking = rank(youth_request(), peer(1), peer(2, past_rating=5.0))
    assert order(ranking) == [2, 1]


def test_a_youth_who_wants_to_meet_in_person_is_not_offered_someone_too_far_away() -> None:
    request = youth_request(modes=frozenset({"in_person"}))
    ranking = rank(request, peer(1, place=GRONINGEN), peer(2))
    assert order(ranking) == [2]
    assert excluded_reason(ranking, 1) is ExclusionReason.DISTANCE


def test_a_youth_open_to_video_still_meets_a_faraway_peer_expert_by_video() -> None:
    request = youth_request(modes=frozenset({"in_person", "video"}))
    result = rank(request, peer(1, place=GRONINGEN)).ranked[0]
    assert result.modes == frozenset({"video"})


def test_when_nobody_fits_in_person_the_coordinator_hears_video_would_give_four() -> None:
    request = youth_request(modes=frozenset({"in_person"}))
    faraway = [peer(i, place=GRONINGEN) for i in range(1, 5)]
    assert rank(request, *faraway).ranked == ()
    best = suggest_relaxations(request, faraway, taxonomy=TAXONOMY, now=NOW)[0]
    assert (best.key, best.eligible_count) == ("relax.add_video", 4)


def test_a_peer_expert_free_tomorrow_ranks_above_one_free_in_two_weeks() -> None:
    ranking = rank(youth_request(), peer(1, free_slots=(slot(13),)), peer(2, free_slots=(slot(1),)))
    assert order(ranking) == [2, 1]


def test_a_youth_only_free_after_school_only_gets_peer_experts_free_then() -> None:
    after_school = tuple(window(d, 15, 18) for d in range(1, 8))
    mornings = peer(1, free_slots=tuple(slot(d, 9) for d in range(1, 8)))
    afternoons = peer(2, free_slots=(slot(3, 16),))
    ranking = rank(youth_request(windows=after_school), mornings, afternoons)
    assert order(ranking) == [2]
    assert excluded_reason(ranking, 1) is ExclusionReason.NO_SLOT


def test_a_youth_whose_first_language_is_arabic_gets_an_arabic_speaker_first() -> None:
    request = youth_request(languages=frozenset({"nl", "ar"}), first_language="ar")
    ranking = rank(request, peer(1), peer(2, languages=frozenset({"nl", "ar"})))
    assert order(ranking) == [2, 1]


def test_a_youth_who_wants_someone_close_in_age_gets_them_first() -> None:
    request = youth_request(age=17, prefers_age_close=True)
    assert order(rank(request, peer(1, age=29), peer(2, age=19))) == [2, 1]


def test_equal_candidates_are_not_ordered_by_id_or_name() -> None:
    ids = range(1, 40)
    by_key = sorted(ids, key=lambda i: stable_tie_break_key(i, "tests"))
    ranking = rank(youth_request(), *(peer(i) for i in ids))
    assert order(ranking) == by_key
    assert order(ranking) != sorted(ids)


def test_asking_about_a_whole_category_finds_peer_experts_anywhere_in_it() -> None:
    ranking = rank(youth_request(most=(MOOD,)), peer(1, DEPRESSION), peer(2, FOSTER_CARE))
    assert order(ranking) == [1]
    assert excluded_reason(ranking, 2) is ExclusionReason.NO_OPEN_DOMAIN


def test_the_coordinator_sees_why_nobody_fits() -> None:
    ranking = rank(
        youth_request(age=14),
        peer(1, vog_valid_until=None),
        peer(2, vog_valid_until=None),
        peer(3, free_slots=()),
    )
    assert ranking.exclusion_counts == {ExclusionReason.VOG: 2, ExclusionReason.NO_SLOT: 1}


def test_a_batch_gives_each_youth_their_own_peer_expert_when_each_can_take_only_one() -> None:
    requests = [(1, {10: 0.9, 20: 0.8}), (2, {10: 0.85})]
    result = optimal_assignment(requests, {10: 1, 20: 1})
    assert result.pairs == {1: 20, 2: 10}
