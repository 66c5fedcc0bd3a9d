"""The profile and request forms search places through one helper, so both offer the same
places in the same order with the same labels, and a re-shown form keeps the chosen one."""

from __future__ import annotations

from peermatch.places import get_place, search_places
from peermatch.web.place_search import OFFERED, find_places, place_choices


def test_a_search_offers_the_catalogues_best_matches_in_its_order() -> None:
    assert find_places("  hengelo ") == search_places("hengelo", limit=OFFERED)
    assert find_places("dam", limit=3) == search_places("dam", limit=3)


def test_the_place_chosen_before_comes_first_and_only_once() -> None:
    utrecht = next(p for p in search_places("Utrecht") if p.name == "Utrecht")
    found = find_places("utrecht", keep=str(utrecht.id))
    assert found[0] == utrecht
    assert found.count(utrecht) == 1
    assert find_places(None, keep=utrecht.id) == [utrecht]


def test_nothing_typed_or_a_bad_kept_id_offers_nothing() -> None:
    assert find_places("   ") == []
    assert find_places(None, keep="abc") == []
    assert find_places(None, keep="-1") == []
    assert find_places(None, keep="999999999") == []


def test_choices_name_the_province_so_same_named_places_differ() -> None:
    hengelos = [p for p in search_places("hengelo", limit=20) if p.name == "Hengelo"]
    choices = place_choices(hengelos)
    assert [c.value for c in choices] == [str(p.id) for p in hengelos]
    assert len({c.label for c in choices}) == len(hengelos) > 1
    first = get_place(int(choices[0].value))
    assert first is not None and choices[0].label == f"Hengelo ({first.province})"
