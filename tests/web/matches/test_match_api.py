"""The matching API calls the same services as the pages and documents itself."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models import MatchProposal
from peermatch.models.enums import ProposalStatus
from tests.factories import make_coordinator, make_organisation
from tests.integration.matches.builders import NOW, open_request, peer, youth
from tests.web.api.builders import bearer, token_for

S = ProposalStatus


def test_a_youth_lists_candidates_chooses_and_the_coordinator_approves(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    client: FlaskClient = app.test_client()
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    young = youth(db_session)
    expert = peer(db_session, org)
    request = open_request(db_session, young)
    youth_token = token_for(db_session, young)

    listed = client.get(f"/api/v1/requests/{request.id}/candidates", headers=bearer(youth_token))
    assert listed.status_code == 200, listed.get_json()
    body = listed.get_json()
    assert [c["profile_id"] for c in body["candidates"]] == [expert.id]
    assert body["exclusions"] == {}
    assert {f["name"] for f in body["candidates"][0]["factors"]} >= {"shared_experience"}

    chosen = client.post(
        f"/api/v1/requests/{request.id}/choices",
        json={"profile_ids": [expert.id]},
        headers=bearer(youth_token),
    )
    assert chosen.status_code == 201, chosen.get_json()
    proposal_id = chosen.get_json()[0]["id"]
    assert chosen.get_json()[0]["status"] == "asked"

    again = client.post(
        f"/api/v1/proposals/{proposal_id}/approve",
        headers=bearer(token_for(db_session, coordinator)),
    )
    assert again.status_code == 409
    assert again.mimetype == "application/problem+json"

    accepted = client.post(
        f"/api/v1/proposals/{proposal_id}/accept",
        headers=bearer(token_for(db_session, expert.user)),
    )
    assert accepted.get_json()["status"] == "awaiting_approval"
    approved = client.post(
        f"/api/v1/proposals/{proposal_id}/approve",
        headers=bearer(token_for(db_session, coordinator)),
    )
    assert approved.get_json()["status"] == "approved"


def test_a_decline_over_the_api_keeps_the_reason_private(app: Flask, db_session: Session) -> None:
    client = app.test_client()
    young = youth(db_session)
    expert = peer(db_session)
    request = open_request(db_session, young)
    proposal = MatchProposal(
        request_id=request.id,
        profile_id=expert.id,
        status=S.ASKED,
        respond_by=dt.datetime.now(dt.UTC) + dt.timedelta(days=2),
    )
    db_session.add(proposal)
    db_session.flush()
    response = client.post(
        f"/api/v1/proposals/{proposal.id}/decline",
        json={"reason": "privé"},
        headers=bearer(token_for(db_session, expert.user)),
    )
    assert response.status_code == 200
    assert "privé" not in response.get_data(as_text=True)


def test_the_matching_endpoints_are_in_the_openapi_document(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/requests/{request_id}/candidates" in paths or any(
        "candidates" in p for p in paths
    )
    assert any(p.endswith("/approve") for p in paths)
