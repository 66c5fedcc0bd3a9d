"""Two-step login: staff must set it up before anything else; the code is a second step
before the session is logged in; a code works once; recovery codes work once; a remembered
device skips the step until the password or the second factor changes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, RecoveryCode, TwoFactorEnrolment, User
from peermatch.models.enums import Role
from peermatch.services import accounts, two_factor
from peermatch.services.audit import SYSTEM
from tests.factories import PASSWORD, make_user

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _app(app_factory: Callable[..., Flask], **overrides: object) -> Flask:
    app = app_factory(TWO_FACTOR_ENFORCED=True, **overrides)
    app.extensions["peermatch_clock"].set(NOW)
    return app


def enrol(session: Session, user: User, now: dt.datetime = NOW) -> tuple[str, list[str]]:
    """Set up a second factor through the service; returns the secret and recovery codes."""
    enrolled = two_factor.start_enrolment(session, user, now=now)
    secret = enrolled.totp_secret
    codes = two_factor.confirm_enrolment(
        session, user, pyotp.TOTP(secret).at(now), now=now, origin=SYSTEM
    )
    return secret, codes


def _password(client: FlaskClient, user: User) -> str:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response.headers["Location"]


def _logged_in(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200


def test_a_coordinator_sets_up_two_step_login_before_anything_else(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = _app(app_factory)
    client = app.test_client()
    coordinator = make_user(db_session, Role.COORDINATOR)
    assert _password(client, coordinator).endswith("/account/two-factor")
    held = client.get("/dashboard")
    assert held.status_code == 302 and held.headers["Location"].endswith("/account/two-factor")
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Inloggen in twee stappen instellen" in page
    client.post("/account/two-factor/start")
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code, made here, allowed by the CSP
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page)
    assert secret
    code = pyotp.TOTP(secret.group(1).replace(" ", "")).at(NOW)
    assert client.post("/account/two-factor", data={"code": "000000"}).status_code == 422
    shown = client.post("/account/two-factor", data={"code": code})
    assert shown.status_code == 200
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", shown.get_data(as_text=True))
    assert len(set(codes)) == 10
    stored = db_session.scalars(
        select(RecoveryCode.code_hash).where(RecoveryCode.user_id == coordinator.id)
    ).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # only hashes are kept
    assert client.get("/dashboard").status_code == 200
    assert db_session.get(TwoFactorEnrolment, coordinator.id).confirmed_at == NOW


def test_the_session_is_not_logged_in_until_the_code_is_right(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = _app(app_factory)
    client = app.test_client()
    user = make_user(db_session, Role.COORDINATOR)
    secret, _codes = enrol(db_session, user, NOW - dt.timedelta(minutes=10))
    assert _password(client, user).endswith("/login/code")
    assert not _logged_in(client)
    wrong = client.post("/login/code", data={"code": "123456"})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)
    assert not _logged_in(client)
    right = client.post("/login/code", data={"code": pyotp.TOTP(secret).at(NOW)})
    assert right.status_code == 302 and right.headers["Location"].endswith("/dashboard")
    assert _logged_in(client)
    actions = db_session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == user.id)
    ).all()
    assert "auth.two_factor_failed" in actions and "auth.two_factor_passed" in actions


def test_a_code_is_accepted_only_once(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = _app(app_factory)
    user = make_user(db_session, Role.ADMIN)
    secret, _codes = enrol(db_session, user, NOW - dt.timedelta(minutes=10))
    code = pyotp.TOTP(secret).at(NOW)
    first = app.test_client()
    _password(first, user)
    assert first.post("/login/code", data={"code": code}).status_code == 302
    second = app.test_client()  # someone who saw the code over a shoulder
    _password(second, user)
    assert second.post("/login/code", data={"code": code}).status_code == 200
    assert not _logged_in(second)


def test_a_recovery_code_works_once(app_factory: Callable[..., Flask], db_session: Session) -> None:
    app = _app(app_factory)
    user = make_user(db_session, Role.COORDINATOR)
    _secret, codes = enrol(db_session, user, NOW - dt.timedelta(minutes=10))
    client = app.test_client()
    _password(client, user)
    used = client.post("/login/code", data={"code": codes[3].upper()}, follow_redirects=True)
    assert "Je hebt er nog 9" in used.get_data(as_text=True)
    client.post("/logout")
    _password(client, user)
    assert client.post("/login/code", data={"code": codes[3]}).status_code == 200
    assert not _logged_in(client)


def test_the_code_step_expires_and_is_rate_limited(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = _app(app_factory, RATELIMIT_ENABLED=True, TWO_FACTOR_RATE_LIMIT="3 per minute")
    user = make_user(db_session, Role.COORDINATOR)
    enrol(db_session, user, NOW - dt.timedelta(minutes=10))
    client = app.test_client()
    _password(client, user)
    statuses = [client.post("/login/code", data={"code": "000000"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other = app.test_client()
    _password(other, user)  # another IP? the same account's limit still holds
    assert other.post("/login/code", data={"code": "000000"}).status_code == 429
    app.extensions["peermatch_clock"].set(NOW + dt.timedelta(minutes=6))
    late = other.get("/login/code")
    assert late.status_code == 302 and late.headers["Location"].endswith("/login")


def test_a_remembered_device_skips_the_code_until_the_password_changes(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = _app(app_factory, SESSION_COOKIE_SECURE=True)
    user = make_user(db_session, Role.COORDINATOR)
    secret, _codes = enrol(db_session, user, NOW - dt.timedelta(minutes=10))
    client = app.test_client()
    _password(client, user)
    done = client.post("/login/code", data={"code": pyotp.TOTP(secret).at(NOW), "remember": "y"})
    cookie = next(c for c in done.headers.getlist("Set-Cookie") if "pm_trusted_device" in c)
    assert "HttpOnly" in cookie and "Secure" in cookie and "Max-Age=2592000" in cookie
    client.post("/logout")
    assert _password(client, user).endswith("/dashboard")  # no code asked
    client.post("/logout")
    accounts.change_password(
        db_session, user, current=PASSWORD, new="een heel nieuw wachtwoord", now=NOW, origin=SYSTEM
    )
    response = client.post(
        "/login", data={"email": user.email, "password": "een heel nieuw wachtwoord"}
    )
    assert response.headers["Location"].endswith("/login/code")
