"""Which emails a person gets: optional groups can be switched off (account page and API);
the outbox honours it when queueing; safety emails always go out."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, OutboxMessage
from peermatch.models.enums import Role
from peermatch.services import email_preferences
from peermatch.services.outbox import queue_email
from tests.factories import login, make_user
from tests.web.api.builders import bearer, token_for

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_safety_emails_are_in_no_optional_group() -> None:
    safety = {
        "password_reset",
        "email_verify",
        "email_change_confirm",
        "email_change_notice",
        "failed_logins",
        "account_exists",
        "guardian_consent",
        "session_cancelled",
        "session_rescheduled",
        "session_confirmed",
        "attention",
    }
    assert all(email_preferences.group_of(kind) is None for kind in safety)
    assert email_preferences.group_of("session_reminder") == "reminders"
    assert email_preferences.group_of("a_kind_added_next_year") is None  # sent by default


def test_switching_reminders_off_on_the_account_page_stops_only_reminders(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, Role.PEER_EXPERT)
    login(client, user)
    page = client.get("/account").get_data(as_text=True)
    assert "Welke e-mails je krijgt" in page and "die kun je niet uitzetten" in page
    response = client.post("/account/email-settings", data={"match_news": "y", "profile_news": "y"})
    assert response.status_code == 302
    assert email_preferences.settings(db_session, user) == {
        "reminders": False,
        "match_news": True,
        "profile_news": True,
    }
    assert (
        "checked"
        not in client.get("/account")
        .get_data(as_text=True)
        .split('id="reminders"')[1]
        .split(">")[0]
    )
    assert queue_email(db_session, user=user, kind="session_reminder", now=NOW, link="/") is None
    assert queue_email(db_session, user=user, kind="match_news", now=NOW, link="/") is not None
    assert queue_email(db_session, user=user, kind="password_reset", now=NOW, link="/") is not None
    # A guardian is reached by address, not as a user: never filtered by someone's settings.
    assert queue_email(
        db_session,
        user=None,
        to_email="ouder@example.org",
        kind="guardian_consent",
        now=NOW,
        link="/",
    )
    kinds = set(db_session.scalars(select(OutboxMessage.kind)))
    assert kinds == {"match_news", "password_reset", "guardian_consent"}
    assert db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.email_settings_changed")
    ).one()


def test_the_api_reads_and_changes_the_same_settings(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, Role.YOUTH)
    headers = bearer(token_for(db_session, user))
    got = client.get("/api/v1/me/notification-settings", headers=headers)
    assert got.status_code == 200
    assert got.json == {"reminders": True, "match_news": True, "profile_news": True}
    put = client.put(
        "/api/v1/me/notification-settings", json={"match_news": False}, headers=headers
    )
    assert put.status_code == 200
    assert put.json == {"reminders": True, "match_news": False, "profile_news": True}
    bad = client.put(
        "/api/v1/me/notification-settings", json={"password_reset": False}, headers=headers
    )
    assert bad.status_code == 422
    assert bad.mimetype == "application/problem+json"
    assert email_preferences.settings(db_session, user)["match_news"] is False
    doc = client.get("/api/v1/openapi.json").json
    assert "put" in doc["paths"]["/api/v1/me/notification-settings"]
