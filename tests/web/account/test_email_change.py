"""Changing the email address: asks the current password, confirmed from the new address by a
single-use hashed link valid 24 hours, a notice to the old one; nothing changes before."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage
from tests.factories import PASSWORD, login, make_user
from tests.outbox import render_queued

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _mails(session: Session) -> dict[str, OutboxMessage]:
    return {m.kind: m for m in session.scalars(select(OutboxMessage))}


def _confirm_path(app: Flask, session: Session) -> str:
    render_queued(app, session)
    mail = _mails(session)["email_change_confirm"]
    match = re.search(r"(/account/email/confirm/[\w-]+)", mail.body_text or "")
    assert match, mail.body_text
    return match.group(1)


def test_the_address_changes_only_once_the_new_address_confirms(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, email="oud@example.org")
    login(client, user)
    assert "Je e-mailadres wijzigen" in client.get("/account").get_data(as_text=True)
    response = client.post(
        "/account/email", data={"new_email": "Nieuw@Example.org", "email_password": PASSWORD}
    )
    assert response.status_code == 302
    db_session.refresh(user)
    assert user.email == "oud@example.org"  # not yet
    render_queued(app, db_session)
    mails = _mails(db_session)
    assert mails["email_change_confirm"].to_email == "nieuw@example.org"
    assert mails["email_change_notice"].to_email == "oud@example.org"
    assert "nieuw@example.org" in (mails["email_change_notice"].body_text or "")
    assert mails["email_change_notice"].subject == "Je e-mailadres bij PeerMatch gaat veranderen"
    path = _confirm_path(app, db_session)
    stranger = app.test_client()
    assert "Ja, gebruik voortaan dit adres" in stranger.get(path).get_data(as_text=True)
    db_session.refresh(user)
    assert user.email == "oud@example.org"  # opening the link alone changes nothing
    assert stranger.post(path).status_code == 302
    db_session.refresh(user)
    assert user.email == "nieuw@example.org"
    again = stranger.post(path)
    assert again.status_code == 422
    assert "Deze link werkt niet meer" in again.get_data(as_text=True)
    login(app.test_client(), user)


def test_a_wrong_password_or_a_taken_address_changes_nothing_and_sends_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, email="bezet@example.org")
    user = make_user(db_session, email="oud@example.org")
    login(client, user)
    wrong = client.post(
        "/account/email", data={"new_email": "nieuw@example.org", "email_password": "fout"}
    )
    assert wrong.status_code == 422
    assert "Je huidige wachtwoord klopt niet" in wrong.get_data(as_text=True)
    taken = client.post(
        "/account/email", data={"new_email": "bezet@example.org", "email_password": PASSWORD}
    )
    assert taken.status_code == 409
    same = client.post(
        "/account/email", data={"new_email": "oud@example.org", "email_password": PASSWORD}
    )
    assert same.status_code == 422
    assert "Dit is al je e-mailadres." in same.get_data(as_text=True)
    client.post("/language", data={"locale": "en"})
    bad = client.post(
        "/account/email", data={"new_email": "geen-adres", "email_password": PASSWORD}
    )
    assert bad.status_code == 422
    assert "Enter a valid email address." in bad.get_data(as_text=True)
    assert _mails(db_session) == {}
    db_session.refresh(user)
    assert user.email == "oud@example.org"


def test_the_confirmation_link_expires_after_24_hours(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    clock = app.extensions["peermatch_clock"]
    clock.set(NOW)
    user = make_user(db_session, email="oud@example.org")
    login(client, user)
    client.post(
        "/account/email", data={"new_email": "nieuw@example.org", "email_password": PASSWORD}
    )
    path = _confirm_path(app, db_session)
    clock.set(NOW + dt.timedelta(hours=24, minutes=1))
    assert app.test_client().post(path).status_code == 422
    db_session.refresh(user)
    assert user.email == "oud@example.org"
