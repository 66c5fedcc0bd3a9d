"""Session emails: confirmed, rescheduled, cancelled, each with a calendar update."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import icalendar
from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage
from peermatch.models.enums import BookingStatus
from peermatch.notifications.delivery import deliver_pending
from peermatch.services.session_emails import queue_session_email
from tests.integration.notifications.builders import make_booking, make_pair, reschedule
from tests.outbox import render_queued
from tests.smtp import SmtpServer

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
START = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)


def event_of(message: OutboxMessage) -> icalendar.Event:
    assert message.ics is not None
    calendar = icalendar.Calendar.from_ical(message.ics)
    [event] = calendar.walk("VEVENT")
    assert isinstance(event, icalendar.Event)
    return event


def test_uid_stays_and_sequence_grows_from_confirmed_to_rescheduled_to_cancelled(
    app: Flask, db_session: Session
) -> None:
    youth, peer, proposal = make_pair(db_session, locale="nl", display_name="Noor")
    booking = make_booking(db_session, youth=youth, peer=peer, proposal=proposal, starts_at=START)
    with app.app_context():
        confirmed = queue_session_email(
            db_session, booking=booking, recipient=youth, change="confirmed", now=NOW
        )
        reschedule(db_session, booking, START + dt.timedelta(days=1))
        rescheduled = queue_session_email(
            db_session, booking=booking, recipient=youth, change="rescheduled", now=NOW
        )
        booking.status = BookingStatus.CANCELLED
        booking.sequence += 1
        cancelled = queue_session_email(
            db_session, booking=booking, recipient=youth, change="cancelled", now=NOW
        )
    assert confirmed is not None and rescheduled is not None and cancelled is not None
    render_queued(app, db_session)
    events = [event_of(m) for m in (confirmed, rescheduled, cancelled)]
    assert {str(e["UID"]) for e in events} == {booking.ical_uid}
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 2]
    assert [m.ics_method for m in (confirmed, rescheduled, cancelled)] == [
        "REQUEST",
        "REQUEST",
        "CANCEL",
    ]
    assert events[1].decoded("DTSTART") == START + dt.timedelta(days=1)
    assert str(events[2]["STATUS"]) == "CANCELLED"
    assert icalendar.Calendar.from_ical(cancelled.ics or "")["METHOD"] == "CANCEL"
    subjects = [m.subject for m in (confirmed, rescheduled, cancelled)]
    assert all(s.startswith("Je gesprek met ") for s in subjects), subjects
    assert " staat vast: " in subjects[0] and " is verplaatst naar " in subjects[1]
    assert subjects[2].endswith(" gaat niet door")


def test_the_email_shows_the_time_in_the_recipients_zone_and_keeps_details_out(
    app: Flask, db_session: Session
) -> None:
    youth, peer, proposal = make_pair(db_session, locale="nl", time_zone="Europe/Amsterdam")
    peer.locale, peer.time_zone = "en", "Europe/London"
    booking = make_booking(
        db_session,
        youth=youth,
        peer=peer,
        proposal=proposal,
        starts_at=START,
        meeting_details="https://meet.example/secret-room",
    )
    with app.app_context():
        to_youth = queue_session_email(
            db_session, booking=booking, recipient=youth, change="confirmed", now=NOW
        )
        to_peer = queue_session_email(
            db_session, booking=booking, recipient=peer, change="confirmed", now=NOW
        )
    assert to_youth is not None and to_peer is not None
    render_queued(app, db_session)
    assert "16:00 tot 17:00" in to_youth.body_text  # 15:00 UTC in winter Amsterdam
    assert "3:00\u202fPM to 4:00\u202fPM" in to_peer.body_text  # London
    assert f"http://localhost/sessions/{booking.id}" in to_youth.body_text
    for message in (to_youth, to_peer):
        assert "secret-room" not in message.body_text
        assert "secret-room" not in (message.body_html or "")
        assert "secret-room" not in (message.ics or "")
        # Each calendar invitation names only its own recipient.
        attendees = event_of(message).get("ATTENDEE")
        assert str(attendees) == f"mailto:{message.to_email}"
    assert str(event_of(to_youth)["SUMMARY"]) == "PeerMatch-gesprek"
    assert str(event_of(to_peer)["SUMMARY"]) == "PeerMatch conversation"


def test_the_same_update_is_queued_once(app: Flask, db_session: Session) -> None:
    youth, peer, proposal = make_pair(db_session)
    booking = make_booking(db_session, youth=youth, peer=peer, proposal=proposal, starts_at=START)
    with app.app_context():
        first = queue_session_email(
            db_session, booking=booking, recipient=youth, change="confirmed", now=NOW
        )
        again = queue_session_email(
            db_session, booking=booking, recipient=youth, change="confirmed", now=NOW
        )
    assert first is not None
    assert again is None


def test_a_session_email_arrives_with_an_invitation_that_calendar_apps_can_read(
    app: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    youth, peer, proposal = make_pair(db_session)
    booking = make_booking(db_session, youth=youth, peer=peer, proposal=proposal, starts_at=START)
    with app.app_context():
        queue_session_email(
            db_session, booking=booking, recipient=peer, change="confirmed", now=NOW
        )
    db_session.commit()
    with app.app_context():  # the sender renders the email: templates need the app
        report = deliver_pending(session_factory, now=NOW, backend=smtp_server.backend())
    assert report.sent == 1
    [received] = smtp_server.received
    [attachment] = list(received.message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    event = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert str(event["UID"]) == booking.ical_uid
    assert received.message.get_body(("html",)) is not None
