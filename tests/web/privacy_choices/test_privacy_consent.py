"""Consent per version of the privacy statement: asked again after a change, recorded with
version and time; withdrawing it is possible, explained, and leads to account deletion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, PrivacyConsentEvent
from peermatch.models.enums import Role
from tests.factories import PASSWORD, login, make_user

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_after_a_new_statement_people_are_asked_again_at_login(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(PRIVACY_STATEMENT_VERSION="2027-01")
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    user = make_user(db_session, Role.YOUTH, privacy_consent_version="2026-11")
    staff = make_user(db_session, Role.COORDINATOR)  # made by staff: never gave consent
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/privacy/consent")
    held = client.get("/requests/new")
    assert held.status_code == 302 and held.headers["Location"].endswith("/privacy/consent")
    page = client.get("/privacy/consent").get_data(as_text=True)
    assert "Onze privacyverklaring is veranderd (versie 2027-01)" in page
    assert client.get("/privacy").status_code == 200  # the whole statement stays readable
    given = client.post("/privacy/consent")
    assert given.status_code == 302
    db_session.refresh(user)
    assert (user.privacy_consent_version, user.privacy_consent_at) == ("2027-01", NOW)
    event = db_session.scalars(
        select(PrivacyConsentEvent).where(PrivacyConsentEvent.user_id == user.id)
    ).one()
    assert (event.action, event.version, event.at) == ("given", "2027-01", NOW)
    assert client.get("/dashboard").status_code == 200
    other = app.test_client()
    staff_login = other.post("/login", data={"email": staff.email, "password": PASSWORD})
    assert staff_login.headers["Location"].endswith("/dashboard")


def test_withdrawing_consent_is_explained_confirmed_and_starts_deletion(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    user = make_user(db_session, Role.PEER_EXPERT, privacy_consent_version="2026-11")
    login(client, user)
    assert "Mijn toestemming intrekken" in client.get("/account").get_data(as_text=True)
    confirm = client.get("/account/privacy/withdraw").get_data(as_text=True)
    assert "verwijderen we je account" in confirm and "0800-0113" in confirm
    db_session.refresh(user)
    assert user.privacy_consent_version is not None  # opening the page changes nothing
    done = client.post("/account/privacy/withdraw", follow_redirects=True)
    assert "Je hebt je toestemming ingetrokken" in done.get_data(as_text=True)
    assert client.get("/account").status_code == 302  # logged out
    db_session.refresh(user)
    assert user.privacy_consent_version is None
    actions = set(
        db_session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == user.id))
    )
    assert {"privacy.consent_withdrawn", "privacy.erasure_requested"} <= actions
    again = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert again.headers["Location"].endswith("/privacy/consent")
    page = client.get("/privacy/consent").get_data(as_text=True)
    assert "heb je je toestemming ingetrokken" in page


def test_the_privacy_statement_says_what_is_kept_how_long_and_who_sees_it(
    app: Flask,
) -> None:
    client = app.test_client()
    dutch = client.get("/privacy").get_data(as_text=True)
    for heading in ("Wat we bewaren", "Wie wat ziet", "Hoe lang we het bewaren"):
        assert heading in dutch
    client.post("/language", data={"locale": "en"})
    english = client.get("/privacy").get_data(as_text=True)
    for heading in ("What we keep", "Who sees what", "How long we keep it"):
        assert heading in english
