"""Place list and search: what a youth or peer expert picking a place relies on."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from peermatch.places import Place, all_places, get_place, search_places
from peermatch.places.aliases import ALIASES
from peermatch.places.normalise import normalise


def _names(places: list[Place]) -> list[str]:
    return [p.name for p in places]


def _raw() -> list[dict[str, object]]:
    text = files("peermatch.places").joinpath("nl_places.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert isinstance(data, list)
    return data


def test_data_file_has_many_places_inside_the_netherlands() -> None:
    places = all_places()
    assert len(places) > 1500
    for place in places:
        assert 50.7 <= place.lat <= 53.7, place
        assert 3.2 <= place.lon <= 7.3, place


def test_ids_are_unique() -> None:
    ids = [p.id for p in all_places()]
    assert len(ids) == len(set(ids))


def test_data_file_rows_have_exactly_the_documented_fields() -> None:
    provinces = {
        "Drenthe", "Fryslân", "Gelderland", "Groningen", "Limburg", "Noord-Brabant",
        "Noord-Holland", "Utrecht", "Zeeland", "Zuid-Holland", "Overijssel", "Flevoland",
    }  # fmt: skip
    for row in _raw():
        assert set(row) == {"id", "name", "province", "lat", "lon", "population"}
        assert row["province"] in provinces
        assert isinstance(row["population"], int)
    assert {row["province"] for row in _raw()} == provinces


def test_all_places_sorted_by_name() -> None:
    keys = [normalise(p.name) for p in all_places()]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("query", "expected", "province"),
    [
        ("Amsterdam", "Amsterdam", "Noord-Holland"),
        ("Rotterdam", "Rotterdam", "Zuid-Holland"),
        ("Utrecht", "Utrecht", "Utrecht"),
        ("Den Haag", "Den Haag", "Zuid-Holland"),
        ("Groningen", "Groningen", "Groningen"),
        ("Maastricht", "Maastricht", "Limburg"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch", "Noord-Brabant"),
    ],
)
def test_big_cities_are_found_first(query: str, expected: str, province: str) -> None:
    first = search_places(query)[0]
    assert (first.name, first.province) == (expected, province)


@pytest.mark.parametrize("query", ["den haag", "DEN HAAG", "dEn HaAg", "den-haag", " den   haag "])
def test_search_ignores_case_spacing_and_hyphens(query: str) -> None:
    assert _names(search_places(query))[:1] == ["Den Haag"]


def test_search_ignores_accents_in_query_and_name() -> None:
    assert "Sint Odiliënberg" in _names(search_places("odilienberg"))
    assert "Sint Odiliënberg" in _names(search_places("ODILIËNBERG"))
    assert "Damwâld" in _names(search_places("damwald"))


def test_search_ignores_apostrophes() -> None:
    for query in ("s-hertogenbosch", "'s hertogenbosch", "’s-Hertogenbosch", "hertogenbosch"):
        assert _names(search_places(query))[:1] == ["'s-Hertogenbosch"], query


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Den Bosch", "'s-Hertogenbosch"),
        ("den bosch", "'s-Hertogenbosch"),
        ("den bo", "'s-Hertogenbosch"),
        ("'s-Gravenhage", "Den Haag"),
        ("s gravenhage", "Den Haag"),
        ("the hague", "Den Haag"),
    ],
)
def test_well_known_aliases_find_the_place(alias: str, expected: str) -> None:
    assert _names(search_places(alias))[:1] == [expected]


def test_every_alias_points_at_an_existing_place() -> None:
    for alias, place_id in ALIASES.items():
        assert get_place(place_id) is not None, alias


def test_prefix_matches_come_before_substring_matches() -> None:
    # "Rotterdam" and "Amsterdam" are far bigger than "Damwâld" and contain "dam",
    # yet the place that starts with it comes first.
    results = search_places("dam", limit=50)
    tiers = [0 if normalise(p.name).startswith("dam") else 1 for p in results]
    assert tiers == sorted(tiers)
    assert tiers[0] == 0
    assert 1 in tiers
    assert "Rotterdam" in _names(results)


def test_larger_places_first_among_equal_matches() -> None:
    # Two places are called Hengelo; the city in Overijssel is much larger.
    hengelos = [p for p in search_places("hengelo", limit=20) if p.name == "Hengelo"]
    assert [p.province for p in hengelos] == ["Overijssel", "Gelderland"]
    population = {row["id"]: row["population"] for row in _raw()}
    results = search_places("amster", limit=20)
    prefix = [p for p in results if normalise(p.name).startswith("amster")]
    sizes = [population[p.id] for p in prefix]
    assert sizes == sorted(sizes, reverse=True)  # type: ignore[type-var]


@pytest.mark.parametrize("limit", [1, 3, 7])
def test_limit_is_respected(limit: int) -> None:
    assert len(search_places("a", limit=limit)) == limit


def test_default_limit_is_ten() -> None:
    assert len(search_places("e")) == 10


@pytest.mark.parametrize("query", ["", "   ", "-", "'"])
def test_empty_query_returns_nothing(query: str) -> None:
    assert search_places(query) == []


def test_non_positive_limit_returns_nothing() -> None:
    assert search_places("amsterdam", limit=0) == []


def test_unknown_place_returns_nothing() -> None:
    assert search_places("Atlantis") == []


def test_get_place_roundtrip() -> None:
    for place in all_places()[::97]:
        assert get_place(place.id) == place
    amsterdam = search_places("Amsterdam")[0]
    found = get_place(amsterdam.id)
    assert found is not None
    assert found.name == "Amsterdam"
    assert (round(found.lat, 1), round(found.lon, 1)) == (52.4, 4.9)


def test_get_place_unknown_id_returns_none() -> None:
    assert get_place(-1) is None


def test_place_is_immutable() -> None:
    place = all_places()[0]
    with pytest.raises(AttributeError):
        place.name = "elsewhere"  # type: ignore[misc]
