from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from peermatch.timezones import DEFAULT_TIME_ZONE, known_zone, zone_info


@pytest.mark.parametrize("name", ["Europe/London", "America/New_York", "Asia/Tokyo"])
def test_a_real_zone_is_kept(name: str) -> None:
    assert known_zone(name) == name
    assert zone_info(name) == ZoneInfo(name)


@pytest.mark.parametrize("name", [None, "", "Mars/Olympus", "../etc/passwd", "Europe/"])
def test_a_missing_or_unknown_zone_falls_back_to_amsterdam(name: str | None) -> None:
    assert known_zone(name) == DEFAULT_TIME_ZONE == "Europe/Amsterdam"
