"""Coordinator pages: the verification queue, a profile, decisions and the VOG list."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, OutboxMessage
from peermatch.models.enums import DomainVisibility, ProfileStatus
from tests.factories import (
    NOW,
    add_entry,
    complete_draft,
    login,
    make_coordinator,
    make_organisation,
)
from tests.outbox import render_queued


def _audits(session: Session, action: str) -> int:
    return session.scalar(select(func.count()).where(AuditEvent.action == action)) or 0


def test_a_coordinator_verifies_a_profile_from_the_queue(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(db_session, org, status=ProfileStatus.SUBMITTED, submitted_at=NOW)
    add_entry(
        db_session,
        profile,
        "bullying",
        text="ALLEEN-VOOR-COORDINATOR",
        visibility=DomainVisibility.COORDINATORS_ONLY,
    )
    login(client, coordinator)
    queue = client.get("/verification").get_data(as_text=True)
    assert "Profielen om te verifiëren" in queue and profile.user.display_name in queue
    page = client.get(f"/verification/profiles/{profile.id}").get_data(as_text=True)
    assert "ALLEEN-VOOR-COORDINATOR" in page
    assert "geldig tot en met" in page  # VOG validity is shown
    assert _audits(db_session, "profile.sensitive_viewed") == 1
    response = client.post(f"/verification/profiles/{profile.id}/verify")
    assert response.status_code == 302
    db_session.refresh(profile)
    assert profile.status is ProfileStatus.ACTIVE and profile.verified_by_id == coordinator.id
    render_queued(app, db_session)
    mail = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "profile_verified")
    ).one()
    assert mail.subject == "Je PeerMatch-profiel is geverifieerd"
    assert "ALLEEN-VOOR-COORDINATOR" not in mail.body_text


def test_asking_for_changes_without_a_message_changes_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(db_session, org, status=ProfileStatus.SUBMITTED)
    login(client, coordinator)
    response = client.post(
        f"/verification/profiles/{profile.id}/request-changes", data={"message": ""}
    )
    assert response.status_code == 422
    assert "Schrijf wat de ervaringsdeskundige moet aanpassen" in response.get_data(as_text=True)
    db_session.refresh(profile)
    assert profile.status is ProfileStatus.SUBMITTED
    response = client.post(
        f"/verification/profiles/{profile.id}/request-changes",
        data={"message": "Vul je trainingsjaar aan."},
    )
    assert response.status_code == 302
    db_session.refresh(profile)
    assert profile.status is ProfileStatus.CHANGES_REQUESTED
    assert profile.review_message == "Vul je trainingsjaar aan."


def test_a_coordinator_of_another_organisation_gets_not_found(
    client: FlaskClient, db_session: Session
) -> None:
    profile = complete_draft(db_session, status=ProfileStatus.SUBMITTED)
    outsider = make_coordinator(db_session)
    login(client, outsider)
    assert profile.user.display_name not in client.get("/verification").get_data(as_text=True)
    assert client.get(f"/verification/profiles/{profile.id}").status_code == 404
    assert client.post(f"/verification/profiles/{profile.id}/verify").status_code == 404
    assert (
        client.post(
            f"/verification/profiles/{profile.id}/request-changes", data={"message": "x"}
        ).status_code
        == 404
    )
    db_session.refresh(profile)
    assert profile.status is ProfileStatus.SUBMITTED


def test_verifying_twice_gives_a_calm_message(client: FlaskClient, db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(db_session, org, status=ProfileStatus.ACTIVE)
    login(client, coordinator)
    response = client.post(f"/verification/profiles/{profile.id}/verify", follow_redirects=True)
    assert "Dit kan nu niet" in response.get_data(as_text=True)


def test_the_vog_list_follows_the_clock(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(
        db_session, org, status=ProfileStatus.ACTIVE, vog_date=dt.date(2024, 3, 1)
    )
    client = app.test_client()
    login(client, coordinator)
    clock = app.extensions["peermatch_clock"]
    clock.set(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC))
    assert profile.user.display_name not in client.get("/verification/vog").get_data(as_text=True)
    assert "VOG's die aandacht nodig hebben: 0" in client.get("/dashboard").get_data(as_text=True)
    clock.set(dt.datetime(2027, 1, 5, 12, 0, tzinfo=dt.UTC))
    page = client.get("/verification/vog").get_data(as_text=True)
    assert profile.user.display_name in page and "Verloopt binnenkort" in page
    clock.set(dt.datetime(2027, 3, 2, 12, 0, tzinfo=dt.UTC))
    assert "Verlopen" in client.get("/verification/vog").get_data(as_text=True)


def test_the_coordinator_dashboard_counts_waiting_profiles(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    complete_draft(db_session, org, status=ProfileStatus.SUBMITTED)
    complete_draft(db_session, org, status=ProfileStatus.SUBMITTED)
    login(client, coordinator)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Profielen die wachten op verificatie: 2" in html
