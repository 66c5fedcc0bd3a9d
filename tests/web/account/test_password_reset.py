"""Forgotten password: one answer for every address, a single-use hashed link valid one hour,
the registration rules for the new password, and every session ends."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.auth.passwords import verify_password
from peermatch.auth.tokens import hash_secret
from peermatch.models import AccountLink, AuditEvent, OutboxMessage
from tests.factories import login, make_user
from tests.outbox import render_queued

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
NEW = "zeilboot langs de dijk"


def _outbox(session: Session, kind: str) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def _reset_link(app: Flask, session: Session) -> str:
    render_queued(app, session)
    (mail,) = _outbox(session, "password_reset")
    match = re.search(r"(/password/reset/[\w-]+)", mail.body_text or "")
    assert match, mail.body_text
    return match.group(1)


def test_the_login_page_links_to_a_dutch_forgotten_password_form(client: FlaskClient) -> None:
    login_page = client.get("/login").get_data(as_text=True)
    assert "Wachtwoord vergeten?" in login_page
    assert 'href="/password/forgot"' in login_page
    assert "Stuur me een link" in client.get("/password/forgot").get_data(as_text=True)


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_known_an_email(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, email="noor@example.org")
    known = client.post("/password/forgot", data={"email": "Noor@example.org"})
    unknown = client.post("/password/forgot", data={"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    assert "Als dit e-mailadres bij een PeerMatch-account hoort" in known_page
    mails = list(db_session.scalars(select(OutboxMessage)))
    assert [(m.kind, m.to_email) for m in mails] == [("password_reset", user.email)]
    render_queued(app, db_session)
    assert mails[0].subject == "Kies een nieuw wachtwoord voor PeerMatch"
    # Only the hash is stored: the secret in the email matches no column in clear.
    secret = _reset_link(app, db_session).rsplit("/", 1)[1]
    link = db_session.scalar(select(AccountLink))
    assert link is not None and link.token_hash == hash_secret(secret)
    assert secret not in link.token_hash


def test_a_reset_sets_the_new_password_ends_every_session_and_the_link_works_once(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    other_device = app.test_client()
    login(other_device, user)
    assert other_device.get("/account").status_code == 200
    client.post("/password/forgot", data={"email": user.email})
    path = _reset_link(app, db_session)
    assert "Kies een nieuw wachtwoord" in client.get(path).get_data(as_text=True)
    response = client.post(path, data={"new_password": NEW})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    db_session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    assert other_device.get("/account").status_code == 302  # that session has ended
    assert (
        db_session.scalar(select(func.count()).where(AuditEvent.action == "account.password_reset"))
        == 1
    )
    again = client.post(path, data={"new_password": "nog een ander wachtwoord"})
    assert again.status_code == 422
    assert "Deze link werkt niet meer" in again.get_data(as_text=True)
    db_session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    login(client, user, NEW)


def test_the_new_password_follows_the_registration_rules_and_a_refusal_keeps_the_link(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    old_hash = user.password_hash
    client.post("/password/forgot", data={"email": user.email})
    path = _reset_link(app, db_session)
    refused = client.post(path, data={"new_password": "Welkom2026!!"})
    assert refused.status_code == 422
    assert "te gewoon of te makkelijk te raden" in refused.get_data(as_text=True)
    db_session.refresh(user)
    assert user.password_hash == old_hash
    assert client.post(path, data={"new_password": NEW}).status_code == 302


def test_a_link_expires_after_one_hour_and_a_newer_link_replaces_it(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    clock = app.extensions["peermatch_clock"]
    clock.set(NOW)
    user = make_user(db_session)
    client.post("/password/forgot", data={"email": user.email})
    first = _reset_link(app, db_session)
    clock.set(NOW + dt.timedelta(minutes=61))
    expired = client.post(first, data={"new_password": NEW})
    assert expired.status_code == 422
    assert "Deze link werkt niet meer" in expired.get_data(as_text=True)
    db_session.query(OutboxMessage).delete()
    client.post("/password/forgot", data={"email": user.email})
    second = _reset_link(app, db_session)
    clock.set(NOW + dt.timedelta(minutes=62))
    assert client.get(first).status_code == 422
    assert client.get(second).status_code == 200


def test_an_unknown_link_is_refused_in_english_too(client: FlaskClient) -> None:
    client.post("/language", data={"locale": "en"})
    page = client.get("/password/reset/not-a-real-secret")
    assert page.status_code == 422
    assert "This link no longer works" in page.get_data(as_text=True)


def test_asking_for_links_is_rate_limited_per_address_and_per_ip(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(
        RATELIMIT_ENABLED=True,
        PASSWORD_RESET_ACCOUNT_RATE_LIMIT="2 per hour",
        PASSWORD_RESET_RATE_LIMIT="4 per minute",
    )
    client = app.test_client()
    user = make_user(db_session)
    same = [
        client.post("/password/forgot", data={"email": user.email}).status_code for _ in range(3)
    ]
    assert same == [302, 302, 429]
    assert len(_outbox(db_session, "password_reset")) == 2
    other = [
        client.post("/password/forgot", data={"email": f"x{i}@example.org"}).status_code
        for i in range(3)
    ]
    # New addresses pass the per-address limit, but this IP has used up its 4 per minute.
    assert other == [302, 429, 429]
    assert len(_outbox(db_session, "password_reset")) == 2  # unknown addresses: no email


def test_the_api_gives_one_answer_and_resets_with_the_emailed_secret(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    known = client.post("/api/v1/password-reset", json={"email": user.email})
    unknown = client.post("/api/v1/password-reset", json={"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert "Als dit e-mailadres" in known.get_json()["detail"]
    secret = _reset_link(app, db_session).rsplit("/", 1)[1]
    weak = client.post(
        "/api/v1/password-reset/confirm", json={"token": secret, "new_password": "qwertyuiop"}
    )
    assert weak.status_code == 422
    assert weak.content_type.startswith("application/problem+json")
    done = client.post(
        "/api/v1/password-reset/confirm", json={"token": secret, "new_password": NEW}
    )
    assert done.status_code == 204
    db_session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    reused = client.post(
        "/api/v1/password-reset/confirm", json={"token": secret, "new_password": "weer iets anders"}
    )
    assert reused.status_code == 422


def test_the_account_exists_email_points_to_the_forgotten_password_link(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, email="bestaat@example.org")
    client.post(
        "/register",
        data={
            "role": "youth",
            "display_name": "Robin",
            "email": user.email,
            "password": "een-lang-wachtwoord",
            "birth_year": "2006",
            "privacy": "y",
        },
    )
    render_queued(app, db_session)
    (mail,) = _outbox(db_session, "account_exists")
    assert "Kies daar “Wachtwoord vergeten?”" in (mail.body_text or "")
    assert "coördinator" not in (mail.body_text or "")


def test_the_api_counts_against_the_same_per_address_limit(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(RATELIMIT_ENABLED=True, PASSWORD_RESET_ACCOUNT_RATE_LIMIT="2 per hour")
    client = app.test_client()
    user = make_user(db_session)
    assert client.post("/password/forgot", data={"email": user.email}).status_code == 302
    assert client.post("/api/v1/password-reset", json={"email": user.email}).status_code == 202
    limited = client.post("/api/v1/password-reset", json={"email": user.email})
    assert limited.status_code == 429
    assert len(_outbox(db_session, "password_reset")) == 2
