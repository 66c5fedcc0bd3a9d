"""Services queue an email by kind and parameters; the sender renders it at send time.

So no service needs templates or a Flask app context, and services never import the
notifications package (the import cycle between the two is gone).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models.enums import OutboxStatus
from peermatch.notifications.delivery import deliver_pending
from peermatch.services.outbox import decode_params, encode_params, queue_email
from peermatch.services.session_emails import queue_session_email
from tests.factories import make_user
from tests.integration.notifications.builders import make_booking, make_pair, reschedule
from tests.smtp import SmtpServer

ROOT = Path(__file__).resolve().parents[3]
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
START = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)


def test_a_service_queues_what_to_say_without_an_app_context(db_session: Session) -> None:
    youth, peer, proposal = make_pair(db_session, locale="nl")
    booking = make_booking(db_session, youth=youth, peer=peer, proposal=proposal, starts_at=START)
    message = queue_session_email(
        db_session, booking=booking, recipient=youth, change="confirmed", now=NOW
    )
    assert message is not None
    assert (message.kind, message.to_user_id, message.link) == (
        "session_confirmed",
        youth.id,
        f"/sessions/{booking.id}",
    )
    assert message.rendered_at is None and message.subject == "" and message.ics is None
    snapshot = decode_params(message.params)["session"]
    assert snapshot["starts_at"] == START and snapshot["uid"] == booking.ical_uid


def test_the_sender_renders_in_the_language_the_recipient_has_when_it_is_sent(
    app: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    user = make_user(db_session, locale="nl", display_name="Sam")
    message = queue_email(db_session, user=user, kind="attention", now=NOW, link="/dashboard")
    assert message is not None
    user.locale = "en"  # changed their language before the sender ran
    db_session.commit()
    with app.app_context():
        report = deliver_pending(session_factory, now=NOW, backend=smtp_server.backend())
    assert report.sent == 1
    [received] = smtp_server.received
    assert received.message["Subject"] == "Something in PeerMatch needs your attention"
    db_session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.rendered_at == NOW
    assert message.locale == "en" and "Hi Sam," in message.body_text


def test_the_email_tells_the_time_as_it_was_when_queued_even_if_the_session_moved(
    app: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    youth, peer, proposal = make_pair(db_session, locale="nl", time_zone="Europe/Amsterdam")
    booking = make_booking(db_session, youth=youth, peer=peer, proposal=proposal, starts_at=START)
    queue_session_email(db_session, booking=booking, recipient=youth, change="confirmed", now=NOW)
    reschedule(db_session, booking, START + dt.timedelta(days=1))
    db_session.commit()
    with app.app_context():
        assert deliver_pending(session_factory, now=NOW, backend=smtp_server.backend()).sent == 1
    [received] = smtp_server.received
    assert "16:00 tot 17:00" in received.message.get_body(("plain",)).get_content()
    [attachment] = list(received.message.iter_attachments())
    event = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == START and int(event["SEQUENCE"]) == 0


def test_a_message_that_cannot_be_rendered_is_retried_and_does_not_block_the_others(
    app: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    user = make_user(db_session)
    broken = queue_email(db_session, user=user, kind="no_such_kind", now=NOW, link="/")
    good = queue_email(db_session, user=user, kind="attention", now=NOW, link="/")
    assert broken is not None and good is not None
    db_session.commit()
    with app.app_context():
        report = deliver_pending(session_factory, now=NOW, backend=smtp_server.backend())
    assert (report.sent, report.retried, report.failed) == (1, 1, 0)
    db_session.refresh(broken)
    assert broken.status is OutboxStatus.PENDING and broken.attempts == 1
    assert broken.rendered_at is None
    assert (broken.last_error or "").startswith("rendering: TemplateNotFound")
    assert broken.next_attempt_at > NOW


def test_parameters_keep_aware_datetimes_and_refuse_naive_ones() -> None:
    later = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
    params = {"expires_at": later, "days": 14, "nested": {"at": [later]}}
    assert decode_params(encode_params(params)) == params
    with pytest.raises(ValueError, match="timezone-aware"):
        encode_params({"at": dt.datetime(2026, 12, 7, 12, 0)})


def test_no_service_module_pulls_in_flask_or_the_notifications_package() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import peermatch.services as pkg\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in {'flask', 'flask_babel'}\n"
        "             or n.startswith('peermatch.notifications'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
