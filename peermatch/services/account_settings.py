"""A person's own settings: the name they go by, language and time zone."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from sqlalchemy.orm import Session

from peermatch.models import User
from peermatch.services import audit
from peermatch.services.accounts import SUPPORTED_LOCALES
from peermatch.services.errors import InvalidInput
from peermatch.timezones import DEFAULT_TIME_ZONE

MAX_NAME_LENGTH = 80


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA zone, Europe/Amsterdam first (most people here live there)."""
    others = sorted(z for z in available_timezones() if z != DEFAULT_TIME_ZONE)
    return (DEFAULT_TIME_ZONE, *others)


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
    if time_zone not in time_zones():
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
