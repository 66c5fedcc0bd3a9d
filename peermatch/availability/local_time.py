"""Wall-clock to UTC conversion with one rule for DST edges.

A local boundary time t on date d maps to the *first instant at which the clock shows t or
later* on that date:
- an ordinary time maps to its only instant;
- an ambiguous time (the repeated hour in autumn) maps to its first occurrence (fold=0);
- a nonexistent time (the skipped hour in spring) maps to the moment of the jump.
So a window "01:00-04:00" on the spring-forward night lasts two real hours and on the
fall-back night four, exactly as a person at that clock would experience it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from peermatch.availability import validation


def wall_seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def local_to_utc_seconds(naive: datetime, zone: ZoneInfo) -> int | None:
    """Epoch seconds of a wall-clock time (fold=0), or None when the clock skips it."""
    instant = naive.replace(tzinfo=zone).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        return None
    return int(instant.timestamp())


@lru_cache(maxsize=65_536)
def first_instant(day: date, moment: time, zone: ZoneInfo) -> int:
    """Epoch seconds of the first instant the local clock on `day` shows `moment` or later.

    Remembered: matching asks the same few (day, time, zone) triples for every peer expert
    (each day's midnight, common window starts), and the answer never changes."""
    naive = datetime.combine(day, moment)
    exact = local_to_utc_seconds(naive, zone)
    if exact is not None:
        return exact
    # Inside a gap: the jump lies between the two PEP 495 readings of the missing time.
    readings = (
        naive.replace(tzinfo=zone, fold=0).timestamp(),
        naive.replace(tzinfo=zone, fold=1).timestamp(),
    )
    low, high = int(min(readings)), int(max(readings))
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return high


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def week_key(moment: datetime, time_zone: str) -> tuple[int, int]:
    """(ISO year, ISO week) of `moment` in `time_zone`: the unit of the weekly session cap,
    so it follows the person's own Monday-Sunday week, not UTC."""
    validation.check_aware(moment, "week_key moment")
    iso = moment.astimezone(validation.check_zone(time_zone)).isocalendar()
    return iso.year, iso.week


def date_week_key(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso.year, iso.week


ONE_DAY = timedelta(days=1)
