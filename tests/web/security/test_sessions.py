"""A browser session ends on the server: at logout, everywhere at once, when idle, and after
an absolute lifetime. Times move with the app's clock, never by waiting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config import SESSION_LIFETIMES
from peermatch.clock import Clock
from peermatch.models import AuditEvent
from peermatch.models.enums import Role
from peermatch.services import accounts
from peermatch.services.audit import SYSTEM
from tests.factories import PASSWORD, login, make_coordinator, make_user

T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def app(app_factory: Callable[..., Flask]) -> Flask:
    """The production session lifetimes (the testing config makes them very long)."""
    return app_factory(**SESSION_LIFETIMES)


def _clock(app: Flask) -> Clock:
    clock: Clock = app.extensions["peermatch_clock"]
    clock.set(T0)
    return clock


def _replay(app: Flask, cookie: str) -> FlaskClient:
    """A second browser that got hold of a copy of the session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def _session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_cookie_copied_before_logout_opens_nothing_after_it(
    app: Flask, db_session: Session
) -> None:
    user = make_user(db_session)
    client = app.test_client()
    login(client, user)
    copied = _session_cookie(client)
    assert _replay(app, copied).get("/dashboard").status_code == 200  # the copy works...
    assert client.post("/logout").status_code == 302
    replayed = _replay(app, copied).get("/dashboard")
    assert replayed.status_code == 302  # ...until the owner logs out
    assert "/login" in replayed.headers["Location"]


def test_log_out_everywhere_asks_first_then_ends_every_session(
    app: Flask, db_session: Session
) -> None:
    user = make_user(db_session)
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user)
    login(phone, user)
    account_page = laptop.get("/account").get_data(as_text=True)
    assert "Overal uitloggen" in account_page
    confirm = laptop.get("/account/sessions/end")
    assert confirm.status_code == 200
    assert "Ja, log me overal uit" in confirm.get_data(as_text=True)
    assert phone.get("/dashboard").status_code == 200  # asking alone changes nothing
    done = laptop.post("/account/sessions/end")
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert laptop.get("/dashboard").status_code == 302
    assert phone.get("/dashboard").status_code == 302
    assert (
        db_session.scalar(select(func.count()).where(AuditEvent.action == "auth.logout_everywhere"))
        == 1
    )


def test_a_role_change_ends_the_sessions_started_with_the_old_rights(
    app: Flask, db_session: Session
) -> None:
    user = make_user(db_session)
    client = app.test_client()
    login(client, user)
    accounts.grant_role(db_session, user, Role.PEER_EXPERT, actor=None, origin=SYSTEM)
    assert client.get("/dashboard").status_code == 302


def test_a_youth_session_ends_after_two_idle_hours_not_before(
    app: Flask, db_session: Session
) -> None:
    clock = _clock(app)
    client = app.test_client()
    login(client, make_user(db_session))
    clock.set(T0 + dt.timedelta(minutes=119))
    assert client.get("/dashboard").status_code == 200  # still active: the idle clock restarts
    clock.set(T0 + dt.timedelta(minutes=119 + 119))
    assert client.get("/dashboard").status_code == 200
    clock.set(T0 + dt.timedelta(minutes=119 + 119 + 121))
    expired = client.get("/dashboard")
    assert expired.status_code == 302
    assert "/login" in expired.headers["Location"]
    page = client.get(expired.headers["Location"]).get_data(as_text=True)
    assert "Je bent uitgelogd omdat je een tijdje weg was" in page
    # Logged out for real: the next request is anonymous too.
    assert client.get("/dashboard").status_code == 302


def test_staff_sessions_idle_out_sooner(app: Flask, db_session: Session) -> None:
    clock = _clock(app)
    youth, coordinator = app.test_client(), app.test_client()
    login(youth, make_user(db_session))
    login(coordinator, make_coordinator(db_session))
    clock.set(T0 + dt.timedelta(minutes=31))
    assert youth.get("/dashboard").status_code == 200
    assert coordinator.get("/dashboard").status_code == 302


def test_idle_timeouts_follow_the_settings(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(SESSION_IDLE_MINUTES=10, SESSION_IDLE_MINUTES_STAFF=5)
    clock = _clock(app)
    client = app.test_client()
    login(client, make_user(db_session))
    clock.set(T0 + dt.timedelta(minutes=11))
    assert client.get("/dashboard").status_code == 302


def test_an_active_session_still_ends_after_its_absolute_lifetime(
    app: Flask, db_session: Session
) -> None:
    clock = _clock(app)
    client = app.test_client()
    login(client, make_user(db_session))
    for minutes in range(60, 12 * 60, 60):  # busy every hour
        clock.set(T0 + dt.timedelta(minutes=minutes))
        assert client.get("/dashboard").status_code == 200, minutes
    clock.set(T0 + dt.timedelta(hours=12))
    assert client.get("/dashboard").status_code == 302


def test_a_password_change_ends_other_sessions_but_keeps_this_one(
    app: Flask, db_session: Session
) -> None:
    user = make_user(db_session, email="robin@example.org", display_name="Robin")
    here, elsewhere = app.test_client(), app.test_client()
    login(here, user)
    login(elsewhere, user)
    wrong = here.post(
        "/account/password",
        data={"current_password": "not it at all", "new_password": "fiets-wolk-appelboom"},
    )
    assert wrong.status_code == 422
    assert "Je huidige wachtwoord klopt niet" in wrong.get_data(as_text=True)
    weak = here.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": "robin1234567"}
    )
    assert weak.status_code == 422
    assert "mag je e-mailadres of je naam niet bevatten" in weak.get_data(as_text=True)
    assert elsewhere.get("/dashboard").status_code == 200  # refused changes end nothing
    done = here.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "fiets-wolk-appelboom"},
    )
    assert done.status_code == 302
    assert here.get("/dashboard").status_code == 200
    assert elsewhere.get("/dashboard").status_code == 302
    fresh = app.test_client()
    assert login(fresh, user, password="fiets-wolk-appelboom").status_code == 302
    assert fresh.get("/dashboard").status_code == 200
