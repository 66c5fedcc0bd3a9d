"""What to relax when nobody fits."""

from __future__ import annotations

from matching_builders import (
    AMSTERDAM,
    GRONINGEN,
    NOW,
    TAXONOMY,
    peer,
    slot,
    window,
    youth_request,
)

from peermatch.matching import Relaxation, suggest_relaxations
from peermatch.matching.relax import count_eligible


def suggest(request: object, *candidates: object) -> list[Relaxation]:
    return suggest_relaxations(request, candidates, taxonomy=TAXONOMY, now=NOW)  # type: ignore[arg-type]


def test_video_instead_of_in_person() -> None:
    request = youth_request(modes=frozenset({"in_person"}))
    far = [peer(i, place=GRONINGEN, modes=frozenset({"video", "in_person"})) for i in range(1, 5)]
    found = suggest(request, *far)
    assert Relaxation("relax.add_video", {}, 4) in found
    assert found[0].eligible_count == 4


def test_wider_distance() -> None:
    request = youth_request(modes=frozenset({"in_person"}), max_distance_km=25.0)
    found = suggest(request, peer(1, place=AMSTERDAM, max_travel_km=60.0))
    assert Relaxation("relax.double_distance", {"max_distance_km": 50.0}, 1) in found


def test_any_language_and_any_time_and_gender() -> None:
    request = youth_request(
        languages=frozenset({"pl"}),
        windows=(window(1, 9, 10),),
        gender_preference="specific",
        preferred_gender="man",
        gender_is_strict=True,
    )
    candidates = [
        peer(1, languages=frozenset({"pl"}), gender="man", free_slots=(slot(1, 15),)),
        peer(2, languages=frozenset({"nl"}), gender="man", free_slots=(slot(1, 9),)),
        peer(3, languages=frozenset({"pl"}), gender="woman", free_slots=(slot(1, 9),)),
    ]
    found = {r.key: r.eligible_count for r in suggest(request, *candidates)}
    assert found == {"relax.any_language": 1, "relax.any_time": 1, "relax.gender_preference": 1}


def test_relaxations_that_do_not_help_are_left_out_and_nothing_needed_when_all_fit() -> None:
    request = youth_request(modes=frozenset({"video"}))
    assert suggest(request, peer(1)) == []
    assert (
        count_eligible(
            request, [peer(1), peer(2, active_verified=False)], taxonomy=TAXONOMY, now=NOW
        )
        == 1
    )


def test_most_helpful_first() -> None:
    request = youth_request(modes=frozenset({"phone"}), languages=frozenset({"pl"}))
    candidates = [
        peer(1, modes=frozenset({"video"}), languages=frozenset({"pl"})),
        peer(2, modes=frozenset({"video"}), languages=frozenset({"pl"})),
        peer(3, modes=frozenset({"phone"}), languages=frozenset({"nl"})),
    ]
    counts = [r.eligible_count for r in suggest(request, *candidates)]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 2
