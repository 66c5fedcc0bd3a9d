"""No session with a minor on a date the peer expert's VOG does not cover, on any path.

The VOG here is dated 26 November 2023, so its last valid day is Thursday 26 November 2026
(day 1 of ``at``); Friday 27 November (day 2) is the first day it no longer covers.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import Booking
from peermatch.models.enums import BookingStatus, Role
from peermatch.services import bookings, safeguarding
from peermatch.services.booking_errors import BookingRefused
from tests.factories import make_coordinator, make_organisation, make_user
from tests.integration.booking.builders import NOW, approved_match, at, peer_expert

VOG_DATE = dt.date(2023, 11, 26)
LAST_VALID_DAY = dt.date(2026, 11, 26)
#: Midnight in Amsterdam after the last valid day, in UTC.
VOG_ENDS = dt.datetime(2026, 11, 26, 23, 0, tzinfo=dt.UTC)


def _minor_world(session: Session, *, birth_year: int = 2012, **org_kw: object):  # type: ignore[no-untyped-def]
    org = make_organisation(session, **org_kw)
    coordinator = make_coordinator(session, org)
    profile = peer_expert(session, org, vog_date=VOG_DATE, audiences=["youth_12_15"])
    youth = make_user(session, Role.YOUTH, birth_year=birth_year)
    proposal = approved_match(session, profile, youth)
    return org, coordinator, profile, youth, proposal


def _count(session: Session) -> int:
    return session.scalar(select(func.count(Booking.id))) or 0


def test_slot_lists_for_a_minor_stop_where_the_vog_ends(ctx: Flask, db_session: Session) -> None:
    _org, _coord, _profile, youth, proposal = _minor_world(db_session)
    slots = bookings.slots_for_match(db_session, proposal.id, youth, now=NOW)
    assert slots, "the VOG's last valid day still offers times"
    assert all(s.end <= VOG_ENDS for s in slots)
    assert any(s.start.date() == LAST_VALID_DAY for s in slots)


def test_an_adult_is_offered_times_after_the_vog_ends(ctx: Flask, db_session: Session) -> None:
    _org, _coord, _profile, youth, proposal = _minor_world(db_session, birth_year=2005)
    slots = bookings.slots_for_match(db_session, proposal.id, youth, now=NOW)
    assert any(s.start >= VOG_ENDS for s in slots)
    booking = bookings.book_slot(db_session, proposal.id, youth, start=at(2, 10), now=NOW)
    assert booking.status is BookingStatus.CONFIRMED


def test_a_minor_can_book_on_the_vogs_last_valid_day_but_not_the_day_after(
    ctx: Flask, db_session: Session
) -> None:
    _org, _coord, _profile, youth, proposal = _minor_world(db_session)
    with pytest.raises(BookingRefused) as refused:
        bookings.book_slot(db_session, proposal.id, youth, start=at(2, 10), now=NOW)
    assert refused.value.key == "booking.error.vog_not_valid"
    assert _count(db_session) == 0
    booking = bookings.book_slot(db_session, proposal.id, youth, start=at(1, 10), now=NOW)
    assert booking.status is BookingStatus.CONFIRMED


def test_proposed_times_after_the_vog_are_refused(ctx: Flask, db_session: Session) -> None:
    _org, _coord, _profile, youth, proposal = _minor_world(db_session)
    with pytest.raises(BookingRefused):
        bookings.propose_times(
            db_session, proposal.id, youth, starts=[at(1, 19), at(2, 19)], now=NOW
        )
    assert _count(db_session) == 0


def test_accepting_and_counter_proposing_refuse_a_time_the_vog_no_longer_covers(
    ctx: Flask, db_session: Session
) -> None:
    _org, _coord, profile, youth, proposal = _minor_world(db_session)
    booking = bookings.propose_times(db_session, proposal.id, youth, starts=[at(1, 10)], now=NOW)
    with pytest.raises(BookingRefused):
        bookings.counter_propose(db_session, booking.id, profile.user, start=at(2, 10), now=NOW)
    profile.vog_date = None  # the VOG is withdrawn before the peer expert answers
    db_session.flush()
    with pytest.raises(BookingRefused):
        bookings.accept_time(db_session, booking.id, profile.user, start=at(1, 10), now=NOW)
    db_session.refresh(booking)
    assert booking.status is BookingStatus.REQUESTED


def test_a_reschedule_past_the_vog_is_refused(ctx: Flask, db_session: Session) -> None:
    _org, _coord, profile, youth, proposal = _minor_world(db_session)
    booking = bookings.book_slot(db_session, proposal.id, youth, start=at(0, 10), now=NOW)
    with pytest.raises(BookingRefused):
        bookings.reschedule(db_session, booking.id, profile.user, start=at(2, 13), now=NOW)
    db_session.refresh(booking)
    assert booking.starts_at == at(0, 10) and booking.sequence == 0


def test_a_held_session_is_not_approved_once_the_vog_is_withdrawn(
    ctx: Flask, db_session: Session
) -> None:
    _org, coordinator, profile, youth, proposal = _minor_world(
        db_session, first_session_needs_approval=True, hold_hours=48
    )
    booking = bookings.book_slot(db_session, proposal.id, youth, start=at(1, 10), now=NOW)
    assert booking.status is BookingStatus.HELD
    profile.vog_date = None
    db_session.flush()
    with pytest.raises(BookingRefused):
        bookings.approve_hold(db_session, booking.id, coordinator, now=NOW)
    db_session.refresh(booking)
    assert booking.status is BookingStatus.HELD


def test_the_coordinator_sees_sessions_a_lapsed_vog_affects(
    ctx: Flask, db_session: Session
) -> None:
    org, coordinator, profile, youth, proposal = _minor_world(db_session)
    booking = bookings.book_slot(db_session, proposal.id, youth, start=at(1, 10), now=NOW)
    assert safeguarding.sessions_at_risk(db_session, coordinator, now=NOW) == []
    profile.vog_date = dt.date(2023, 11, 24)  # corrected: it lapsed two days earlier
    db_session.flush()
    rows = safeguarding.sessions_at_risk(db_session, coordinator, now=NOW)
    assert [r.booking.id for r in rows] == [booking.id]
    assert rows[0].valid_until == dt.date(2026, 11, 24)
    stranger = make_coordinator(db_session, make_organisation(db_session))
    assert safeguarding.sessions_at_risk(db_session, stranger, now=NOW) == []
    assert org.id == profile.organisation_id
