"""Outbox delivery against a real SMTP server (aiosmtpd) on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage
from peermatch.models.enums import OutboxStatus
from peermatch.notifications.delivery import CLAIM_LEASE, backoff, deliver_pending
from peermatch.notifications.mail_backends import (
    ConsoleBackend,
    FileBackend,
    NullBackend,
    backend_from_config,
)
from peermatch.services.outbox import enqueue_email
from tests.smtp import SmtpServer, free_port

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
SENDER = "PeerMatch <no-reply@peermatch.example>"

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:abc@peermatch\r\nDTSTAMP:20261123T120000Z\r\n"
    "DTSTART:20261124T090000Z\r\nDTEND:20261124T100000Z\r\nSEQUENCE:0\r\n"
    "SUMMARY:PeerMatch-gesprek\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def queue(session: Session, n: int = 1, *, ics: str | None = None, **kw: object) -> list[int]:
    ids = []
    for i in range(n):
        message = enqueue_email(
            session,
            kind=str(kw.get("kind", "attention")),
            to_email=f"person{i}@example.org",
            subject="Er is iets in PeerMatch",
            body_text="Hoi, log in. ✓",
            body_html="<p>Hoi, log in. ✓</p>",
            ics=ics,
            ics_method="REQUEST" if ics else None,
            now=NOW,
        )
        assert message is not None
        ids.append(message.id)
    session.commit()
    return ids


def reload(session: Session, message_id: int) -> OutboxMessage:
    session.expire_all()
    message = session.get(OutboxMessage, message_id)
    assert message is not None
    return message


def test_a_queued_message_arrives_with_text_and_html_parts(
    db_session: Session, session_factory: Callable[[], Session], smtp_server: SmtpServer
) -> None:
    [message_id] = queue(db_session)
    report = deliver_pending(session_factory, now=NOW, backend=smtp_server.backend(), sender=SENDER)
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    [received] = smtp_server.received
    assert received.mail_from == "no-reply@peermatch.example"
    assert received.rcpt_tos == ["person0@example.org"]
    mime = received.message
    assert mime["Subject"] == "Er is iets in PeerMatch"
    assert mime["Message-ID"] == f"<outbox.{message_id}@peermatch.example>"
    assert mime.get_content_type() == "multipart/alternative"
    plain = mime.get_body(("plain",))
    html = mime.get_body(("html",))
    assert plain is not None and "Hoi, log in. ✓" in plain.get_content()
    assert html is not None and "<p>Hoi, log in. ✓</p>" in html.get_content()
    stored = reload(db_session, message_id)
    assert stored.status is OutboxStatus.SENT
    assert stored.sent_at == NOW
    assert stored.attempts == 1


def test_a_calendar_invitation_is_attached_as_invite_ics_that_parses(
    db_session: Session, session_factory: Callable[[], Session], smtp_server: SmtpServer
) -> None:
    queue(db_session, ics=ICS)
    deliver_pending(session_factory, now=NOW, backend=smtp_server.backend(), sender=SENDER)
    mime = smtp_server.received[0].message
    assert mime.get_content_type() == "multipart/mixed"
    [attachment] = list(mime.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_param("method") == "REQUEST"
    assert str(attachment.get_param("charset")).upper() == "UTF-8"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == "abc@peermatch"
    assert mime.get_body(("plain",)) is not None
    assert mime.get_body(("html",)) is not None


def test_nothing_is_due_before_next_attempt_at(
    db_session: Session, session_factory: Callable[[], Session], smtp_server: SmtpServer
) -> None:
    queue(db_session)
    report = deliver_pending(
        session_factory, now=NOW - dt.timedelta(seconds=1), backend=smtp_server.backend()
    )
    assert report.handled == 0
    assert smtp_server.received == []


def test_with_the_server_down_nothing_is_lost_and_a_later_run_delivers(
    db_session: Session, session_factory: Callable[[], Session], smtp_server: SmtpServer
) -> None:
    [message_id] = queue(db_session)
    smtp_server.stop()
    report = deliver_pending(session_factory, now=NOW, backend=smtp_server.backend())
    assert (report.sent, report.retried, report.failed) == (0, 1, 0)
    stored = reload(db_session, message_id)
    assert stored.status is OutboxStatus.PENDING
    assert stored.attempts == 1
    assert stored.last_error is not None and "ConnectionRefusedError" in stored.last_error
    assert stored.next_attempt_at == NOW + dt.timedelta(minutes=1)

    # A second failure doubles the wait.
    later = NOW + dt.timedelta(minutes=1)
    deliver_pending(session_factory, now=later, backend=smtp_server.backend())
    stored = reload(db_session, message_id)
    assert stored.attempts == 2
    assert stored.next_attempt_at == later + dt.timedelta(minutes=2)

    smtp_server.start()
    too_early = later + dt.timedelta(minutes=1)
    assert deliver_pending(session_factory, now=too_early, backend=smtp_server.backend()).sent == 0
    due = later + dt.timedelta(minutes=2)
    report = deliver_pending(session_factory, now=due, backend=smtp_server.backend())
    assert report.sent == 1
    assert len(smtp_server.received) == 1
    stored = reload(db_session, message_id)
    assert stored.status is OutboxStatus.SENT
    assert stored.attempts == 3
    assert stored.last_error is not None  # the history of what went wrong stays readable


def test_after_max_attempts_a_message_is_marked_failed(
    db_session: Session, session_factory: Callable[[], Session]
) -> None:
    [message_id] = queue(db_session)
    closed = SmtpServer("127.0.0.1", free_port(), collector=None)  # type: ignore[arg-type]
    now = NOW
    outcomes = []
    for _ in range(4):
        report = deliver_pending(session_factory, now=now, backend=closed.backend(), max_attempts=4)
        outcomes.append((report.retried, report.failed))
        now = reload(db_session, message_id).next_attempt_at
    assert outcomes == [(1, 0), (1, 0), (1, 0), (0, 1)]
    stored = reload(db_session, message_id)
    assert stored.status is OutboxStatus.FAILED
    assert stored.attempts == 4
    # A failed message is never picked up again on its own.
    later = deliver_pending(
        session_factory, now=now + dt.timedelta(days=1), backend=closed.backend()
    )
    assert later.handled == 0


def test_backoff_doubles_from_one_minute_and_stops_at_an_hour() -> None:
    assert [backoff(n).total_seconds() / 60 for n in range(1, 10)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
        60,
    ]


def test_a_claimed_message_is_not_picked_up_by_another_sender_until_the_lease_ends(
    db_session: Session, session_factory: Callable[[], Session], smtp_server: SmtpServer
) -> None:
    """Simulates a sender that crashed after claiming: the message waits, then is sent."""
    from peermatch.notifications.delivery import _claim

    [message_id] = queue(db_session)
    assert [c.id for c in _claim(session_factory, now=NOW, batch=10)] == [message_id]
    assert deliver_pending(session_factory, now=NOW, backend=smtp_server.backend()).handled == 0
    after_lease = NOW + CLAIM_LEASE
    assert (
        deliver_pending(session_factory, now=after_lease, backend=smtp_server.backend()).sent == 1
    )
    assert reload(db_session, message_id).status is OutboxStatus.SENT


def test_the_file_backend_writes_one_eml_per_message(
    db_session: Session, session_factory: Callable[[], Session], tmp_path: Path
) -> None:
    [message_id] = queue(db_session, kind="attention")
    directory = tmp_path / "instance" / "mail"
    backend = backend_from_config({"MAIL_BACKEND": "file", "MAIL_DIR": str(directory)})
    assert isinstance(backend, FileBackend)
    assert deliver_pending(session_factory, now=NOW, backend=backend).sent == 1
    written = directory / f"{message_id}-attention.eml"
    assert "Subject: Er is iets in PeerMatch" in written.read_text()


def test_console_and_null_backends_accept_messages(
    db_session: Session,
    session_factory: Callable[[], Session],
    capsys: pytest.CaptureFixture[str],
) -> None:
    queue(db_session, 2)
    console = backend_from_config({"MAIL_BACKEND": "console"})
    assert isinstance(console, ConsoleBackend)
    assert deliver_pending(session_factory, now=NOW, backend=console, batch=1).sent == 1
    assert "To: person0@example.org" in capsys.readouterr().out
    null = backend_from_config({"MAIL_BACKEND": "null"})
    assert isinstance(null, NullBackend)
    assert deliver_pending(session_factory, now=NOW, backend=null).sent == 1
    assert db_session.scalars(select(OutboxMessage.status)).all() == [OutboxStatus.SENT] * 2


def test_an_unknown_backend_name_is_refused() -> None:
    with pytest.raises(ValueError, match="MAIL_BACKEND must be one of"):
        backend_from_config({"MAIL_BACKEND": "carrier-pigeon"})


def test_outbox_send_cli_delivers_with_the_configured_backend_and_prints_the_report(
    app_factory: Callable[..., Flask], db_session: Session, tmp_path: Path
) -> None:
    directory = tmp_path / "instance" / "mail"  # does not exist yet, like on a fresh checkout
    app = app_factory(MAIL_BACKEND="file", MAIL_DIR=str(directory))
    app.extensions["peermatch_clock"].set(NOW)
    ids = queue(db_session, 2)
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "sent=2 retried=0 failed=0" in result.output
    assert sorted(p.name for p in directory.iterdir()) == sorted(f"{i}-attention.eml" for i in ids)
    second = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert "sent=0 retried=0 failed=0" in second.output
