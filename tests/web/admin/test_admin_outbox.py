"""The admin outbox page: counts, failed emails with their last error, and retry."""

from __future__ import annotations

import datetime as dt
import socket

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from peermatch.models import AuditEvent, OutboxMessage
from peermatch.models.enums import OutboxStatus, Role
from peermatch.notifications.delivery import deliver_pending
from peermatch.notifications.mail_backends import SMTPBackend
from peermatch.services.outbox import enqueue_email
from tests.factories import login, make_user

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens here once the socket is closed


def fail_one_email(db_session: Session, connection: Connection) -> OutboxMessage:
    message = enqueue_email(
        db_session,
        kind="attention",
        to_email="noor@example.org",
        subject="s",
        body_text="b",
        now=NOW,
    )
    enqueue_email(
        db_session,
        kind="attention",
        to_email="sam@example.org",
        subject="s",
        body_text="b",
        now=NOW,
    )
    assert message is not None
    db_session.commit()
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    backend = SMTPBackend(host="127.0.0.1", port=closed_port(), timeout=2)
    report = deliver_pending(factory, now=NOW, backend=backend, batch=1, max_attempts=1)
    assert report.failed == 1
    db_session.expire_all()
    return message


def admin_client(client: FlaskClient, db_session: Session, locale: str = "en") -> FlaskClient:
    admin = make_user(db_session, Role.ADMIN, birth_year=None, locale=locale)
    login(client, admin)
    return client


def test_a_failed_email_is_listed_for_admins_with_its_last_error(
    client: FlaskClient, db_session: Session, connection: Connection
) -> None:
    fail_one_email(db_session, connection)
    page = admin_client(client, db_session).get("/admin/outbox")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "noor@example.org" in html
    assert "ConnectionRefusedError" in html
    assert 'data-status="failed">1<' in html
    assert 'data-status="pending">1<' in html
    assert "sam@example.org" not in html  # still pending, not failed


def test_retry_puts_a_failed_email_back_in_the_queue(
    client: FlaskClient, db_session: Session, connection: Connection
) -> None:
    message = fail_one_email(db_session, connection)
    admin_client(client, db_session)
    response = client.post(f"/admin/outbox/{message.id}/retry")
    assert response.status_code == 302
    db_session.expire_all()
    assert message.status is OutboxStatus.PENDING
    assert message.attempts == 0
    assert message.last_error is not None
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "outbox.retried")
    ).one()
    assert event.subject_id == message.id


def test_retrying_a_message_that_did_not_fail_changes_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    message = enqueue_email(
        db_session, kind="attention", to_email="a@example.org", subject="s", body_text="b", now=NOW
    )
    assert message is not None
    admin_client(client, db_session)
    response = client.post(f"/admin/outbox/{message.id}/retry")
    assert response.status_code == 409
    assert "nothing to retry" in response.get_data(as_text=True)
    assert client.post("/admin/outbox/999999/retry").status_code == 404


def test_the_outbox_page_is_dutch_for_a_dutch_admin(
    client: FlaskClient, db_session: Session
) -> None:
    html = admin_client(client, db_session, locale="nl").get("/admin/outbox").get_data(as_text=True)
    assert "Uitgaande e-mail" in html
    assert "Geen mislukte e-mails" in html


def test_admins_find_the_outbox_on_their_dashboard_and_others_do_not(
    client: FlaskClient, db_session: Session
) -> None:
    html = admin_client(client, db_session).get("/dashboard").get_data(as_text=True)
    assert "/admin/outbox" in html
    other = make_user(db_session, Role.COORDINATOR, birth_year=None)
    second = client.application.test_client()
    login(second, other)
    assert "/admin/outbox" not in second.get("/dashboard").get_data(as_text=True)
    assert second.get("/admin/outbox").status_code == 403
