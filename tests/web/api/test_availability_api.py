"""/api/v1/availability: the same rules as the editor, as JSON."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import AvailabilityException, AvailabilityRule
from peermatch.models.enums import Role
from tests.factories import make_user
from tests.integration.availability.builders import peer_with_windows
from tests.web.api.builders import bearer, token_for

NOW = dt.datetime(2026, 3, 20, 8, tzinfo=dt.UTC)


def _client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_the_availability_api_needs_a_token_and_the_peer_expert_role(
    app: Flask, db_session: Session
) -> None:
    client = _client(app)
    assert client.get("/api/v1/availability/rules").status_code == 401
    youth = token_for(db_session, make_user(db_session, Role.YOUTH))
    response = client.put("/api/v1/availability/rules", json={"windows": []}, headers=bearer(youth))
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"


def test_a_peer_expert_replaces_the_week_and_reads_it_back(app: Flask, db_session: Session) -> None:
    profile = peer_with_windows(db_session, ((4, "09:00", "10:00"),))
    token = token_for(db_session, profile.user)
    client = _client(app)
    body = {
        "windows": [
            {"weekday": 0, "start": "10:00", "end": "12:00"},
            {"weekday": 2, "start": "18:30", "end": "20:00"},
        ]
    }
    response = client.put("/api/v1/availability/rules", json=body, headers=bearer(token))
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["time_zone"] == "Europe/Amsterdam"
    assert [(w["weekday"], w["start"], w["end"]) for w in response.json["windows"]] == [
        (0, "10:00", "12:00"),
        (2, "18:30", "20:00"),
    ]
    again = client.get("/api/v1/availability/rules", headers=bearer(token)).json
    assert again == response.json


def test_bad_input_gives_field_errors_and_changes_nothing(app: Flask, db_session: Session) -> None:
    profile = peer_with_windows(db_session, ((4, "09:00", "10:00"),))
    token = token_for(db_session, profile.user)
    client = _client(app)
    shape = client.put(
        "/api/v1/availability/rules",
        json={"windows": [{"weekday": 9, "start": "25:00"}]},
        headers=bearer(token, **{"Accept-Language": "en"}),
    )
    assert shape.status_code == 422
    assert shape.mimetype == "application/problem+json"
    assert shape.json is not None
    assert {e["field"]: e["code"] for e in shape.json["errors"]} == {
        "windows[0].weekday": "api.field.too_large",
        "windows[0].start": "api.field.bad_format",
        "windows[0].end": "api.field.required",
    }
    assert shape.json["errors"][2]["message"] == "This field is required."
    overlap = client.put(
        "/api/v1/availability/rules",
        json={
            "windows": [
                {"weekday": 0, "start": "10:00", "end": "12:00"},
                {"weekday": 0, "start": "11:00", "end": "13:00"},
            ]
        },
        headers=bearer(token),
    )
    assert overlap.status_code == 422
    assert overlap.json is not None
    assert overlap.json["code"] == "availability.error.overlap"
    assert "overlappen" in overlap.json["detail"]
    not_json = client.put("/api/v1/availability/rules", data="windows", headers=bearer(token))
    assert not_json.status_code == 422
    rules = db_session.scalars(select(AvailabilityRule)).all()
    assert [(r.weekday, r.start_time) for r in rules] == [(4, dt.time(9))]


def test_exceptions_are_created_listed_and_deleted(app: Flask, db_session: Session) -> None:
    profile = peer_with_windows(db_session)
    token = token_for(db_session, profile.user)
    client = _client(app)
    created = client.post(
        "/api/v1/availability/exceptions",
        json={"kind": "unavailable", "start_date": "2026-04-06", "end_date": "2026-04-10",
              "note": "Meivakantie"},
        headers=bearer(token),
    )  # fmt: skip
    assert created.status_code == 201
    assert created.json is not None
    exception_id = created.json["id"]
    assert created.json["start_time"] is None
    listed = client.get("/api/v1/availability/exceptions", headers=bearer(token)).json
    assert listed == [created.json]
    past = client.post(
        "/api/v1/availability/exceptions",
        json={"kind": "extra", "start_date": "2026-03-01", "start_time": "10:00",
              "end_time": "11:00"},
        headers=bearer(token),
    )  # fmt: skip
    assert past.status_code == 422
    assert past.json is not None and past.json["code"] == "availability.error.in_the_past"
    other = peer_with_windows(db_session)
    other_token = token_for(db_session, other.user)
    foreign = client.delete(
        f"/api/v1/availability/exceptions/{exception_id}", headers=bearer(other_token)
    )
    assert foreign.status_code == 404
    assert foreign.mimetype == "application/problem+json"
    assert _count(db_session, AvailabilityException) == 1
    deleted = client.delete(
        f"/api/v1/availability/exceptions/{exception_id}", headers=bearer(token)
    )
    assert deleted.status_code == 204
    assert _count(db_session, AvailabilityException) == 0


def test_slots_are_listed_in_utc_with_local_times_across_dst(
    app: Flask, db_session: Session
) -> None:
    profile = peer_with_windows(db_session, ((0, "10:00", "11:00"),), horizon_weeks=6)
    token = token_for(db_session, profile.user)
    response = _client(app).get("/api/v1/availability/slots?weeks=2", headers=bearer(token))
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["session_minutes"] == 60
    assert response.json["slots"] == [
        {"start": "2026-03-23T09:00:00Z", "end": "2026-03-23T10:00:00Z",
         "local_date": "2026-03-23", "local_start": "10:00", "local_end": "11:00"},
        {"start": "2026-03-30T08:00:00Z", "end": "2026-03-30T09:00:00Z",
         "local_date": "2026-03-30", "local_start": "10:00", "local_end": "11:00"},
    ]  # fmt: skip
    bad = _client(app).get("/api/v1/availability/slots?weeks=40", headers=bearer(token))
    assert bad.status_code == 422


def test_a_peer_expert_without_profile_gets_a_404_problem(app: Flask, db_session: Session) -> None:
    token = token_for(db_session, make_user(db_session, Role.PEER_EXPERT))
    response = _client(app).get("/api/v1/availability/rules", headers=bearer(token))
    assert response.status_code == 404
    assert response.json is not None
    assert response.json["code"] == "availability.error.no_profile"
