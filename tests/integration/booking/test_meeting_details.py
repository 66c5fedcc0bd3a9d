"""How a session meets: the peer expert (or a coordinator) sets it, only the people of the
session and their coordinators see it, and no email ever carries it."""

from __future__ import annotations

import dataclasses

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage
from peermatch.models.enums import Role
from peermatch.services import bookings
from peermatch.services.audit import SYSTEM
from peermatch.services.booking_errors import BookingRefused
from peermatch.services.errors import Forbidden, InvalidInput, NotFound
from tests.factories import make_user
from tests.integration.booking.builders import NOW, at, peer_expert, world
from tests.outbox import render_queued

ROOM = "https://meet.example.org/new-room-7"


def test_the_peer_expert_sets_how_to_meet_and_participants_and_coordinators_see_it(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 10), now=NOW)
    assert (
        "edit_meeting_details" in bookings.view_session(db_session, booking.id, w.peer, now=NOW).may
    )
    assert (
        "edit_meeting_details"
        not in bookings.view_session(db_session, booking.id, w.youth, now=NOW).may
    )
    bookings.update_meeting_details(db_session, booking.id, w.peer, details=f"  {ROOM} ", now=NOW)
    for user in (w.youth, w.peer, w.coordinator):
        view = bookings.view_session(db_session, booking.id, user, now=NOW, reveal=SYSTEM)
        assert view.meeting_details == ROOM
    assert [e.action for e in booking.events][-1] == "meeting_details"
    bookings.update_meeting_details(db_session, booking.id, w.coordinator, details="", now=NOW)
    assert booking.meeting_details is None


def test_nobody_else_sees_or_changes_how_a_session_meets(ctx: Flask, db_session: Session) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 10), now=NOW)
    other_youth = make_user(db_session, Role.YOUTH)
    other_peer = peer_expert(db_session, w.org).user
    for stranger in (other_youth, other_peer):
        with pytest.raises(NotFound):
            bookings.view_session(db_session, booking.id, stranger, now=NOW)
        with pytest.raises(NotFound):
            bookings.update_meeting_details(db_session, booking.id, stranger, details="x", now=NOW)
        assert all(
            v.meeting_details is None
            for v in bookings.sessions_for(db_session, stranger, now=NOW, reveal=SYSTEM)
        )
    with pytest.raises(Forbidden):
        bookings.update_meeting_details(db_session, booking.id, w.youth, details="x", now=NOW)
    with pytest.raises(InvalidInput):
        bookings.update_meeting_details(db_session, booking.id, w.peer, details="x" * 1001, now=NOW)
    assert booking.meeting_details == "https://meet.example.org/room-42"


def test_meeting_details_are_frozen_once_a_session_is_over(ctx: Flask, db_session: Session) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 10), now=NOW)
    bookings.cancel(db_session, booking.id, w.youth, reason="Ziek", now=NOW)
    with pytest.raises(BookingRefused):
        bookings.update_meeting_details(db_session, booking.id, w.peer, details=ROOM, now=NOW)


def test_no_email_ever_carries_the_meeting_details(ctx: Flask, db_session: Session) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 10), now=NOW)
    bookings.update_meeting_details(db_session, booking.id, w.peer, details=ROOM, now=NOW)
    bookings.reschedule(db_session, booking.id, w.youth, start=at(1, 10), now=NOW)
    bookings.cancel(db_session, booking.id, w.peer, reason="Ziek", now=NOW)
    render_queued(ctx, db_session)
    mails = db_session.scalars(select(OutboxMessage)).all()
    assert {m.kind for m in mails} >= {
        "session_confirmed",
        "session_rescheduled",
        "session_cancelled",
    }
    for mail in mails:
        for value in dataclasses.astuple(_texts(mail)):
            assert "new-room-7" not in value and "room-42" not in value


@dataclasses.dataclass
class _Texts:
    subject: str
    text: str
    html: str
    ics: str


def _texts(mail: OutboxMessage) -> _Texts:
    return _Texts(mail.subject, mail.body_text, mail.body_html or "", mail.ics or "")
