"""Reasons name only what the peer expert opened and chose to show to this audience."""

from __future__ import annotations

from matching_builders import (
    DEPRESSION,
    DIVORCE,
    FAMILY,
    FOSTER_CARE,
    UTRECHT,
    entry,
    peer,
    rank,
    ranked,
    slot,
    youth_request,
)

from peermatch.matching import Reason


def reasons(request: object, candidate: object) -> tuple[Reason, ...]:
    return ranked(rank(request, candidate), candidate.peer_id).reasons  # type: ignore[arg-type, attr-defined, no-any-return]


def keys(found: tuple[Reason, ...]) -> list[str]:
    return [r.key for r in found]


def test_shared_domain_is_named_with_its_id() -> None:
    found = reasons(youth_request(), peer(1, FOSTER_CARE))
    assert (
        Reason(
            "reason.shared_domain", {"domain_id": FOSTER_CARE, "requested_domain_id": FOSTER_CARE}
        )
        in found
    )


def test_sibling_and_category_reasons() -> None:
    assert "reason.related_domain" in keys(reasons(youth_request(), peer(1, DIVORCE)))
    assert "reason.same_category" in keys(reasons(youth_request(), peer(1, FAMILY)))
    assert "reason.domain_within_requested" in keys(
        reasons(youth_request(most=(FAMILY,)), peer(1, DIVORCE))
    )


def test_an_entry_used_but_not_shown_gives_no_reason_at_all() -> None:
    hidden = entry(FOSTER_CARE, shown_to=())
    found = reasons(youth_request(), peer(1, hidden))
    assert not [r for r in found if "domain_id" in r.params]


def test_a_hidden_better_entry_does_not_stop_a_shown_weaker_one_from_being_named() -> None:
    found = reasons(youth_request(), peer(1, entry(FOSTER_CARE, shown_to=()), DIVORCE))
    named = [r.params["domain_id"] for r in found if "domain_id" in r.params]
    assert named == [DIVORCE]


def test_shown_to_without_open_for_never_shows() -> None:
    sneaky = entry(DEPRESSION, open_for={"adult_18_plus"}, shown_to={"youth_12_15"})
    found = reasons(youth_request(also=(DEPRESSION,)), peer(1, FOSTER_CARE, sneaky))
    assert all(r.params.get("domain_id") != DEPRESSION for r in found)


def test_preference_reasons_appear_when_met() -> None:
    request = youth_request(
        age=16,
        prefers_age_close=True,
        gender_preference="specific",
        preferred_gender="woman",
        languages=frozenset({"nl", "tr"}),
        first_language="tr",
    )
    candidate = peer(1, age=18, gender="woman", languages=frozenset({"nl", "tr"}), past_rating=5.0)
    found = keys(reasons(request, candidate))
    for key in (
        "reason.gender_preference_met",
        "reason.close_in_age",
        "reason.speaks_first_language",
        "reason.met_before_rated_well",
        "reason.available_from",
        "reason.modes",
    ):
        assert key in found


def test_preference_reasons_are_absent_when_not_met() -> None:
    request = youth_request(
        age=16, prefers_age_close=True, gender_preference="specific", preferred_gender="man"
    )
    found = keys(reasons(request, peer(1, age=25, gender="woman", past_rating=3.0)))
    assert "reason.gender_preference_met" not in found
    assert "reason.close_in_age" not in found
    assert "reason.met_before_rated_well" not in found


def test_available_from_names_the_soonest_slot() -> None:
    found = reasons(youth_request(), peer(1, free_slots=(slot(3), slot(4))))
    assert Reason("reason.available_from", {"start": slot(3)[0].isoformat()}) in found


def test_close_in_age_is_only_a_reason_when_the_youth_asked_for_it() -> None:
    candidate = peer(1, age=17)
    without = keys(reasons(youth_request(age=16, prefers_age_close=False), candidate))
    asked = keys(reasons(youth_request(age=16, prefers_age_close=True), candidate))
    assert "reason.close_in_age" not in without
    assert "reason.close_in_age" in asked


def test_nearby_is_said_in_rounded_steps_only_for_meeting_in_person() -> None:
    lat, lon = UTRECHT
    near = (lat + 0.1, lon)  # about 11 km north: said as "within 15 km", never exactly
    in_person = youth_request(modes=frozenset({"in_person"}))
    found = reasons(in_person, peer(1, place=near))
    assert Reason("reason.nearby", {"km": 15}) in found
    same_place = reasons(in_person, peer(2))
    assert Reason("reason.nearby", {"km": 5}) in same_place
    by_video = reasons(youth_request(), peer(3, place=near))
    assert "reason.nearby" not in keys(by_video)
