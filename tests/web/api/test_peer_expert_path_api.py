"""End to end through /api/v1: after registering and creating a token on the account page
(web by design), a peer expert builds, submits and fills in availability over the API only,
and the coordinator of their organisation verifies with their own token.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, OutboxMessage, PeerExpertProfile, User
from peermatch.models.enums import ProfileStatus
from peermatch.places import search_places
from tests.factories import domain, login, make_coordinator, make_organisation
from tests.web.api.builders import bearer

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)  # a Monday, 13:00 in Amsterdam
EMAIL = "jesse.peerpath-api@example.org"
SECRET_INPUT = re.compile(r'id="new-token-value"[^>]*value="([^"]+)"')


def _client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def _token_from_account_page(client: FlaskClient, name: str) -> str:
    response = client.post("/account/tokens", data={"name": name})
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    page = response.get_data(as_text=True)
    assert "Kopieer hem nu" in page
    found = SECRET_INPUT.search(page)
    assert found is not None
    return found.group(1)


def _json(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "application/json"
    return response.json


def _utrecht_id() -> int:
    (utrecht,) = [p for p in search_places("Utrecht") if p.name == "Utrecht"]
    return utrecht.id


def test_a_new_peer_expert_goes_from_token_to_a_verified_profile_with_slots_over_the_api(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session, name="Jongerenraad Utrecht")
    coordinator = make_coordinator(db_session, org)

    # Web by design: registration and the token on the account page.
    web = _client(app)
    response = web.post(
        "/register",
        data={
            "role": "peer_expert",
            "display_name": "Jesse",
            "email": EMAIL,
            "password": "een lang en sterk wachtwoord",
            "birth_year": str(NOW.year - 22),
            "privacy": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    web.post("/login", data={"email": EMAIL, "password": "een lang en sterk wachtwoord"})
    # Also web by design: the address is confirmed with the emailed link.
    verify = db_session.scalars(
        select(OutboxMessage.link).where(OutboxMessage.kind == "email_verify")
    ).one()
    assert web.get(verify or "").status_code == 302
    peer = bearer(_token_from_account_page(web, "Mijn app"))
    api = _client(app)

    assert _json(api.get("/api/v1/me", headers=peer))["email"] == EMAIL
    missing_profile = api.get("/api/v1/profile", headers=peer)
    assert missing_profile.status_code == 404
    assert missing_profile.mimetype == "application/problem+json"

    # A bad request along the way: problem+json with per-field errors; nothing is created.
    bad = api.patch(
        "/api/v1/profile",
        headers=peer,
        json={"about": {"display_name": "Jesse", "birth_year": "tweeduizend-vier"}},
    )
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    problem = bad.json
    assert problem is not None
    assert problem["type"] == "about:blank" and problem["status"] == 422
    assert problem["title"] and problem["detail"] and problem["code"] == "api.error.invalid_input"
    fields = {e["field"]: e for e in problem["errors"]}
    assert "about.birth_year" in fields
    assert fields["about.birth_year"]["code"] and fields["about.birth_year"]["message"]
    assert api.get("/api/v1/profile", headers=peer).status_code == 404

    # Onboarding sections.
    body = _json(
        api.patch(
            "/api/v1/profile",
            headers=peer,
            json={
                "about": {
                    "display_name": "Jesse",
                    "birth_year": NOW.year - 22,
                    "pronouns": "hij/hem",
                    "organisation_id": org.id,
                },
                "meet": {
                    "languages": ["nl", "en"],
                    "modes": ["video", "in_person"],
                    "audiences": ["youth_16_17", "adult_18_plus"],
                    "place_id": _utrecht_id(),
                    "max_travel_km": 15,
                },
                "story": {"introduction": "Ik ben Jesse en ik deel wat mij hielp."},
            },
        )
    )
    assert body["status"] == "draft" and body["organisation_id"] == org.id
    assert body["place_id"] == _utrecht_id()
    assert "profile.missing.experiences" in body["missing"]

    # A domain error is problem+json too, with its key and a Dutch text.
    outside = api.post(
        "/api/v1/profile/domains",
        headers=peer,
        json={
            "domain_id": domain(db_session, "anxiety").id,
            "visibility": "candidate_viewers",
            "audiences": ["team"],
            "ready_to_share": True,
        },
    )
    assert outside.status_code == 422 and outside.mimetype == "application/problem+json"
    assert outside.json is not None
    assert outside.json["code"] == "profile.error.entry_audiences_outside"
    assert outside.json["detail"]

    first = _json(
        api.post(
            "/api/v1/profile/domains",
            headers=peer,
            json={
                "domain_id": domain(db_session, "anxiety").id,
                "visibility": "candidate_viewers",
                "audiences": ["youth_16_17", "adult_18_plus"],
                "ready_to_share": True,
                "share_text": "Spanning ken ik goed.",
            },
        ),
        201,
    )
    second = _json(
        api.post(
            "/api/v1/profile/domains",
            headers=peer,
            json={
                "domain_id": domain(db_session, "bullying").id,
                "visibility": "after_match",
                "audiences": ["adult_18_plus"],
                "ready_to_share": True,
                "share_text": "Dit vertel ik als we elkaar kennen.",
            },
        ),
        201,
    )
    assert (first["visibility"], first["audiences"]) == (
        "candidate_viewers",
        ["youth_16_17", "adult_18_plus"],
    )
    assert (second["visibility"], second["audiences"]) == ("after_match", ["adult_18_plus"])

    # Submitting too early is refused and changes nothing.
    early = api.post("/api/v1/profile/submit", headers=peer)
    assert early.status_code == 422 and early.mimetype == "application/problem+json"
    assert early.json is not None and early.json["code"] == "profile.error.incomplete"
    still = _json(api.get("/api/v1/profile", headers=peer))
    assert still["status"] == "draft"
    assert still["missing"] == ["profile.missing.credentials", "profile.missing.capacity"]
    assert len(still["missing_text"]) == 2
    assert still["missing_text"][0].startswith("Stap 5")  # in the peer expert's language

    body = _json(
        api.patch(
            "/api/v1/profile",
            headers=peer,
            json={
                "credentials": {
                    "training_status": "completed",
                    "training_year": 2025,
                    "vog_date": "2026-03-01",
                },
                "capacity": {
                    "session_lengths": [45, 60],
                    "buffer_before_minutes": 10,
                    "buffer_after_minutes": 10,
                    "min_notice_hours": 24,
                    "horizon_weeks": 4,
                    "max_sessions_per_week": 3,
                    "max_active_matches": 3,
                },
            },
        )
    )
    assert body["missing"] == []

    # Weekly windows (allowed before verification, so the profile is ready at once).
    week = _json(
        api.put(
            "/api/v1/availability/rules",
            headers=peer,
            json={
                "windows": [
                    {"weekday": 1, "start": "14:00", "end": "17:00"},
                    {"weekday": 3, "start": "19:00", "end": "21:00"},
                ]
            },
        )
    )
    assert week["time_zone"] == "Europe/Amsterdam"
    assert [(w["weekday"], w["start"], w["end"]) for w in week["windows"]] == [
        (1, "14:00", "17:00"),
        (3, "19:00", "21:00"),
    ]

    submitted = _json(api.post("/api/v1/profile/submit", headers=peer))
    assert submitted["status"] == "submitted"
    profile_id = submitted["id"]

    # The coordinator verifies with their own token.
    coordinator_web = _client(app)
    login(coordinator_web, coordinator)
    coord = bearer(_token_from_account_page(coordinator_web, "Coördinatie-script"))
    # A peer expert's token cannot verify, not even their own profile.
    assert api.post(f"/api/v1/profiles/{profile_id}/verify", headers=peer).status_code == 403
    verified = _json(api.post(f"/api/v1/profiles/{profile_id}/verify", headers=coord))
    assert verified == {"id": profile_id, "status": "active"}
    again = api.post(f"/api/v1/profiles/{profile_id}/verify", headers=coord)
    assert again.status_code == 409 and again.mimetype == "application/problem+json"

    # The peer expert sees an active profile and free slots.
    final = _json(api.get("/api/v1/profile", headers=peer))
    assert final["status"] == "active" and final["missing"] == []
    slots = _json(api.get("/api/v1/availability/slots?weeks=2", headers=peer))
    assert slots["session_minutes"] == 45 and slots["time_zone"] == "Europe/Amsterdam"
    starts = {(s["local_date"], s["local_start"]) for s in slots["slots"]}
    assert ("2026-12-01", "14:00") in starts and ("2026-12-03", "19:00") in starts
    assert min(starts) == ("2026-11-24", "14:00")  # the first window after now: tomorrow
    windows = {1: ("14:00", "17:00"), 3: ("19:00", "21:00")}
    for slot in slots["slots"]:
        weekday = dt.date.fromisoformat(slot["local_date"]).weekday()
        start, end = windows[weekday]
        assert start <= slot["local_start"] and slot["local_end"] <= end, slot

    profile = db_session.get(PeerExpertProfile, profile_id)
    assert profile is not None
    db_session.refresh(profile)
    user = db_session.scalars(select(User).where(User.email == EMAIL)).one()
    assert profile.user_id == user.id and profile.status is ProfileStatus.ACTIVE
    assert profile.verified_by_id == coordinator.id and profile.verified_at == NOW
    actions = {
        (e.action, e.actor_id)
        for e in db_session.scalars(
            select(AuditEvent).where(
                AuditEvent.subject_type == "profile", AuditEvent.subject_id == profile_id
            )
        )
    }
    assert {("profile.submit", user.id), ("profile.verify", coordinator.id)} <= actions
    mail = db_session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.to_user_id == user.id, OutboxMessage.kind == "profile_verified"
        )
    ).one()
    assert mail.to_email == EMAIL
