"""A session's time as the recipient reads it: their time zone, their language.

Emails are rendered long before they are read and far from any request, so they cannot
use the ``localtime`` filter (which follows the current request's user).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_name

from peermatch.models import User
from peermatch.timezones import zone_info


@dataclass(frozen=True, slots=True)
class SessionTime:
    date: str
    start: str
    end: str
    zone: str
    #: "today", "tomorrow" or "later", seen from the recipient's calendar.
    day: str
    #: "woensdag 2 december": the day for a subject line
    short_date: str = ""


def recipient_zone(user: User) -> ZoneInfo:
    return zone_info(user.time_zone)


def session_time(
    user: User, starts_at: dt.datetime, ends_at: dt.datetime, *, now: dt.datetime
) -> SessionTime:
    zone = recipient_zone(user)
    locale = user.locale or "nl"
    local_start = starts_at.astimezone(zone)
    days_ahead = (local_start.date() - now.astimezone(zone).date()).days
    day = {0: "today", 1: "tomorrow"}.get(days_ahead, "later")
    return SessionTime(
        date=format_date(local_start.date(), "full", locale=locale),
        start=format_time(starts_at, "short", tzinfo=zone, locale=locale),
        end=format_time(ends_at, "short", tzinfo=zone, locale=locale),
        zone=get_timezone_name(zone, "long", locale=locale, zone_variant="generic"),
        day=day,
        short_date=format_date(local_start.date(), "EEEE d MMMM", locale=locale),
    )
