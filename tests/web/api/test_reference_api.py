"""Reference data over /api/v1: the ids and codes API clients need, in the caller's language."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models.enums import OrganisationKind, Role
from peermatch.places import get_place, search_places
from peermatch.services import profiles, taxonomy
from peermatch.vocabulary import LANGUAGES
from tests.factories import domain, make_organisation, make_peer_expert, make_user
from tests.web.api.builders import bearer, token_for

REFERENCE_PATHS = [
    "/api/v1/domains",
    "/api/v1/places?q=utr",
    "/api/v1/organisations",
    "/api/v1/languages",
]


def _get(client: FlaskClient, path: str, headers: dict[str, str]) -> Any:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def _keys(node: object) -> set[str]:
    if isinstance(node, dict):
        return set(node).union(*(_keys(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_keys(v) for v in node)) if node else set()
    return set()


@pytest.mark.parametrize("path", REFERENCE_PATHS)
def test_reference_data_needs_a_bearer_token(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("role", [Role.YOUTH, Role.PEER_EXPERT, Role.TEAM_MEMBER, Role.COORDINATOR])
def test_every_signed_in_role_can_read_reference_data(
    client: FlaskClient, db_session: Session, role: Role
) -> None:
    headers = bearer(token_for(db_session, make_user(db_session, role)))
    for path in REFERENCE_PATHS:
        assert client.get(path, headers=headers).status_code == 200, path


def test_domains_are_the_active_taxonomy_grouped_by_category_in_dutch_for_a_dutch_user(
    client: FlaskClient, db_session: Session
) -> None:
    retired = domain(db_session, "social-anxiety")
    retired.is_active = False
    db_session.flush()
    headers = bearer(token_for(db_session, make_user(db_session, locale="nl")))
    body = _get(client, "/api/v1/domains", headers)
    groups = taxonomy.domain_groups(db_session)
    assert [c["id"] for c in body] == [g.category.id for g in groups]
    for category, group in zip(body, groups, strict=True):
        assert category["parent_id"] is None
        assert category["label"] == group.category.label_nl
        assert [d["id"] for d in category["domains"]] == [d.id for d in group.domains]
        assert all(d["parent_id"] == category["id"] for d in category["domains"])
    anxiety = next(d for c in body for d in c["domains"] if d["slug"] == "anxiety")
    assert anxiety == {
        "id": domain(db_session, "anxiety").id,
        "slug": "anxiety",
        "label": "Angst",
        "youth_label": "Ik ben vaak bang of gespannen",
        "parent_id": domain(db_session, "mental-health").id,
    }
    assert retired.id not in {d["id"] for c in body for d in c["domains"]}
    assert not any("severity" in key for key in _keys(body))


def test_domains_follow_accept_language_over_the_account_language(
    client: FlaskClient, db_session: Session
) -> None:
    token = token_for(db_session, make_user(db_session, locale="nl"))
    body = _get(client, "/api/v1/domains", bearer(token, **{"Accept-Language": "en"}))
    anxiety = next(d for c in body for d in c["domains"] if d["slug"] == "anxiety")
    assert anxiety["label"] == "Anxiety"
    assert anxiety["youth_label"] == "I often feel scared or tense"


def test_place_search_returns_the_catalogue_matches_with_coordinates(
    client: FlaskClient, db_session: Session
) -> None:
    headers = bearer(token_for(db_session, make_user(db_session)))
    body = _get(client, "/api/v1/places?q=berg&limit=3", headers)
    expected = search_places("berg", 3)
    assert len(body) == len(expected) == 3
    assert [p["id"] for p in body] == [p.id for p in expected]
    body = _get(client, "/api/v1/places?q=utr", headers)
    first = get_place(body[0]["id"])
    assert first is not None and first.name == "Utrecht"
    assert body[0] == {
        "id": first.id,
        "name": first.name,
        "province": first.province,
        "lat": first.lat,
        "lon": first.lon,
    }


def test_place_search_defaults_to_ten_and_finds_nothing_for_an_empty_query(
    client: FlaskClient, db_session: Session
) -> None:
    headers = bearer(token_for(db_session, make_user(db_session)))
    assert len(_get(client, "/api/v1/places?q=a", headers)) == 10
    assert _get(client, "/api/v1/places?q=", headers) == []
    assert _get(client, "/api/v1/places", headers) == []
    assert len(_get(client, "/api/v1/places?q=a&limit=50", headers)) == 50


@pytest.mark.parametrize("limit", ["0", "51", "-1", "ten"])
def test_place_search_refuses_a_limit_outside_1_to_50(
    client: FlaskClient, db_session: Session, limit: str
) -> None:
    headers = bearer(token_for(db_session, make_user(db_session)), **{"Accept-Language": "en"})
    response = client.get(f"/api/v1/places?q=utr&limit={limit}", headers=headers)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.json is not None
    assert [e["field"] for e in response.json["errors"]] == ["limit"]


def test_organisations_are_the_onboarding_choices_with_their_kind(
    client: FlaskClient, db_session: Session
) -> None:
    council = make_organisation(db_session, name="Jongerenraad Utrecht")
    care = make_organisation(db_session, name="Accare Zorg", kind=OrganisationKind.CARE_INSTITUTION)
    expert = make_peer_expert(db_session, council)
    body = _get(client, "/api/v1/organisations", bearer(token_for(db_session, expert.user)))
    assert [o["id"] for o in body] == [o.id for o in profiles.organisations(db_session)]
    assert {"id": care.id, "name": "Accare Zorg", "kind": "care_institution"} in body
    assert {"id": council.id, "name": "Jongerenraad Utrecht", "kind": "youth_council"} in body


def test_languages_are_labelled_in_dutch_for_a_dutch_user_and_in_english_when_asked(
    client: FlaskClient, db_session: Session
) -> None:
    token = token_for(db_session, make_user(db_session, locale="nl"))
    dutch = _get(client, "/api/v1/languages", bearer(token))
    assert [lang["code"] for lang in dutch] == list(LANGUAGES)
    labels = {lang["code"]: lang["label"] for lang in dutch}
    assert labels["nl"] == "Nederlands" and labels["en"] == "Engels"
    english = _get(client, "/api/v1/languages", bearer(token, **{"Accept-Language": "en"}))
    assert {lang["code"]: lang["label"] for lang in english}["nl"] == "Dutch"


def test_an_english_account_gets_english_labels_without_asking(
    client: FlaskClient, db_session: Session
) -> None:
    headers = bearer(token_for(db_session, make_user(db_session, locale="en")))
    labels = {lang["code"]: lang["label"] for lang in _get(client, "/api/v1/languages", headers)}
    assert labels["de"] == "German"


def test_the_openapi_document_describes_the_reference_endpoints(client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").json
    assert doc is not None
    for path in ["/api/v1/domains", "/api/v1/places", "/api/v1/organisations", "/api/v1/languages"]:
        operation = doc["paths"][path]["get"]
        assert operation["tags"] == ["reference"] and "401" in operation["responses"]
    places = doc["paths"]["/api/v1/places"]["get"]
    limit = next(p for p in places["parameters"] if p["name"] == "limit")
    assert limit["schema"] == {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}
    assert "422" in places["responses"]
    assert "severity" not in str(doc["components"]["schemas"]["DomainOut"])
