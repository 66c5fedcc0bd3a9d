"""What participants receive when a session is confirmed, moved and cancelled: a real email
over SMTP with a calendar invitation that updates the one entry they already have."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import icalendar
from flask import Flask
from sqlalchemy.orm import Session

from peermatch.notifications.delivery import deliver_pending
from peermatch.services import bookings
from tests.integration.booking.builders import NOW, at, world
from tests.smtp import Received, SmtpServer


def _calendar(received: Received) -> tuple[icalendar.Calendar, icalendar.Event]:
    [attachment] = list(received.message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    [event] = calendar.walk("VEVENT")
    return calendar, event


def _text(received: Received) -> str:
    body = received.message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def test_confirm_reschedule_cancel_sends_each_participant_three_calendar_updates_in_their_zone(
    ctx: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    w = world(db_session)
    w.youth.locale, w.youth.time_zone = "nl", "Europe/Amsterdam"
    w.peer.locale, w.peer.time_zone = "en", "America/New_York"
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 14), now=NOW)
    bookings.reschedule(db_session, booking.id, w.peer, start=at(1, 15), now=NOW)
    bookings.cancel(db_session, booking.id, w.youth, reason="Ik ben ziek", now=NOW)
    db_session.commit()

    report = deliver_pending(session_factory, now=NOW, backend=smtp_server.backend())
    assert report.sent == 6 and report.retried == 0

    by_person: dict[str, list[Received]] = {}
    for received in smtp_server.received:
        by_person.setdefault(received.rcpt_tos[0], []).append(received)
    assert set(by_person) == {w.youth.email, w.peer.email}
    for email, mails in by_person.items():
        assert len(mails) == 3
        calendars = [_calendar(m) for m in mails]
        assert [str(c["METHOD"]) for c, _ in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
        assert {str(e["UID"]) for _, e in calendars} == {booking.ical_uid}
        sequences = [int(e["SEQUENCE"]) for _, e in calendars]
        assert sequences == sorted(set(sequences)), sequences
        assert calendars[0][1].decoded("DTSTART") == at(0, 14)
        assert calendars[1][1].decoded("DTSTART") == at(1, 15)
        for mail in mails:
            assert "meet.example.org" not in mail.message.as_string()
        texts = [_text(m) for m in mails]
        if email == w.youth.email:
            # 14:00 and 15:00 UTC are 15:00 and 16:00 in Amsterdam (winter).
            assert "15:00 tot 16:00" in texts[0]
            assert "16:00 tot 17:00" in texts[1] and "16:00 tot 17:00" in texts[2]
            subject = str(mails[0].message["Subject"])
            assert subject.startswith("Je gesprek met ") and " staat vast: " in subject
        else:
            # ... and 9:00 and 10:00 in New York.
            assert "9:00\u202fAM to 10:00\u202fAM" in texts[0]
            assert "10:00\u202fAM to 11:00\u202fAM" in texts[1]
            assert "15:00" not in texts[1]


def test_cancelling_a_session_that_never_reached_calendars_sends_no_cancellation(
    ctx: Flask, db_session: Session
) -> None:
    from sqlalchemy import select

    from peermatch.models import OutboxMessage

    w = world(db_session, first_session_needs_approval=True)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 10), now=NOW)
    assert booking.status.value == "held"
    bookings.cancel(
        db_session, booking.id, w.youth, reason="Toch niet", now=NOW + dt.timedelta(hours=1)
    )
    kinds = db_session.scalars(select(OutboxMessage.kind)).all()
    assert not any(k.startswith("session_") for k in kinds)
