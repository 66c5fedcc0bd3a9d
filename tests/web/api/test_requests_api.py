"""Contact requests over /api/v1: the same rules as the pages, JSON in and out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, OutboxMessage
from peermatch.models.enums import ProposalStatus, RequestStatus, Role
from tests.factories import domain, make_organisation, make_peer_expert, make_team, make_user
from tests.integration.requests.builders import NOW, add_proposal, youth_of_age
from tests.web.api.builders import bearer, token_for


def _youth_body(session: Session, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "domains": [{"domain_id": domain(session, "anxiety").id, "importance": "most"}],
        "own_words": "Ik voel me vaak alleen.",
        "hopes": ["few_talks"],
        "languages": ["nl"],
        "modes": ["video"],
        "weekly": [{"weekday": 2, "part": "evening"}],
    }
    body.update(overrides)
    return body


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ContactRequest)) or 0


def test_a_youth_creates_lists_reads_and_withdraws_a_request(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    youth = youth_of_age(db_session, 17)
    headers = bearer(token_for(db_session, youth))
    response = client.post("/api/v1/requests", json=_youth_body(db_session), headers=headers)
    assert response.status_code == 201, response.json
    created = response.json
    assert created is not None
    assert created["status"] == "open" and created["kind"] == "youth"
    assert created["own_words"] == "Ik voel me vaak alleen."
    assert created["time_preferences"]["weekly"] == [{"weekday": 2, "part": "evening"}]
    listing = client.get("/api/v1/requests", headers=headers).json
    assert [r["id"] for r in listing or []] == [created["id"]]
    request = db_session.get(ContactRequest, created["id"])
    assert request is not None
    proposal = add_proposal(db_session, request, make_peer_expert(db_session), ProposalStatus.ASKED)
    assert (
        client.get(f"/api/v1/requests/{created['id']}", headers=headers).json["editable"] is False
    )  # type: ignore[index]
    response = client.post(f"/api/v1/requests/{created['id']}/withdraw", headers=headers)
    assert response.status_code == 200
    assert response.json is not None and response.json["status"] == "withdrawn"
    db_session.refresh(proposal)
    assert proposal.status is ProposalStatus.WITHDRAWN
    again = client.post(f"/api/v1/requests/{created['id']}/withdraw", headers=headers)
    assert again.status_code == 409
    assert again.mimetype == "application/problem+json"


def test_a_young_teenager_needs_a_guardian_over_the_api_too(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    headers = bearer(
        token_for(db_session, youth_of_age(db_session, 13)), **{"Accept-Language": "nl"}
    )
    response = client.post("/api/v1/requests", json=_youth_body(db_session), headers=headers)
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["code"] == "request.error.guardian_required"
    assert "ouder of verzorger" in response.json["detail"]
    assert _count(db_session) == 0
    response = client.post(
        "/api/v1/requests",
        json=_youth_body(db_session, guardian={"name": "Marieke", "email": "m@example.org"}),
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json is not None and response.json["status"] == "awaiting_consent"
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_bad_shapes_get_field_errors_and_nothing_is_saved(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    headers = bearer(token_for(db_session, youth_of_age(db_session, 17)))
    response = client.post(
        "/api/v1/requests",
        json=_youth_body(db_session, weekly=[{"weekday": 9, "part": "night"}]),
        headers=headers,
    )
    assert response.status_code == 422
    fields = {e["field"] for e in (response.json or {})["errors"]}
    assert fields == {"weekly[0].weekday", "weekly[0].part"}
    assert _count(db_session) == 0


def test_a_team_member_sends_a_team_request_and_others_cannot_read_it(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    org = make_organisation(db_session)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    make_team(db_session, org, member)
    start = NOW + dt.timedelta(days=5)
    response = client.post(
        "/api/v1/requests",
        json={
            "kind": "team",
            "purpose": "case_consultation",
            "domains": [{"domain_id": domain(db_session, "anxiety").id}],
            "peer_experts_wanted": 3,
            "windows": [
                {"start": start.isoformat(), "end": (start + dt.timedelta(hours=2)).isoformat()}
            ],
            "modes": ["video"],
        },
        headers=bearer(token_for(db_session, member)),
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body is not None and body["kind"] == "team" and body["peer_experts_wanted"] == 3
    assert db_session.get(ContactRequest, body["id"]).status is RequestStatus.OPEN  # type: ignore[union-attr]
    stranger = bearer(token_for(db_session, youth_of_age(db_session, 18)))
    assert client.get(f"/api/v1/requests/{body['id']}", headers=stranger).status_code == 404


def test_the_request_endpoints_are_in_the_openapi_document(client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").json
    assert doc is not None
    assert {"get", "post"} <= set(doc["paths"]["/api/v1/requests"])
    assert "post" in doc["paths"]["/api/v1/requests/{request_id}/withdraw"]
    assert "RequestIn" in doc["components"]["schemas"]
