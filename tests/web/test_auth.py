"""Registration, sign-in, sign-out and their protections."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from peermatch.models import AuditEvent, OutboxMessage, User
from peermatch.models.enums import Role
from tests.factories import PASSWORD, login, make_user


def _register(client: FlaskClient, **overrides: object) -> object:
    data = {
        "role": "youth",
        "display_name": "Robin",
        "email": "Robin@Example.org",
        "password": "een-lang-wachtwoord",
        "birth_year": "2006",
        "privacy": "y",
    }
    data.update(overrides)
    return client.post("/register", data=data)


def _audit_count(session: Session, action: str) -> int:
    return session.scalar(select(func.count()).where(AuditEvent.action == action)) or 0


def test_a_youth_registers_then_logs_in_and_lands_on_their_page(
    client: FlaskClient, db_session: Session
) -> None:
    response = _register(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    user = db_session.scalars(select(User).where(User.email == "robin@example.org")).one()
    assert user.role_names == {Role.YOUTH}
    assert user.privacy_consent_version == "2026-11"
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert _audit_count(db_session, "account.registered") == 1
    assert "Je account is klaar" in client.get("/login").get_data(as_text=True)
    login(client, user, password="een-lang-wachtwoord")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Robin" in page


def _answer(response: TestResponse, client: FlaskClient) -> tuple[int, str, str]:
    """What a stranger sees of a registration: status, where it leads, the message there."""
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    marker = '<p class="flash '
    flashed = page.split(marker, 1)[1].split("</p>", 1)[0] if marker in page else ""
    return response.status_code, response.headers["Location"], flashed


def test_a_taken_email_gets_the_same_answer_and_its_owner_an_email(
    app: Flask, db_session: Session
) -> None:
    owner = make_user(db_session, email="robin@example.org")
    new_client = app.test_client()
    new = _answer(_register(new_client, email="sam2@example.org"), new_client)
    taken_client = app.test_client()
    taken = _answer(_register(taken_client, email="ROBIN@example.ORG"), taken_client)
    assert taken == new
    assert new[0] == 302 and new[2]
    # Nothing changed for the owner; they alone hear about it, through the outbox.
    assert db_session.scalar(select(func.count()).where(User.email == "robin@example.org")) == 1
    mails = db_session.scalars(select(OutboxMessage).where(OutboxMessage.to_user_id == owner.id))
    assert [m.kind for m in mails] == ["account_exists"]
    assert _audit_count(db_session, "account.signup_with_taken_email") == 1


def test_under_twelve_cannot_register_and_nothing_is_stored(
    client: FlaskClient, db_session: Session
) -> None:
    response = _register(client, birth_year="2020")
    assert response.status_code == 422
    assert "Kindertelefoon" in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_registration_needs_privacy_consent(client: FlaskClient, db_session: Session) -> None:
    response = _register(client, privacy="")
    assert response.status_code == 422
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_coordinator_accounts_cannot_be_self_registered(
    client: FlaskClient, db_session: Session
) -> None:
    response = _register(client, role="coordinator")
    assert response.status_code == 422
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_login_is_audited_and_renews_the_session(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    with client.session_transaction() as sess:
        sess["planted"] = "by-attacker"
    login(client, user)
    with client.session_transaction() as sess:
        assert "planted" not in sess
    assert _audit_count(db_session, "auth.login") == 1
    assert client.get("/dashboard").status_code == 200


def test_failed_login_is_audited_and_explained(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    response = client.post("/login", data={"email": user.email, "password": "wrong password"})
    assert response.status_code == 200
    assert "komen niet overeen" in response.get_data(as_text=True)
    assert _audit_count(db_session, "auth.login_failed") == 1
    assert client.get("/dashboard").status_code == 302


def test_next_redirects_only_to_local_paths(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    ok = client.post("/login", data={"email": user.email, "password": PASSWORD, "next": "/privacy"})
    assert ok.headers["Location"] == "/privacy"
    client.post("/logout")
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        bad = client.post("/login", data={"email": user.email, "password": PASSWORD, "next": evil})
        assert bad.headers["Location"] == "/dashboard", evil
        client.post("/logout")


def test_logout_ends_the_session(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    login(client, user)
    assert client.post("/logout").status_code == 302
    assert client.get("/dashboard").status_code == 302
    assert _audit_count(db_session, "auth.logout") == 1


def test_a_protected_page_sends_you_to_login_and_back(client: FlaskClient) -> None:
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/login?next=/dashboard" in response.headers["Location"]


def test_login_is_rate_limited_with_a_translated_page(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [
        client.post("/login", data={"email": "x@example.org", "password": "nope"}).status_code
        for _ in range(4)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    page = client.post("/login", data={"email": "x@example.org", "password": "nope"})
    assert "Te veel pogingen" in page.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # the form itself stays reachable


def test_forms_without_a_csrf_token_are_refused(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 12})
    assert response.status_code == 400


def test_session_cookie_flags(app: Flask) -> None:
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_role_names_are_not_leaked_to_other_roles(client: FlaskClient, db_session: Session) -> None:
    youth = make_user(db_session, Role.YOUTH)
    login(client, youth)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Coördinatie" not in page


def test_registration_refuses_a_common_password_in_dutch_and_stores_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    response = _register(client, password="Welkom2026!!")
    assert response.status_code == 422
    assert "te gewoon of te makkelijk te raden" in response.get_data(as_text=True)
    response = _register(client, password="robin-heeft-een-account")
    assert response.status_code == 422
    assert "mag je e-mailadres of je naam niet bevatten" in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_registration_in_english_explains_the_refusal_in_english(
    client: FlaskClient, db_session: Session
) -> None:
    client.post("/language", data={"locale": "en"})
    response = _register(client, password="qwertyuiop")
    assert response.status_code == 422
    assert "too common or too easy to guess" in response.get_data(as_text=True)
