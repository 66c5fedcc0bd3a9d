"""Emails say what happened, with whom and when, in the subject and the first line, and
carry view / move / cancel links; the calendar part has a reminder, a location and the
session page. Read back through a real SMTP server with strict parsing."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Callable
from email.message import EmailMessage

import icalendar
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.matching import DEFAULT_WEIGHTS
from peermatch.models import OutboxMessage
from peermatch.notifications.calendar_events import feed_ics
from peermatch.notifications.delivery import deliver_pending
from peermatch.services import bookings
from peermatch.services import proposals as proposals_service
from tests.factories import make_organisation
from tests.integration.booking.builders import NOW, approved_match, at, peer_expert, world
from tests.integration.matches.builders import ORIGIN, open_request, peer, youth
from tests.smtp import Received, SmtpServer

BASE = "http://localhost"  # PUBLIC_BASE_URL in tests


def _strict(received: Received) -> EmailMessage:
    parsed = email.message_from_bytes(received.message.as_bytes(), policy=email.policy.strict)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def _event(message: EmailMessage) -> icalendar.Event:
    [attachment] = list(message.iter_attachments())
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    [event] = calendar.walk("VEVENT")
    return event


def _check_alarm_location_url(event: icalendar.Event, booking_id: int, location: str) -> None:
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -dt.timedelta(minutes=30)
    assert str(alarm["DESCRIPTION"])
    assert str(event["LOCATION"]) == location
    assert str(event["URL"]).endswith(f"/sessions/{booking_id}")
    assert f"/sessions/{booking_id}" in str(event["DESCRIPTION"])


def _by_recipient(server: SmtpServer) -> dict[str, list[EmailMessage]]:
    found: dict[str, list[EmailMessage]] = {}
    for received in server.received:
        found.setdefault(received.rcpt_tos[0], []).append(_strict(received))
    return found


def test_a_confirmed_session_email_says_with_whom_and_when_and_links_to_view_move_cancel(
    ctx: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    w = world(db_session)
    w.peer.display_name, w.peer.locale = "Lotte de Vries", "nl"
    w.youth.display_name, w.youth.locale = "Sam Jansen", "en"
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    db_session.commit()
    assert deliver_pending(session_factory, now=NOW, backend=smtp_server.backend()).sent == 2

    mails = _by_recipient(smtp_server)
    [to_peer] = mails[w.peer.email]
    assert to_peer["Subject"] == "Je gesprek met Sam staat vast: donderdag 26 november, 11:00"
    text = _text(to_peer)
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0] == "Hoi Lotte de Vries,"
    assert lines[1] == "Je gesprek met Sam staat vast: donderdag 26 november, 11:00."
    assert "Hoe: Videobellen" in text and "Hoe lang: 60 minuten" in text
    link = f"{BASE}/sessions/{booking.id}"
    assert f"Bekijk: {link}\n" in text
    assert f"Verplaats: {link}#move" in text and f"Zeg af: {link}#cancel" in text
    html = to_peer.get_body(("html",))
    assert html is not None and f'href="{link}#cancel"' in str(html.get_content())
    _check_alarm_location_url(_event(to_peer), booking.id, "Video")

    [to_youth] = mails[w.youth.email]
    assert str(to_youth["Subject"]).startswith(
        "Your session with Lotte is confirmed: Thursday 26 November, 11:00"
    )
    assert "How long: 60 minutes" in _text(to_youth)
    for message in (to_peer, to_youth):
        assert "meet.example.org" not in message.as_string()  # meeting details stay in the app


def test_move_cancel_and_reminder_emails_each_say_what_happened(
    ctx: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    w = world(db_session)
    w.peer.display_name = "Lotte de Vries"
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    bookings.reschedule(db_session, booking.id, w.peer, start=at(2, 13), now=NOW)
    bookings.cancel(db_session, booking.id, w.youth, reason="Ziek", now=NOW)
    db_session.commit()
    deliver_pending(session_factory, now=NOW, backend=smtp_server.backend())
    subjects = [str(m["Subject"]) for m in _by_recipient(smtp_server)[w.youth.email]]
    assert subjects == [
        "Je gesprek met Lotte staat vast: donderdag 26 november, 11:00",
        "Je gesprek met Lotte is verplaatst naar vrijdag 27 november, 14:00",
        "Je gesprek met Lotte op vrijdag 27 november, 14:00 gaat niet door",
    ]
    for message in _by_recipient(smtp_server)[w.youth.email]:
        assert "Ziek" not in message.as_string()  # nobody's own words


def test_new_times_email_names_the_session_and_asks_to_pick_one(
    ctx: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    w = world(db_session)
    w.youth.display_name = "Sam Jansen"
    booking = bookings.propose_times(
        db_session, w.proposal.id, w.youth, starts=[at(1, 20), at(2, 20)], now=NOW
    )
    db_session.commit()
    deliver_pending(session_factory, now=NOW, backend=smtp_server.backend())
    [mail] = _by_recipient(smtp_server)[w.peer.email]
    assert mail["Subject"] == "Nieuwe tijden voor je gesprek met Sam: kies er een"
    assert f"{BASE}/sessions/{booking.id}#move" in _text(mail)
    assert not list(mail.iter_attachments())  # nothing for a calendar until a time is chosen


def test_an_in_person_invitation_gives_the_address_as_location(
    ctx: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    org = make_organisation(db_session)
    profile = peer_expert(
        db_session, org, meeting_details="Bibliotheek Utrecht, Oudegracht 1\n2e verdieping"
    )
    proposal = approved_match(db_session, profile)
    proposal.request.modes = ["in_person"]
    requester = proposal.request.requester
    booking = bookings.book_slot(db_session, proposal.id, requester, start=at(1, 10), now=NOW)
    db_session.commit()
    deliver_pending(session_factory, now=NOW, backend=smtp_server.backend())
    [mail] = _by_recipient(smtp_server)[requester.email]
    _check_alarm_location_url(_event(mail), booking.id, "Bibliotheek Utrecht, Oudegracht 1")
    assert "Hoe: In het echt" in _text(mail)


def test_the_calendar_feed_has_alarm_location_and_url_and_nothing_sensitive(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    body = feed_ics([booking], user=w.youth, now=NOW)
    calendar = icalendar.Calendar.from_ical(body)
    [event] = calendar.walk("VEVENT")
    _check_alarm_location_url(event, booking.id, "Video")
    assert w.peer.display_name not in body.decode()
    assert "meet.example.org" not in body.decode()
    bookings.cancel(db_session, booking.id, w.youth, reason="Ziek", now=NOW)
    cancelled = icalendar.Calendar.from_ical(feed_ics([booking], user=w.youth, now=NOW))
    [gone] = cancelled.walk("VEVENT")
    assert str(gone["STATUS"]) == "CANCELLED" and not gone.walk("VALARM")


def test_a_peer_experts_no_gives_one_email_that_says_choose_again(
    ctx: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    org = make_organisation(db_session)
    expert = peer(db_session, org)
    young = youth(db_session)
    request = open_request(db_session, young, own_words="Ik slaap slecht sinds de verhuizing.")
    [proposal] = proposals_service.choose(
        db_session, request.id, young, [expert.id], now=NOW, origin=ORIGIN,
        weights=DEFAULT_WEIGHTS,
    )  # fmt: skip
    proposals_service.decline(
        db_session, proposal.id, expert.user, reason=None, now=NOW, origin=ORIGIN
    )
    db_session.commit()
    queued = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_user_id == young.id)
    ).all()
    assert len(queued) == 1
    deliver_pending(session_factory, now=NOW, backend=smtp_server.backend())
    [mail] = _by_recipient(smtp_server)[young.email]
    assert mail["Subject"] == (
        "Deze ervaringsdeskundige kan het deze keer niet. "
        "Kies opnieuw: we hebben een nieuwe lijst voor je gemaakt."
    )
    assert "volgende keuze" not in mail.as_string()
    assert "slaap" not in mail.as_string()  # never the youth's own words
    assert f"/matches/requests/{request.id}/candidates" in _text(mail)
