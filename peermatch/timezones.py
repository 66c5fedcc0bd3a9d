"""The one rule for people's time zones: theirs when it is a real zone, else Amsterdam.

Plain standard library, so the pure cores may use it too.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Most people using PeerMatch live here; used when someone's stored zone is missing or unknown.
DEFAULT_TIME_ZONE = "Europe/Amsterdam"


def known_zone(name: str | None) -> str:
    """``name`` when zoneinfo knows it, otherwise the default (never raises)."""
    if not name:
        return DEFAULT_TIME_ZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_TIME_ZONE
    return name


def zone_info(name: str | None) -> ZoneInfo:
    return ZoneInfo(known_zone(name))
