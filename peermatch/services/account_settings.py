"""A person's own settings: the name they go by, language and time zone."""

from __future__ import annotations

import importlib.resources
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from peermatch.models import User
from peermatch.services import audit
from peermatch.services.accounts import SUPPORTED_LOCALES
from peermatch.services.errors import InvalidInput
from peermatch.timezones import DEFAULT_TIME_ZONE

MAX_NAME_LENGTH = 80


#: The zones offered first: where Dutch youths and their families live, Amsterdam first, then
#: the Caribbean parts of the Kingdom and Suriname, then the countries families most often
#: come from or go to. Every other canonical zone is one search away.
COMMON_TIME_ZONES = (
    DEFAULT_TIME_ZONE,
    "America/Kralendijk",  # Bonaire, Sint Eustatius, Saba
    "America/Aruba",
    "America/Curacao",
    "America/Lower_Princes",  # Sint Maarten
    "America/Paramaribo",  # Suriname
    "Europe/Brussels",
    "Europe/Berlin",
    "Europe/London",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Lisbon",
    "Europe/Rome",
    "Europe/Warsaw",
    "Europe/Bucharest",
    "Europe/Sofia",
    "Europe/Athens",
    "Europe/Kyiv",
    "Europe/Istanbul",  # Turkey
    "Africa/Casablanca",  # Morocco
)


def _zone_tab() -> str:
    """The IANA ``zone.tab``: from the tzdata package (pinned), else the system's copy."""
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text()
    except (ModuleNotFoundError, FileNotFoundError):
        return Path("/usr/share/zoneinfo/zone.tab").read_text()


@cache
def canonical_time_zones() -> dict[str, str]:
    """Every zone a person can live in (IANA ``zone.tab``): zone -> ISO country code.

    ``available_timezones()`` also lists aliases and technical names ('Factory', 'Zulu',
    'localtime', 'Etc/GMT+5', 'US/Pacific'); nobody should pick those from a list, and
    accepting only these keeps stored zones to the ones the list offers.
    """
    zones: dict[str, str] = {}
    for line in _zone_tab().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _coordinates, zone, *_ = line.split("\t")
        zones[zone] = country
    return zones


@cache
def time_zones() -> tuple[str, ...]:
    """Every canonical zone: the common ones first (Amsterdam leading), then A to Z."""
    common = [z for z in COMMON_TIME_ZONES if z in canonical_time_zones()]
    others = sorted(z for z in canonical_time_zones() if z not in common)
    return (*common, *others)


def update_settings(
    session: Session,
    user: User,
    *,
    display_name: str,
    locale: str,
    time_zone: str,
    origin: audit.Origin,
) -> None:
    name = display_name.strip()
    if not name:
        raise InvalidInput("account.error.name_required")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput("account.error.name_too_long", max=MAX_NAME_LENGTH)
    if locale not in SUPPORTED_LOCALES:
        raise InvalidInput("account.error.locale_unknown")
    # A zone stored before the list became canonical stays allowed until it is changed.
    if time_zone not in canonical_time_zones() and time_zone != user.time_zone:
        raise InvalidInput("account.error.time_zone_unknown")
    changed = {
        key: value
        for key, value, old in (
            ("display_name", name, user.display_name),
            ("locale", locale, user.locale),
            ("time_zone", time_zone, user.time_zone),
        )
        if value != old
    }
    if not changed:
        return
    user.display_name = name
    user.locale = locale
    user.time_zone = time_zone
    session.flush()
    audit.record(
        session,
        "account.settings_changed",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"changed": sorted(changed)},
    )
