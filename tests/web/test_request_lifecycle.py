"""One unit of work per request: commit before the answer, roll back first on errors,
bookkeeping that keeps API reads as reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from peermatch.auth.access import public
from peermatch.extensions import db
from peermatch.models import ApiToken, User
from peermatch.models.enums import Role
from tests.factories import login, make_user
from tests.web.api.builders import bearer, token_for

SAVED_NL = "Je gegevens zijn opgeslagen."


def _failing_commit(self: Session) -> None:
    raise OperationalError("COMMIT", {}, Exception("disk I/O error"))


def test_a_failing_commit_shows_the_error_page_and_no_saved_message(
    app_factory: Callable[..., Flask], db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = app_factory(PROPAGATE_EXCEPTIONS=False).test_client()
    user = make_user(db_session, display_name="Noor")
    login(client, user)
    with monkeypatch.context() as patch:
        patch.setattr(Session, "commit", _failing_commit)
        response = client.post(
            "/account",
            data={"display_name": "Anders", "locale": "nl", "time_zone": "Europe/Amsterdam"},
        )
    assert response.status_code == 500
    assert "Er ging iets mis" in response.get_data(as_text=True)
    assert SAVED_NL not in response.get_data(as_text=True)
    with client.session_transaction() as cookie:
        assert not cookie.get("_flashes")
    page = client.get("/account").get_data(as_text=True)
    assert SAVED_NL not in page
    db_session.refresh(user)
    assert user.display_name == "Noor"


def test_a_successful_save_still_shows_its_message_on_the_next_page(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, display_name="Noor")
    login(client, user)
    response = client.post(
        "/account",
        data={"display_name": "Anders", "locale": "nl", "time_zone": "Europe/Amsterdam"},
    )
    assert response.status_code == 302
    assert SAVED_NL in client.get("/account").get_data(as_text=True)
    db_session.refresh(user)
    assert user.display_name == "Anders"


def test_the_error_page_renders_after_a_database_error(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @public
    def duplicate_email() -> str:
        # A broken flush leaves the session unusable until it is rolled back, and the
        # error page's layout is the first to ask who is signed in (a database read).
        db.session.add(User(email=email, display_name="Twin", password_hash="x"))
        db.session.flush()
        return "unreachable"

    app.add_url_rule("/test/duplicate", "duplicate_email", duplicate_email, methods=["POST"])
    user = make_user(db_session, Role.PEER_EXPERT)
    email = user.email
    client = app.test_client()
    login(client, user)
    response = client.post("/test/duplicate")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Er ging iets mis" in page
    assert "Uitloggen" in page or "Log out" in page  # the full layout, signed in


@pytest.fixture
def statements(connection: Connection) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement.strip().split()[0].upper())

    event.listen(connection, "before_cursor_execute", record)
    yield seen
    event.remove(connection, "before_cursor_execute", record)


def test_an_api_read_records_token_use_at_most_every_five_minutes(
    app: Flask, db_session: Session, statements: list[str]
) -> None:
    clock = app.extensions["peermatch_clock"]
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    user = make_user(db_session)
    secret = token_for(db_session, user)
    token = db_session.query(ApiToken).filter_by(user_id=user.id).one()
    client = app.test_client()

    clock.set(start)
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    db_session.refresh(token)
    assert token.last_used_at == start

    statements.clear()
    clock.set(start + dt.timedelta(minutes=4))
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    assert "UPDATE" not in statements and "INSERT" not in statements
    db_session.refresh(token)
    assert token.last_used_at == start

    clock.set(start + dt.timedelta(minutes=6))
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    db_session.refresh(token)
    assert token.last_used_at == start + dt.timedelta(minutes=6)


def test_the_touch_interval_is_a_setting(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(API_TOKEN_TOUCH_SECONDS=0)
    clock = app.extensions["peermatch_clock"]
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    user = make_user(db_session)
    secret = token_for(db_session, user)
    token = db_session.query(ApiToken).filter_by(user_id=user.id).one()
    client = app.test_client()
    for seconds in (0, 1):
        clock.set(start + dt.timedelta(seconds=seconds))
        assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    db_session.refresh(token)
    assert token.last_used_at == start + dt.timedelta(seconds=1)
