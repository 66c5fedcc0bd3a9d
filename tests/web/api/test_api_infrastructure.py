"""The /api/v1 basics: bearer tokens only, problem+json errors, an OpenAPI document that
covers every route."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.auth.access import authenticated
from peermatch.models import ApiToken
from peermatch.models.enums import Role
from peermatch.services.errors import Conflict
from tests.factories import login, make_user
from tests.web.api.builders import bearer, token_for


def test_a_bearer_token_identifies_its_user_and_records_its_use(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, Role.PEER_EXPERT, display_name="Sam")
    token = token_for(db_session, user)
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == {
        "id": user.id,
        "display_name": "Sam",
        "email": user.email,
        "roles": ["peer_expert"],
        "locale": "nl",
        "time_zone": "Europe/Amsterdam",
        "two_factor_enabled": False,
        "two_factor_required": False,
        "privacy_consent_needed": False,
    }
    stored = db_session.query(ApiToken).filter_by(user_id=user.id).one()
    db_session.refresh(stored)
    assert stored.last_used_at is not None
    assert response.headers["Cache-Control"] == "no-store"


def test_without_a_token_the_api_answers_401_problem_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.json is not None and response.json["status"] == 401


def test_a_signed_in_browser_session_does_not_authorise_api_calls(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    login(client, user)
    assert client.get("/dashboard").status_code == 200
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_revoked_unknown_and_inactive_tokens_are_refused(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    token = token_for(db_session, user)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    assert client.get("/api/v1/me", headers=bearer(token + "x")).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": token}).status_code == 401
    user.is_active = False
    db_session.flush()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    user.is_active = True
    stored = db_session.query(ApiToken).filter_by(user_id=user.id).one()
    stored.revoked_at = stored.created_at
    db_session.flush()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def _app_with_conflict_route(app: Flask) -> Flask:
    @authenticated
    def conflict() -> Any:
        raise Conflict("token.error.too_many", max=20)

    app.add_url_rule("/api/v1/test-conflict", "test_conflict", conflict)
    return app


@pytest.mark.fresh_app
def test_domain_errors_are_problem_json_in_the_asked_language(
    app: Flask, db_session: Session
) -> None:
    client = _app_with_conflict_route(app).test_client()
    user = make_user(db_session)  # account language: Dutch
    token = token_for(db_session, user)
    dutch = client.get("/api/v1/test-conflict", headers=bearer(token))
    assert dutch.status_code == 409
    assert dutch.mimetype == "application/problem+json"
    assert dutch.json is not None
    assert dutch.json["code"] == "token.error.too_many"
    assert "Je hebt al 20 tokens" in dutch.json["detail"]
    english = client.get(
        "/api/v1/test-conflict", headers=bearer(token, **{"Accept-Language": "en-GB,en;q=0.8"})
    )
    assert english.json is not None
    assert english.json["detail"].startswith("You already have 20 tokens")


def test_openapi_document_is_public_and_describes_the_api(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json
    assert doc is not None
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["title"] and doc["info"]["version"]
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal access token from your account page",
    }
    assert {"Problem", "ValidationProblem"} <= set(doc["components"]["schemas"])
    me = doc["paths"]["/api/v1/me"]["get"]
    assert me["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MeOut"
    }
    assert "401" in me["responses"]
    assert doc["paths"]["/api/v1/openapi.json"]["get"]["security"] == []


def _refs(node: object) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def test_every_api_route_is_documented_with_its_methods(app: Flask, client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").json
    assert doc is not None
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.openapi":
            continue
        path = rule.rule
        for arg in rule.arguments:
            path = path.replace(f"<int:{arg}>", f"{{{arg}}}").replace(f"<{arg}>", f"{{{arg}}}")
        assert path in doc["paths"], rule.rule
        methods = {m.lower() for m in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
        assert methods <= set(doc["paths"][path]), (rule.rule, methods)
        for method in methods:
            operation = doc["paths"][path][method]
            assert operation["summary"] and operation["responses"], (rule.rule, method)
        checked += 1
    assert checked >= 1
    schemas = doc["components"]["schemas"]
    for ref in _refs(doc):
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
