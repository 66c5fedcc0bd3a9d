"""Profile endpoints under /api/v1 call the same service as the pages."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models.enums import DomainVisibility, ProfileStatus, Role
from tests.factories import (
    add_member,
    complete_draft,
    domain,
    make_coordinator,
    make_organisation,
    make_user,
)
from tests.web.api.builders import bearer, token_for


def test_a_peer_expert_builds_and_submits_a_profile_over_the_api(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    user = make_user(db_session, Role.PEER_EXPERT, birth_year=2000)
    add_member(db_session, org, user)
    headers = bearer(token_for(db_session, user))
    assert client.get("/api/v1/profile", headers=headers).status_code == 404
    response = client.patch(
        "/api/v1/profile",
        headers=headers,
        json={
            "about": {"display_name": "Robin", "birth_year": 2000, "pronouns": "hen/die"},
            "meet": {"languages": ["nl"], "modes": ["video"], "audiences": ["adult_18_plus"]},
            "story": {"introduction": "Ik ben Robin."},
            "credentials": {"training_status": "completed", "training_year": 2024},
            "capacity": {
                "session_lengths": [45, 60],
                "buffer_before_minutes": 10,
                "buffer_after_minutes": 10,
                "min_notice_hours": 24,
                "horizon_weeks": 4,
                "max_sessions_per_week": 2,
                "max_active_matches": 2,
            },
        },
    )
    assert response.status_code == 200, response.json
    body = response.json
    assert body is not None
    assert body["status"] == "draft" and body["missing"] == ["profile.missing.experiences"]
    response = client.post(
        "/api/v1/profile/domains",
        headers=headers,
        json={
            "domain_id": domain(db_session, "anxiety").id,
            "visibility": "candidate_viewers",
            "audiences": ["adult_18_plus"],
            "ready_to_share": True,
            "share_text": "Wat mij hielp.",
        },
    )
    assert response.status_code == 201, response.json
    entry_id = response.json["id"]  # type: ignore[index]
    response = client.patch(
        f"/api/v1/profile/domains/{entry_id}",
        headers=headers,
        json={
            "visibility": "after_match",
            "audiences": ["adult_18_plus"],
            "ready_to_share": True,
            "share_text": "Later.",
            "status": "paused",
        },
    )
    assert response.status_code == 200 and response.json["status"] == "paused"  # type: ignore[index]
    refused = client.post("/api/v1/profile/submit", headers=headers)
    assert refused.status_code == 422
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    client.patch(
        f"/api/v1/profile/domains/{entry_id}",
        headers=headers,
        json={
            "visibility": "after_match",
            "audiences": ["adult_18_plus"],
            "ready_to_share": True,
            "status": "active",
        },
    )
    submitted = client.post("/api/v1/profile/submit", headers=headers)
    assert submitted.status_code == 200 and submitted.json["status"] == "submitted"  # type: ignore[index]
    listed = client.get("/api/v1/profile/domains", headers=headers).json
    assert listed is not None and listed[0]["visibility"] == DomainVisibility.AFTER_MATCH.value


def test_bad_input_over_the_api_changes_nothing(client: FlaskClient, db_session: Session) -> None:
    profile = complete_draft(db_session)
    headers = bearer(token_for(db_session, profile.user))
    response = client.patch(
        "/api/v1/profile",
        headers=headers,
        json={
            "story": {"introduction": "Nieuw"},
            "meet": {"languages": ["nl"], "modes": ["in_person"], "audiences": ["team"]},
        },
    )
    assert response.status_code == 422
    db_session.refresh(profile)
    assert profile.introduction == "Ik ben ervaringsdeskundige." and profile.modes == ["video"]


def test_withdrawing_over_the_api_deletes_the_text(
    client: FlaskClient, db_session: Session
) -> None:
    profile = complete_draft(db_session)
    headers = bearer(token_for(db_session, profile.user))
    entry = profile.domains[0]
    assert client.delete(f"/api/v1/profile/domains/{entry.id}", headers=headers).status_code == 204
    db_session.refresh(entry)
    assert entry.share_text is None and entry.status.value == "withdrawn"
    other = complete_draft(db_session)
    response = client.delete(f"/api/v1/profile/domains/{other.domains[0].id}", headers=headers)
    assert response.status_code == 404


def test_coordinators_verify_over_the_api_only_in_their_organisation(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    mine = complete_draft(db_session, org, status=ProfileStatus.SUBMITTED)
    elsewhere = complete_draft(db_session, status=ProfileStatus.SUBMITTED)
    headers = bearer(token_for(db_session, make_coordinator(db_session, org)))
    assert (
        client.post(f"/api/v1/profiles/{elsewhere.id}/verify", headers=headers).status_code == 404
    )
    response = client.post(
        f"/api/v1/profiles/{mine.id}/request-changes",
        headers=headers,
        json={"message": "Graag je VOG."},
    )
    assert response.status_code == 200 and response.json["status"] == "changes_requested"  # type: ignore[index]
    again = client.post(f"/api/v1/profiles/{mine.id}/verify", headers=headers)
    assert again.status_code == 409
    db_session.refresh(elsewhere)
    assert elsewhere.status is ProfileStatus.SUBMITTED


def test_profile_endpoints_are_in_the_openapi_document(client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").json
    assert doc is not None
    assert {"get", "patch"} <= set(doc["paths"]["/api/v1/profile"])
    assert "delete" in doc["paths"]["/api/v1/profile/domains/{entry_id}"]
    assert "post" in doc["paths"]["/api/v1/profiles/{profile_id}/request-changes"]
    assert "ProfileOut" in doc["components"]["schemas"]
