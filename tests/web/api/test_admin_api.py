"""Administration over /api/v1/admin: the pages' services and rules, JSON in and out."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models.enums import Role
from tests.factories import add_member, domain, make_coordinator, make_organisation, make_user
from tests.integration.requests.builders import NOW, youth_of_age
from tests.web.api.builders import bearer, token_for


def admin_headers(session: Session) -> dict[str, str]:
    return bearer(token_for(session, make_user(session, Role.ADMIN, birth_year=None)))


def test_an_admin_creates_renames_and_deactivates_an_organisation(
    client: FlaskClient, db_session: Session
) -> None:
    headers = admin_headers(db_session)
    created = client.post(
        "/api/v1/admin/organisations",
        json={"name": "GGZ Oost", "kind": "care_institution"},
        headers=headers,
    )
    assert created.status_code == 201, created.json
    assert created.json is not None
    org_id = created.json["id"]
    assert created.json["slug"] == "ggz-oost" and created.json["active"] is True
    renamed = client.patch(
        f"/api/v1/admin/organisations/{org_id}",
        json={"name": "GGZ Oost-Nederland"},
        headers=headers,
    )
    assert renamed.json is not None and renamed.json["name"] == "GGZ Oost-Nederland"
    off = client.post(f"/api/v1/admin/organisations/{org_id}/deactivate", headers=headers)
    assert off.json is not None and off.json["active"] is False
    again = client.post(f"/api/v1/admin/organisations/{org_id}/deactivate", headers=headers)
    assert again.status_code == 409
    assert again.json is not None and again.json["code"] == "organisation.error.already_inactive"
    bad = client.post(
        "/api/v1/admin/organisations", json={"name": "X", "kind": "club"}, headers=headers
    )
    assert bad.status_code == 422


def test_user_search_is_paged_with_a_next_link(client: FlaskClient, db_session: Session) -> None:
    headers = admin_headers(db_session)
    for n in range(3):
        make_user(db_session, Role.PEER_EXPERT, display_name=f"Lotte {n}")
    first = client.get("/api/v1/admin/users?q=lotte&limit=2", headers=headers)
    assert first.status_code == 200
    assert [u["display_name"] for u in first.json or []] == ["Lotte 0", "Lotte 1"]
    assert 'rel="next"' in first.headers["Link"] and "page=2" in first.headers["Link"]
    second = client.get("/api/v1/admin/users?q=lotte&limit=2&page=2", headers=headers)
    assert [u["display_name"] for u in second.json or []] == ["Lotte 2"]
    assert "Link" not in second.headers
    assert client.get("/api/v1/admin/users?limit=1000", headers=headers).status_code == 422


def test_deactivating_over_the_api_stops_the_persons_token(
    client: FlaskClient, db_session: Session
) -> None:
    headers = admin_headers(db_session)
    person = make_user(db_session, Role.PEER_EXPERT)
    theirs = bearer(token_for(db_session, person))
    assert client.get("/api/v1/me", headers=theirs).status_code == 200
    done = client.post(f"/api/v1/admin/users/{person.id}/deactivate", headers=headers)
    assert done.status_code == 200 and done.json is not None and done.json["active"] is False
    assert client.get("/api/v1/me", headers=theirs).status_code == 401
    roles = client.put(
        f"/api/v1/admin/users/{person.id}/roles", json={"roles": []}, headers=headers
    )
    assert roles.status_code == 422


def test_coordinators_reach_their_own_members_only(
    client: FlaskClient, db_session: Session
) -> None:
    own = make_organisation(db_session)
    other = make_organisation(db_session)
    headers = bearer(token_for(db_session, make_coordinator(db_session, own)))
    add_member(db_session, own, make_user(db_session, Role.PEER_EXPERT, display_name="Lotte"))
    listing = client.get(f"/api/v1/admin/organisations/{own.id}/members", headers=headers)
    assert "Lotte" in [m["display_name"] for m in listing.json or []]
    assert (
        client.get(f"/api/v1/admin/organisations/{other.id}/members", headers=headers).status_code
        == 404
    )
    assert client.get("/api/v1/admin/users", headers=headers).status_code == 403


def test_a_retired_domain_is_refused_in_a_new_request_over_the_api(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    anxiety = domain(db_session, "anxiety")
    retired = client.post(
        f"/api/v1/admin/domains/{anxiety.id}/retire", headers=admin_headers(db_session)
    )
    assert retired.json is not None and retired.json["retired"] is True
    youth = bearer(token_for(db_session, youth_of_age(db_session, 17)), **{"Accept-Language": "en"})
    refused = client.post(
        "/api/v1/requests",
        json={
            "domains": [{"domain_id": anxiety.id, "importance": "most"}],
            "own_words": "Ik voel me vaak alleen.",
            "hopes": ["few_talks"],
            "languages": ["nl"],
            "modes": ["video"],
            "weekly": [{"weekday": 2, "part": "evening"}],
        },
        headers=youth,
    )
    assert refused.status_code == 422
    assert refused.json is not None
    assert refused.json["code"] == "taxonomy.error.domain_retired"
    assert "can no longer be chosen" in refused.json["detail"]
    reference = client.get("/api/v1/domains", headers=youth).json or []
    assert anxiety.id not in {d["id"] for g in reference for d in g["domains"]}


def test_an_admin_adds_renames_and_moves_a_domain(client: FlaskClient, db_session: Session) -> None:
    headers = admin_headers(db_session)
    parent = domain(db_session, "mental-health")
    added = client.post(
        "/api/v1/admin/domains",
        json={"label_nl": "Faalangst", "label_en": "Fear of failure", "parent_id": parent.id},
        headers=headers,
    )
    assert added.status_code == 201 and added.json is not None
    domain_id = added.json["id"]
    renamed = client.patch(
        f"/api/v1/admin/domains/{domain_id}",
        json={"label_nl": "Bang om te falen", "label_en": "Afraid to fail"},
        headers=headers,
    )
    assert renamed.json is not None and renamed.json["label_en"] == "Afraid to fail"
    moved = client.put(
        f"/api/v1/admin/domains/{domain_id}/parent",
        json={"parent_id": domain(db_session, "anxiety").id},
        headers=headers,
    )
    assert moved.status_code == 422  # not a category


def test_the_admin_endpoints_are_in_the_openapi_document(client: FlaskClient) -> None:
    paths = (client.get("/api/v1/openapi.json").json or {})["paths"]
    assert "/api/v1/admin/users" in paths
    assert "/api/v1/admin/domains/{domain_id}/retire" in paths
    assert "/api/v1/admin/organisations/{organisation_id}/members" in paths
