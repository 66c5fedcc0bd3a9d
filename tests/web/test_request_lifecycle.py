"""One unit of work per request: commit before the answer, roll back first on errors,
bookkeeping that keeps API reads as reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from sqlalchemy import event, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from peermatch.auth.access import public
from peermatch.edge.context import Call, redirect_to, use_case
from peermatch.extensions import db
from peermatch.models import ApiToken, Organisation, User
from peermatch.models.enums import Role
from peermatch.services.errors import InvalidInput
from tests.factories import login, make_organisation, make_user
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


@pytest.mark.fresh_app
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


@pytest.mark.fresh_app
def test_a_use_case_refusal_is_flashed_and_nothing_it_wrote_is_saved(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory()

    @public
    @use_case(redirect_to("target"))
    def refuse(call: Call, item_id: int) -> str:
        make_organisation(call.session, name=f"Half-way {item_id}")  # flushed
        raise InvalidInput("api.error.invalid_input")

    @public
    def target() -> str:
        return "target page"

    app.add_url_rule("/test/refuse/<int:item_id>", "refuse", refuse, methods=["POST"])
    app.add_url_rule("/test/target", "target", target)
    client = app.test_client()
    response = client.post("/test/refuse/7")
    assert response.status_code == 302
    assert response.headers["Location"] == "/test/target"  # item_id not leaked into the query
    with client.session_transaction() as cookie:
        assert cookie["_flashes"] == [
            ("error", "Sommige velden ontbreken of kloppen niet. Kijk in de lijst met fouten.")
        ]
    assert db_session.scalar(select(func.count()).where(Organisation.name == "Half-way 7")) == 0


@pytest.mark.fresh_app
def test_a_form_page_registered_with_otherwise_comes_back_with_the_refusal(
    app_factory: Callable[..., Flask],
) -> None:
    app = app_factory()

    @public
    @use_case()
    def form_page(call: Call) -> tuple[str, int]:
        typed = request.form.get("name", "")
        call.otherwise(lambda err: (f"form again: {typed}", err.status))
        raise InvalidInput("api.error.invalid_input")

    app.add_url_rule("/test/form", "form_page", form_page, methods=["POST"])
    response = app.test_client().post("/test/form", data={"name": "Noor"})
    assert response.status_code == 422
    assert response.get_data(as_text=True) == "form again: Noor"
