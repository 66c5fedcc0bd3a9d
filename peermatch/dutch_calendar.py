"""The Dutch calendar date: the one "today" for ages and VOG validity.

PeerMatch works in the Netherlands, so whether someone is a minor, or whether a VOG still
counts, is decided on the date in Amsterdam, never on the UTC date (which lags up to two
hours behind around midnight). Pure: no Flask, no SQLAlchemy, and ``now`` is an argument.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DUTCH_ZONE = ZoneInfo("Europe/Amsterdam")


def dutch_date(now: dt.datetime) -> dt.date:
    """The calendar date in the Netherlands at ``now`` (which must be timezone-aware)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(DUTCH_ZONE).date()


def age_in_year(birth_year: int, today: dt.date) -> int:
    """The younger of the two possible ages for someone born in ``birth_year``: with only a
    birth year known, assuming the birthday is still to come errs on the side of safety."""
    return today.year - birth_year - 1


def age_at(birth_year: int, now: dt.datetime) -> int:
    """Someone's (younger possible) age at ``now`` on the Dutch calendar, used everywhere."""
    return age_in_year(birth_year, dutch_date(now))
