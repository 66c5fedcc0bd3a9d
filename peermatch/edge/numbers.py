"""Numbers, dates and zone names in the viewer's language: the one place they are formatted.

Templates and pages never format a float or a date by hand ('%.2f', strftime): a Dutch page
writes "0,87" and "wo 2 dec", an English one "0.87" and "Wed 2 Dec". Everything goes through
Babel here and reaches the templates as filters (``|decimal``, ``|fit``, ``|dayshort``,
``|clock``, ``|dayclock``).
"""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location
from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, format_percent

from peermatch.services.account_settings import canonical_time_zones

#: Short day and date ("wo 2 dec" / "Wed 2 Dec"); every time shown carries its day.
DAY_SHORT = "EEE d MMM"
CLOCK = "HH:mm"


def decimal(value: float | int | None, digits: int = 2) -> str:
    """A number with a fixed count of decimals, in the viewer's notation ("0,87")."""
    if value is None:
        return ""
    pattern = "0." + "0" * digits if digits > 0 else "0"
    return str(format_decimal(value, format=pattern))


def fit_percent(score: float | None) -> str:
    """A match's fit (0..1) as a whole percentage ("87%"): no decimals, never a label."""
    if score is None:
        return ""
    return str(format_percent(max(0.0, min(1.0, float(score))), format="#,##0%"))


def day_short(value: dt.date | dt.datetime | None) -> str:
    """The short day and date: "wo 2 dec". An aware datetime is shown in the viewer's zone."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return str(format_datetime(value, DAY_SHORT)).rstrip(".")
    return str(format_date(value, DAY_SHORT)).rstrip(".")


def clock(value: dt.time | dt.datetime | None) -> str:
    """The wall-clock time of a value already in the zone it is shown in ("17:45")."""
    if value is None:
        return ""
    return f"{value.hour:02d}:{value.minute:02d}"


def day_clock(value: dt.datetime | None) -> str:
    """Day, date and time of a moment, in the viewer's zone: "wo 2 dec, 17:45"."""
    if value is None:
        return ""
    return str(format_datetime(value, f"{DAY_SHORT}, {CLOCK}")).replace(".,", ",")


def zone_label(zone: str, locale: str) -> str:
    """A zone as people name it: "Suriname (Paramaribo)", "Nederland (Amsterdam)"."""
    try:
        babel_locale = Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        babel_locale = Locale.parse("nl")
    country = canonical_time_zones().get(zone)
    city = str(get_timezone_location(zone, locale=babel_locale, return_city=True))
    name = babel_locale.territories.get(country, "") if country else ""
    if not name or name == city:
        return city or zone
    return f"{name} ({city})"


def init_numbers(app: Flask) -> None:
    app.jinja_env.filters.update(
        decimal=decimal, fit=fit_percent, dayshort=day_short, clock=clock, dayclock=day_clock
    )
