"""Session reminders: once per person and start time, in the recipient's zone and language."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage
from peermatch.models.enums import BookingStatus
from peermatch.notifications.reminders import queue_reminders
from tests.integration.notifications.builders import make_booking, make_pair, reschedule
from tests.outbox import render_queued

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def reminders(session: Session) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "session_reminder")
            .order_by(OutboxMessage.id)
        )
    )


def test_each_participant_gets_one_reminder_however_often_it_runs(
    app: Flask, db_session: Session
) -> None:
    youth, peer, proposal = make_pair(db_session)
    booking = make_booking(
        db_session,
        youth=youth,
        peer=peer,
        proposal=proposal,
        starts_at=NOW + dt.timedelta(hours=20),
    )
    with app.app_context():
        assert queue_reminders(db_session, now=NOW) == 2
        assert queue_reminders(db_session, now=NOW + dt.timedelta(hours=1)) == 0
    assert sorted(m.to_user_id for m in reminders(db_session)) == sorted([youth.id, peer.id])
    assert booking.reminder_sent_at == NOW


def test_the_reminders_cli_queues_once(app: Flask, db_session: Session) -> None:
    youth, peer, proposal = make_pair(db_session)
    make_booking(
        db_session, youth=youth, peer=peer, proposal=proposal, starts_at=NOW + dt.timedelta(hours=3)
    )
    app.extensions["peermatch_clock"].set(NOW)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["reminders", "send"])
    second = runner.invoke(args=["reminders", "send"])
    assert first.exit_code == 0, first.output
    assert "reminders queued=2" in first.output
    assert "reminders queued=0" in second.output
    assert len(reminders(db_session)) == 2


def test_a_rescheduled_session_gets_a_new_reminder(app: Flask, db_session: Session) -> None:
    youth, peer, proposal = make_pair(db_session)
    booking = make_booking(
        db_session, youth=youth, peer=peer, proposal=proposal, starts_at=NOW + dt.timedelta(hours=5)
    )
    with app.app_context():
        assert queue_reminders(db_session, now=NOW) == 2
        reschedule(db_session, booking, NOW + dt.timedelta(hours=8))
        assert queue_reminders(db_session, now=NOW) == 2
        assert queue_reminders(db_session, now=NOW) == 0
    assert len(reminders(db_session)) == 4


def test_no_reminder_for_cancelled_started_or_far_away_sessions(
    app: Flask, db_session: Session
) -> None:
    youth, peer, proposal = make_pair(db_session)
    for status, starts_in in [
        (BookingStatus.CANCELLED, dt.timedelta(hours=2)),
        (BookingStatus.HELD, dt.timedelta(hours=2)),
        (BookingStatus.CONFIRMED, dt.timedelta(minutes=-10)),  # already started
        (BookingStatus.CONFIRMED, dt.timedelta(hours=25)),  # beyond REMINDER_HOURS
    ]:
        make_booking(
            db_session,
            youth=youth,
            peer=peer,
            proposal=proposal,
            starts_at=NOW + starts_in,
            status=status,
        )
    with app.app_context():
        assert queue_reminders(db_session, now=NOW, hours=24) == 0
        # The far one comes into the window a day later.
        assert queue_reminders(db_session, now=NOW + dt.timedelta(hours=2), hours=24) == 2
    assert reminders(db_session) != []


def test_the_reminder_shows_the_time_in_each_recipients_zone_and_language_across_dst(
    app: Flask, db_session: Session
) -> None:
    # 26 October 2026 is the day after the clocks go back in Europe (not yet in the US):
    # 10:00 in Amsterdam is 09:00 UTC, 09:00 in London and 05:00 in New York.
    starts_at = dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.UTC)
    now = dt.datetime(2026, 10, 25, 12, 0, tzinfo=dt.UTC)
    youth, peer, proposal = make_pair(
        db_session, locale="nl", time_zone="Europe/Amsterdam", display_name="Noor"
    )
    peer.locale, peer.time_zone, peer.display_name = "en", "America/New_York", "Sam"
    _, londoner, proposal2 = make_pair(db_session)
    londoner.locale, londoner.time_zone = "nl", "Europe/London"
    make_booking(db_session, youth=youth, peer=peer, proposal=proposal, starts_at=starts_at)
    make_booking(
        db_session,
        youth=youth,
        peer=londoner,
        proposal=proposal2,
        starts_at=starts_at + dt.timedelta(hours=3),
    )
    with app.app_context():
        queue_reminders(db_session, now=now)
    render_queued(app, db_session)
    by_user: dict[int | None, list[OutboxMessage]] = {}
    for message in reminders(db_session):
        by_user.setdefault(message.to_user_id, []).append(message)

    noor = by_user[youth.id][0]
    assert noor.subject == "Morgen om 10:00: je gesprek met Sam"
    assert "maandag 26 oktober 2026" in noor.body_text
    assert "10:00 tot 11:00 (Midden-Europese tijd)" in noor.body_text
    assert "Hoi Noor," in noor.body_text
    assert noor.body_html is not None and "10:00 tot 11:00" in noor.body_html

    sam = by_user[peer.id][0]
    assert sam.subject == "Tomorrow at 5:00 AM: your session with Noor"  # one line
    assert "Monday, October 26, 2026" in sam.body_text
    assert "5:00\u202fAM to 6:00\u202fAM (Eastern Time)" in sam.body_text

    london = by_user[londoner.id][0]
    assert "12:00 tot 13:00" in london.body_text  # 12:00 UTC is 12:00 GMT
    assert "Verenigd Koninkrijk" in london.body_text


def test_a_reminder_says_today_for_a_session_later_the_same_day(
    app: Flask, db_session: Session
) -> None:
    youth, peer, proposal = make_pair(db_session, locale="nl")
    make_booking(
        db_session, youth=youth, peer=peer, proposal=proposal, starts_at=NOW + dt.timedelta(hours=3)
    )
    with app.app_context():
        queue_reminders(db_session, now=NOW)
    render_queued(app, db_session)
    [to_youth] = [m for m in reminders(db_session) if m.to_user_id == youth.id]
    assert to_youth.subject.startswith("Vandaag om ") and "je gesprek met " in to_youth.subject


def test_a_reminder_carries_no_meeting_details_or_request_text(
    app: Flask, db_session: Session
) -> None:
    youth, peer, proposal = make_pair(db_session)
    make_booking(
        db_session,
        youth=youth,
        peer=peer,
        proposal=proposal,
        starts_at=NOW + dt.timedelta(hours=3),
        meeting_details="https://meet.example/secret-room",
    )
    proposal.request.own_words = "Iets heel persoonlijks"
    with app.app_context():
        queue_reminders(db_session, now=NOW)
    render_queued(app, db_session)
    for message in reminders(db_session):
        for body in (message.body_text, message.body_html or "", message.subject):
            assert "secret-room" not in body
            assert "persoonlijks" not in body
        assert f"/bookings/{proposal.id}" not in message.subject
