"""A peer expert's daily maximum, as they would state it: "no more than N sessions a day".

The day is the peer expert's own calendar day (their time zone, 23 or 25 hours on a clock
change); a full day offers no more times and booking one says why. Both databases.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from peermatch.services import bookings
from peermatch.services.errors import InvalidInput
from tests.integration.booking.builders import NOW, approved_match, at, world

AMS = ZoneInfo("Europe/Amsterdam")


def _local_days(slots: list, zone: ZoneInfo) -> set[dt.date]:  # type: ignore[type-arg]
    return {s.start.astimezone(zone).date() for s in slots}


def test_a_full_day_offers_no_more_times_and_booking_one_says_why(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    w.profile.max_sessions_per_day = 1
    db_session.flush()
    bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 10), now=NOW)
    day = at(0, 10).astimezone(AMS).date()

    other = approved_match(db_session, w.profile)
    offered = bookings.slots_for_match(db_session, other.id, other.request.requester, now=NOW)
    assert day not in _local_days(offered, AMS)
    assert day + dt.timedelta(days=1) in _local_days(offered, AMS)
    with pytest.raises(InvalidInput) as refused:
        bookings.book_slot(db_session, other.id, other.request.requester, start=at(0, 14), now=NOW)
    assert refused.value.key == "booking.error.day_full"
    booked = bookings.book_slot(
        db_session, other.id, other.request.requester, start=at(1, 14), now=NOW
    )
    assert booked.starts_at == at(1, 14)


def test_below_the_daily_maximum_the_day_stays_open(ctx: Flask, db_session: Session) -> None:
    w = world(db_session)
    w.profile.max_sessions_per_day = 2
    db_session.flush()
    bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 10), now=NOW)
    other = approved_match(db_session, w.profile)
    booked = bookings.book_slot(
        db_session, other.id, other.request.requester, start=at(0, 14), now=NOW
    )
    assert booked.starts_at == at(0, 14)


def test_the_day_is_the_peer_experts_own_day_not_the_utc_day(
    ctx: Flask, db_session: Session
) -> None:
    # In Auckland (UTC+13 in November) 09:00 and 14:00 on one local day are on two UTC days.
    auckland = ZoneInfo("Pacific/Auckland")
    w = world(db_session)
    w.profile.max_sessions_per_day = 1
    w.peer.time_zone = "Pacific/Auckland"
    db_session.flush()
    local_day = dt.date(2026, 11, 27)
    morning = dt.datetime.combine(local_day, dt.time(9), tzinfo=auckland).astimezone(dt.UTC)
    afternoon = dt.datetime.combine(local_day, dt.time(14), tzinfo=auckland).astimezone(dt.UTC)
    assert morning.date() != afternoon.date()
    bookings.book_slot(db_session, w.proposal.id, w.youth, start=morning, now=NOW)
    other = approved_match(db_session, w.profile)
    offered = bookings.slots_for_match(db_session, other.id, other.request.requester, now=NOW)
    assert local_day not in _local_days(offered, auckland)
    assert local_day + dt.timedelta(days=1) in _local_days(offered, auckland)
    with pytest.raises(InvalidInput) as refused:
        bookings.book_slot(db_session, other.id, other.request.requester, start=afternoon, now=NOW)
    assert refused.value.key == "booking.error.day_full"


def test_on_the_25_hour_day_of_the_clock_change_the_day_still_ends_at_local_midnight(
    ctx: Flask, db_session: Session
) -> None:
    now = dt.datetime(2026, 10, 21, 9, tzinfo=dt.UTC)
    sunday = dt.date(2026, 10, 25)  # 03:00 CEST becomes 02:00 CET
    w = world(db_session)
    w.profile.max_sessions_per_day = 1
    db_session.flush()
    start = dt.datetime.combine(sunday, dt.time(9), tzinfo=AMS).astimezone(dt.UTC)
    bookings.book_slot(db_session, w.proposal.id, w.youth, start=start, now=now)
    other = approved_match(db_session, w.profile)
    offered = bookings.slots_for_match(db_session, other.id, other.request.requester, now=now)
    days = _local_days(offered, AMS)
    assert sunday not in days
    assert {sunday - dt.timedelta(days=1), sunday + dt.timedelta(days=1)} <= days
