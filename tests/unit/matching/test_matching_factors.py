"""Each soft factor: its range, its direction, and when it applies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from matching_builders import (
    ANXIETY,
    BULLYING,
    DEPRESSION,
    DIVORCE,
    FAMILY,
    FOSTER_CARE,
    MOOD,
    NOW,
    TAXONOMY,
    peer,
    slot,
    youth_request,
)

from peermatch.matching import DEFAULT_WEIGHTS, FACTOR_NAMES
from peermatch.matching import factors as f
from peermatch.matching.context import build_context
from peermatch.matching.filters import Eligible, best_relations
from peermatch.matching.types import MatchRequest


def named(values: tuple[float, ...]) -> dict[str, float]:
    return dict(zip(FACTOR_NAMES, values, strict=True))


def ctx_for(request: MatchRequest | None = None) -> f.RequestContext:
    return build_context(request or youth_request(), TAXONOMY, NOW)


def shared(request: MatchRequest, *domains: int) -> float:
    ctx = ctx_for(request)
    relations = best_relations(peer(1, *domains), ctx)
    assert relations is not None
    return f.shared_experience(relations, ctx)


def test_shared_experience_same_sibling_category() -> None:
    request = youth_request(most=(FOSTER_CARE,))
    assert shared(request, FOSTER_CARE) == 1.0
    assert shared(request, DIVORCE) == 0.5
    assert shared(request, FAMILY) == 0.25


def test_shared_experience_takes_the_best_entry_per_requested_domain() -> None:
    assert shared(youth_request(most=(FOSTER_CARE,)), FAMILY, DIVORCE, FOSTER_CARE) == 1.0


def test_shared_experience_weighs_most_double_of_also() -> None:
    request = youth_request(most=(FOSTER_CARE,), also=(DEPRESSION,))
    assert shared(request, FOSTER_CARE) == pytest.approx(2 / 3)
    assert shared(request, DEPRESSION) == pytest.approx(1 / 3)
    assert shared(request, FOSTER_CARE, DEPRESSION) == 1.0
    assert shared(request, FOSTER_CARE, ANXIETY) == pytest.approx((2 + 0.5) / 3)


def test_asking_about_a_category_makes_its_domains_a_full_fit() -> None:
    assert shared(youth_request(most=(MOOD,)), DEPRESSION) == 1.0


def test_shared_experience_without_requested_domains_is_zero_and_weightless() -> None:
    ctx = ctx_for(youth_request(most=()))
    assert f.shared_experience((), ctx) == 0.0
    assert named(f.applicable_weights(ctx, DEFAULT_WEIGHTS))["shared_experience"] == 0.0


def test_gender_factor_applies_only_with_a_preference() -> None:
    none = ctx_for(youth_request())
    same = ctx_for(youth_request(youth_gender="woman", gender_preference="same"))
    specific = ctx_for(youth_request(gender_preference="specific", preferred_gender="man"))
    assert not f.gender_applies(none)
    assert f.gender_match(peer(1, gender="woman"), same) == 1.0
    assert f.gender_match(peer(1, gender="man"), same) == 0.0
    assert f.gender_match(peer(1, gender="man"), specific) == 1.0
    assert f.gender_match(peer(1, gender=None), specific) == 0.0


def test_same_gender_without_knowing_the_youths_gender_does_not_apply() -> None:
    assert not f.gender_applies(ctx_for(youth_request(youth_gender=None, gender_preference="same")))


def test_age_closeness_decays_over_ten_years() -> None:
    ctx = ctx_for(youth_request(age=16, prefers_age_close=True))
    assert f.age_applies(ctx)
    assert f.age_closeness(peer(1, age=16), ctx) == 1.0
    assert f.age_closeness(peer(1, age=21), ctx) == pytest.approx(0.5)
    assert f.age_closeness(peer(1, age=11 + 16), ctx) == 0.0
    assert f.age_closeness(peer(1, age=None), ctx) == 0.0
    assert not f.age_applies(ctx_for(youth_request(age=16)))


def test_first_language_factor() -> None:
    ctx = ctx_for(youth_request(languages=frozenset({"nl", "ar"}), first_language="ar"))
    assert f.language_applies(ctx)
    assert f.first_language(peer(1, languages=frozenset({"nl", "ar"})), ctx) == 1.0
    assert f.first_language(peer(1, languages=frozenset({"nl"})), ctx) == 0.0
    assert not f.language_applies(ctx_for(youth_request()))


def test_soonest_slot_decays_linearly_over_fourteen_days() -> None:
    ctx = ctx_for()

    def value(days: float) -> float:
        start = NOW + timedelta(days=days)
        return f.soonest_slot(Eligible((), frozenset(), (start, start)), ctx)

    assert value(0) == 1.0
    assert value(7) == pytest.approx(0.5)
    assert value(14) == 0.0
    assert value(20) == 0.0


def test_fair_spread_prefers_less_recent_work() -> None:
    idle = f.fair_spread(peer(1))
    busy = f.fair_spread(peer(1, upcoming_sessions=3))
    proposed = f.fair_spread(peer(1, recent_proposals=3))
    assert idle == 1.0
    assert busy == pytest.approx(0.75)
    assert proposed == pytest.approx(0.75)
    assert f.fair_spread(peer(1, upcoming_sessions=3, recent_proposals=3)) == pytest.approx(0.5)


def test_continuity_rewards_a_well_rated_past_match_and_never_punishes() -> None:
    assert f.continuity(peer(1, past_rating=5.0)) == 1.0
    assert f.continuity(peer(1, past_rating=4.0)) == pytest.approx(2 / 3)
    assert f.continuity(peer(1, past_rating=1.0)) == 0.0
    assert f.continuity(peer(1, past_rating=None)) == 0.0


def test_not_applicable_factors_get_weight_zero_and_value_zero() -> None:
    ctx = ctx_for()
    applies = f.applicable_weights(ctx, DEFAULT_WEIGHTS)
    weights = named(applies)
    assert weights["gender"] == weights["age_closeness"] == weights["language"] == 0.0
    assert weights["shared_experience"] == DEFAULT_WEIGHTS.shared_experience
    eligible = Eligible((1.0,), frozenset({"video"}), slot(1))
    values = named(f.factor_values(peer(1, gender="woman"), eligible, ctx, applies))
    assert values["gender"] == 0.0
    assert values["shared_experience"] == 1.0


def test_applicable_factors_carry_their_configured_weight() -> None:
    request = youth_request(
        age=16,
        gender_preference="same",
        youth_gender="woman",
        prefers_age_close=True,
        first_language="nl",
    )
    assert f.applicable_weights(ctx_for(request), DEFAULT_WEIGHTS) == tuple(
        DEFAULT_WEIGHTS.get(name) for name in FACTOR_NAMES
    )


def test_unrelated_domain_has_no_relation() -> None:
    ctx = ctx_for(youth_request(most=(FOSTER_CARE,)))
    assert best_relations(peer(1, BULLYING), ctx) is None
