"""Hostile input over the API gets a clear 4xx (never a 500), and nothing changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import AvailabilityException, Booking
from peermatch.services import bookings
from tests.integration.booking.builders import NOW, at, world
from tests.web.api.builders import bearer, token_for

BEYOND_INT32 = 2**31
BEYOND_INT64 = 2**63 + 5


def _client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _codes(response: Any) -> dict[str, str]:
    body = response.json
    assert body is not None, response.get_data(as_text=True)
    return {e["field"]: e["code"] for e in body["errors"]}


@pytest.mark.parametrize("bad_id", [0, BEYOND_INT32, BEYOND_INT64])
def test_an_id_outside_the_database_range_in_a_path_is_not_found(
    app: Flask, db_session: Session, bad_id: int
) -> None:
    w = world(db_session)
    client = _client(app)
    headers = bearer(token_for(db_session, w.youth))
    response = client.get(f"/api/v1/sessions/{bad_id}", headers=headers)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    # Another method on the same path is a 404 too, not a 405 from a neighbouring rule.
    assert client.patch(f"/api/v1/sessions/{bad_id}", json={}, headers=headers).status_code == 404
    page = client.get(f"/bookings/{bad_id}")
    assert page.status_code == 404


@pytest.mark.parametrize("bad", [BEYOND_INT32, BEYOND_INT64, -BEYOND_INT64])
def test_an_integer_outside_the_database_range_in_json_is_422(
    app: Flask, db_session: Session, bad: int
) -> None:
    w = world(db_session)
    client = _client(app)
    headers = bearer(token_for(db_session, w.youth))
    before = _count(db_session, Booking)
    response = client.post(
        f"/api/v1/matches/{w.proposal.id}/proposals",
        json={"starts": [at(2, 10).isoformat()], "session_minutes": bad},
        headers=headers,
    )
    assert response.status_code == 422
    assert _codes(response)["session_minutes"] in {"api.field.too_large", "api.field.too_small"}
    assert _count(db_session, Booking) == before


def test_nul_bytes_in_text_are_refused_with_422(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    client = _client(app)
    headers = bearer(token_for(db_session, w.peer), **{"Accept-Language": "nl"})
    before = _count(db_session, AvailabilityException)
    response = client.post(
        "/api/v1/availability/exceptions",
        json={"kind": "unavailable", "start_date": "2026-12-01", "note": "op\u0000vakantie"},
        headers=headers,
    )
    assert response.status_code == 422
    assert _codes(response) == {"note": "api.field.nul_byte"}
    assert response.json is not None
    assert response.json["errors"][0]["message"] == "Tekst mag geen NUL-tekens bevatten."
    assert _count(db_session, AvailabilityException) == before


@pytest.mark.parametrize(
    "start", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "1899-12-31T10:00:00Z"]
)
def test_datetimes_in_absurd_years_are_refused_with_422(
    app: Flask, db_session: Session, start: str
) -> None:
    w = world(db_session)
    client = _client(app)
    headers = bearer(token_for(db_session, w.youth))
    response = client.post(
        f"/api/v1/matches/{w.proposal.id}/proposals", json={"starts": [start]}, headers=headers
    )
    assert response.status_code == 422
    assert _codes(response) == {"starts[0]": "api.field.year_range"}


def test_dates_in_absurd_years_are_refused_with_422(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    client = _client(app)
    headers = bearer(token_for(db_session, w.peer))
    for day in ["0001-01-01", "9999-12-31"]:
        response = client.post(
            "/api/v1/availability/exceptions",
            json={"kind": "unavailable", "start_date": day},
            headers=headers,
        )
        assert response.status_code == 422
        assert _codes(response) == {"start_date": "api.field.year_range"}


def test_proposed_times_too_soon_or_beyond_the_horizon_are_refused_and_nothing_changes(
    app: Flask, db_session: Session
) -> None:
    """The builders' peer expert asks 24 hours' notice and plans 6 weeks ahead."""
    w = world(db_session)
    client = _client(app)
    headers = bearer(token_for(db_session, w.youth), **{"Accept-Language": "en"})
    before = _count(db_session, Booking)
    url = f"/api/v1/matches/{w.proposal.id}/proposals"
    soon = client.post(url, json={"starts": [(NOW + dt.timedelta(hours=3)).isoformat()]},
                       headers=headers)  # fmt: skip
    assert soon.status_code == 422
    assert soon.json is not None and soon.json["code"] == "booking.error.too_soon"
    assert soon.json["detail"] == "Choose a time at least 24 hours from now."
    assert _codes(soon) == {"$": "booking.error.too_soon"}
    far = client.post(url, json={"starts": [at(7 * 7, 10).isoformat()]}, headers=headers)
    assert far.status_code == 422
    assert far.json is not None and far.json["code"] == "booking.error.too_far"
    assert "6 weeks" in far.json["detail"]
    assert _count(db_session, Booking) == before


def test_a_counter_proposal_beyond_the_horizon_is_refused(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    with app.app_context():
        booking = bookings.propose_times(db_session, w.proposal.id, w.youth, starts=[at(2, 10)],
                                         now=NOW)  # fmt: skip
        booking = bookings.counter_propose(db_session, booking.id, w.peer, start=at(3, 11),
                                           now=NOW)  # fmt: skip
    client = _client(app)
    headers = bearer(token_for(db_session, w.youth))
    response = client.post(
        f"/api/v1/sessions/{booking.id}/counter",
        json={"start": at(8 * 7, 10).isoformat()},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json is not None and response.json["code"] == "booking.error.too_far"
    db_session.refresh(booking)
    assert booking.proposed_times == [at(3, 11).isoformat()]


def test_a_wrong_method_answers_405_with_allow(client: FlaskClient) -> None:
    response = client.delete("/api/v1/me")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert "GET" in response.headers["Allow"]
    page = client.put("/login")
    assert page.status_code == 405
    assert "POST" in page.headers["Allow"]


def test_collections_are_paged_with_a_link_to_the_next_page(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    with app.app_context():
        for day in (2, 3, 4):
            bookings.propose_times(db_session, w.proposal.id, w.youth, starts=[at(day, 10)],
                                   now=NOW)  # fmt: skip
    client = _client(app)
    headers = bearer(token_for(db_session, w.youth))
    first = client.get("/api/v1/sessions?limit=2", headers=headers)
    assert first.status_code == 200
    assert first.json is not None and len(first.json) == 2
    link = first.headers["Link"]
    assert link.endswith('rel="next"') and "page=2" in link and "limit=2" in link
    next_url = link[link.index("<") + 1 : link.index(">")].removeprefix("http://localhost")
    second = client.get(next_url, headers=headers)
    assert second.status_code == 200
    assert second.json is not None and len(second.json) == 1
    assert "Link" not in second.headers
    everything = client.get("/api/v1/sessions", headers=headers).json
    assert everything is not None
    assert [s["id"] for s in everything] == [s["id"] for s in first.json + second.json]
    for bad in ("limit=0", "limit=101", "page=0", "limit=ten"):
        refused = client.get(f"/api/v1/sessions?{bad}", headers=headers)
        assert refused.status_code == 422, bad
        assert set(_codes(refused)) <= {"limit", "page"}


def test_component_names_are_unique_and_every_reference_resolves(client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").json
    assert doc is not None
    components = doc["components"]["schemas"]

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
            return own + [r for v in node.values() for r in refs(v)]
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    for ref in refs(doc):
        assert ref.removeprefix("#/components/schemas/") in components, ref
    # Two modules each declare a SlotOut/WindowIn/RejectIn/DomainOut: both are documented.
    sessions_slots = doc["paths"]["/api/v1/matches/{proposal_id}/slots"]["get"]["responses"]
    availability = doc["paths"]["/api/v1/availability/slots"]["get"]["responses"]
    session_slot = sessions_slots["200"]["content"]["application/json"]["schema"]["items"]["$ref"]
    week = availability["200"]["content"]["application/json"]["schema"]["$ref"]
    week_slots = components[week.rsplit("/", 1)[-1]]["properties"]["slots"]["items"]["$ref"]
    assert session_slot != week_slots
    assert "local_date" in components[week_slots.rsplit("/", 1)[-1]]["properties"]
    names = {c.removesuffix("-Input").removesuffix("-Output") for c in components}
    for name in ("WindowIn", "RejectIn", "DomainOut", "SlotOut"):
        assert sum(1 for c in names if c.endswith(name)) == 2, name
