"""/api/v1 intervision: the pages' use cases through the same service. Every answer matches
the published OpenAPI document, strangers get 404 and other roles 403, refused input is a
translated 422 at its field that changes nothing, and the lists cost the same statements
however many meetings there are."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from peermatch.api.openapi import build_document
from peermatch.models import AuditEvent, Intervision, IntervisionParticipant, OutboxMessage, User
from peermatch.models.enums import Role
from tests.conftest import QueryCounter
from tests.factories import make_user
from tests.integration.intervision.builders import NOW, START, World, scheduled, world
from tests.web.api.builders import bearer, token_for

OPERATIONS = {
    ("GET", "/api/v1/intervision"),
    ("GET", "/api/v1/intervision/{intervision_id}"),
    ("POST", "/api/v1/intervision/{intervision_id}/answer"),
    ("GET", "/api/v1/organisations/{organisation_id}/intervision"),
    ("POST", "/api/v1/organisations/{organisation_id}/intervision"),
    ("PATCH", "/api/v1/intervision/{intervision_id}"),
    ("POST", "/api/v1/intervision/{intervision_id}/cancel"),
    ("PUT", "/api/v1/intervision/{intervision_id}/attendance"),
}


@cache
def _schema(app_id: int, app: Flask) -> Any:
    with app.test_request_context():
        return schemathesis.openapi.from_dict(build_document(app))


def _conforms(app: Flask, method: str, path: str, response: TestResponse) -> Any:
    """The answer as the published document describes it (status, headers, body)."""
    _schema(id(app), app)[path][method].validate_response(response)
    return response.json


def _client(app: Flask, now: dt.datetime = NOW) -> FlaskClient:
    app.extensions["peermatch_clock"].set(now)
    return app.test_client()


def _auth(session: Session, user: User) -> dict[str, str]:
    return bearer(token_for(session, user))


def _counts(session: Session) -> tuple[int, int, int, int]:
    def count(model: type) -> int:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)

    return (
        count(Intervision),
        count(IntervisionParticipant),
        count(OutboxMessage),
        count(AuditEvent),
    )


def _body(w: World, **over: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Grenzen bewaken",
        "topic": "Wat doe je als een gesprek veel oproept?",
        "start": "2026-12-03T15:00:00+01:00",
        "end": "2026-12-03T17:00:00+01:00",
        "mode": "in_person",
        "place": "Oudegracht 1, Utrecht",
        "capacity": 8,
        "peer_expert_ids": [w.peers[0].id, w.peers[1].id],
    }
    body.update(over)
    return body


def test_the_document_lists_every_intervision_operation(app: Flask) -> None:
    doc = _client(app).get("/api/v1/openapi.json").json
    assert doc is not None
    listed = {
        (method.upper(), path)
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        if op["tags"] == ["intervision"]
    }
    assert listed == OPERATIONS
    schedule = doc["paths"]["/api/v1/organisations/{organisation_id}/intervision"]["post"]
    assert {"201", "401", "403", "404", "422"} <= set(schedule["responses"])
    ids = next(p for p in doc["paths"]["/api/v1/intervision/{intervision_id}"]["get"]["parameters"])
    assert ids["schema"]["maximum"] == 2**31 - 1
    start = doc["components"]["schemas"]["ScheduleIn"]["properties"]["start"]
    assert start["format"] == "date-time" and "pattern" in start  # bounded years


def test_schedule_answer_and_attendance_round_trip(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    client = _client(app)
    coordinator, peer = _auth(db_session, w.coordinator), _auth(db_session, w.peers[0].user)
    path = f"/api/v1/organisations/{w.org.id}/intervision"

    made = client.post(path, json=_body(w), headers=coordinator)
    assert made.status_code == 201, made.json
    meeting = _conforms(app, "POST", "/api/v1/organisations/{organisation_id}/intervision", made)
    assert meeting["starts_at"] == "2026-12-03T14:00:00Z" and meeting["minutes"] == 120
    assert {(i["peer_expert_id"], i["answer"]) for i in meeting["invitees"]} == {
        (w.peers[0].id, "pending"),
        (w.peers[1].id, "pending"),
    }
    assert meeting["my_answer"] is None
    mid = meeting["id"]
    invitations = db_session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.to_email.in_([w.peers[0].user.email, w.peers[1].user.email]))
    )
    assert invitations == 2  # each invited peer expert gets a calendar invitation

    mine = _conforms(
        app, "GET", "/api/v1/intervision", client.get("/api/v1/intervision", headers=peer)
    )
    assert [(m["id"], m["my_answer"], m["invitees"]) for m in mine] == [(mid, "pending", [])]
    assert mine[0]["place"] == "Oudegracht 1, Utrecht"

    answered = client.post(
        f"/api/v1/intervision/{mid}/answer", json={"answer": "accepted"}, headers=peer
    )
    assert answered.status_code == 200, answered.json
    got = _conforms(app, "POST", "/api/v1/intervision/{intervision_id}/answer", answered)
    assert got["my_answer"] == "accepted"
    one = client.get(f"/api/v1/intervision/{mid}", headers=peer)
    assert _conforms(app, "GET", "/api/v1/intervision/{intervision_id}", one)["my_answer"] == (
        "accepted"
    )

    early = client.put(
        f"/api/v1/intervision/{mid}/attendance",
        json={"attendance": [{"peer_expert_id": w.peers[0].id, "attended": True}]},
        headers=coordinator,
    )
    assert early.status_code == 409 and early.json["code"] == "intervision.error.not_started"  # type: ignore[index]

    later = _client(app, START + dt.timedelta(hours=3))
    recorded = later.put(
        f"/api/v1/intervision/{mid}/attendance",
        json={"attendance": [
            {"peer_expert_id": w.peers[0].id, "attended": True},
            {"peer_expert_id": w.peers[1].id, "attended": False},
        ]},
        headers=coordinator,
    )  # fmt: skip
    assert recorded.status_code == 200, recorded.json
    body = _conforms(app, "PUT", "/api/v1/intervision/{intervision_id}/attendance", recorded)
    assert {(i["peer_expert_id"], i["attended"]) for i in body["invitees"]} == {
        (w.peers[0].id, True),
        (w.peers[1].id, False),
    }
    past = later.get("/api/v1/intervision?when=past", headers=peer)
    assert [
        (m["id"], m["my_attendance"]) for m in _conforms(app, "GET", "/api/v1/intervision", past)
    ] == [(mid, True)]
    assert later.get("/api/v1/intervision?when=upcoming", headers=peer).json == []
    listed = later.get(f"{path}?when=past", headers=coordinator)
    rows = _conforms(app, "GET", "/api/v1/organisations/{organisation_id}/intervision", listed)
    assert [r["id"] for r in rows] == [mid]


def test_a_coordinator_changes_and_calls_off(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    client = _client(app)
    coordinator = _auth(db_session, w.coordinator)
    url = f"/api/v1/intervision/{meeting.id}"

    moved = client.patch(
        url,
        json={"start": "2026-12-04T14:00:00Z", "end": "2026-12-04T16:00:00Z",
              "peer_expert_ids": [w.peers[0].id, w.peers[2].id], "topic": None},
        headers=coordinator,
    )  # fmt: skip
    assert moved.status_code == 200, moved.json
    body = _conforms(app, "PATCH", "/api/v1/intervision/{intervision_id}", moved)
    assert body["starts_at"] == "2026-12-04T14:00:00Z" and body["sequence"] == 1
    assert body["title"] == "Grenzen bewaken" and body["topic"] is None
    assert {i["peer_expert_id"] for i in body["invitees"]} == {w.peers[0].id, w.peers[2].id}

    renamed = client.patch(url, json={"title": "Samen sterker"}, headers=coordinator)
    assert renamed.json["title"] == "Samen sterker" and renamed.json["sequence"] == 1  # type: ignore[index]

    called_off = client.post(f"{url}/cancel", headers=coordinator)
    assert called_off.status_code == 200, called_off.json
    body = _conforms(app, "POST", "/api/v1/intervision/{intervision_id}/cancel", called_off)
    assert body["cancelled_at"] is not None and body["video_room_url"] is None
    again = client.post(f"{url}/cancel", headers=coordinator)
    assert again.status_code == 409
    assert again.mimetype == "application/problem+json"
    peer = _auth(db_session, w.peers[0].user)
    refused = client.post(f"{url}/answer", json={"answer": "accepted"}, headers=peer)
    assert refused.status_code == 409


def test_strangers_get_404_and_other_roles_403(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    client = _client(app)
    url = f"/api/v1/intervision/{meeting.id}"
    other_coordinator = _auth(db_session, w.other_coordinator)
    uninvited = _auth(db_session, w.peers[2].user)  # same organisation, not invited
    peer = _auth(db_session, w.peers[0].user)
    youth = _auth(db_session, make_user(db_session, Role.YOUTH))
    coordinator = _auth(db_session, w.coordinator)
    before = _counts(db_session)

    for method, path, body in [
        ("GET", url, None),
        ("PATCH", url, {"title": "Overgenomen"}),
        ("POST", f"{url}/cancel", None),
        ("PUT", f"{url}/attendance", {"attendance": [{"peer_expert_id": w.peers[0].id, "attended": True}]}),
        ("GET", f"/api/v1/organisations/{w.org.id}/intervision", None),
        ("POST", f"/api/v1/organisations/{w.org.id}/intervision", _body(w)),
    ]:  # fmt: skip
        response = client.open(path, method=method, json=body, headers=other_coordinator)
        assert response.status_code == 404, (method, path, response.json)
        assert response.mimetype == "application/problem+json"

    assert client.get(url, headers=uninvited).status_code == 404
    answer = client.post(f"{url}/answer", json={"answer": "accepted"}, headers=uninvited)
    assert answer.status_code == 404
    assert client.get("/api/v1/intervision/2147483648", headers=uninvited).status_code == 404

    assert client.post(f"{url}/cancel", headers=peer).status_code == 403
    assert (
        client.get(f"/api/v1/organisations/{w.org.id}/intervision", headers=peer).status_code == 403
    )
    assert client.get("/api/v1/intervision", headers=youth).status_code == 403
    assert client.get(url, headers=youth).status_code == 403
    mine = client.post(f"{url}/answer", json={"answer": "accepted"}, headers=coordinator)
    assert mine.status_code == 403
    assert _counts(db_session) == before


@pytest.mark.parametrize(
    ("over", "field", "code"),
    [
        ({"start": "2026-11-20T10:00:00+01:00", "end": "2026-11-20T12:00:00+01:00"}, "start",
         "intervision.error.in_the_past"),
        ({"start": "2028-01-03T10:00:00Z", "end": "2028-01-03T12:00:00Z"}, "start",
         "intervision.error.too_far_ahead"),
        ({"end": "2026-12-03T15:05:00+01:00"}, "end", "intervision.error.length"),
        ({"start": "2026-12-03T15:00:00"}, "start", "api.field.bad_format"),
        ({"start": "9999-12-03T15:00:00Z"}, "start", "api.field.year_range"),
        ({"place": None}, "place", "intervision.error.place_missing"),
        ({"mode": "carrier_pigeon"}, "mode", "api.field.not_allowed"),
        ({"capacity": 1}, "capacity", "api.field.too_small"),
        ({"title": "   "}, "title", "api.field.too_short"),
        ({"peer_expert_ids": []}, "peer_expert_ids", "api.field.too_short"),
        ({"peer_expert_ids": [2147483647]}, "peer_expert_ids", "intervision.error.not_invitable"),
        ({"peer_expert_ids": [0]}, "peer_expert_ids[0]", "api.field.too_small"),
    ],
)  # fmt: skip
def test_bad_input_is_a_translated_422_at_its_field_that_changes_nothing(
    app: Flask, db_session: Session, over: dict[str, object], field: str, code: str
) -> None:
    w = world(db_session)
    client = _client(app)
    headers = {**_auth(db_session, w.coordinator), "Accept-Language": "nl"}
    before = _counts(db_session)
    response = client.post(
        f"/api/v1/organisations/{w.org.id}/intervision", json=_body(w, **over), headers=headers
    )
    assert response.status_code == 422, response.json
    problem = _conforms(
        app, "POST", "/api/v1/organisations/{organisation_id}/intervision", response
    )
    assert {(e["field"], e["code"]) for e in problem["errors"]} >= {(field, code)}
    assert all(
        e["message"] and not e["message"].startswith(("api.", "intervision."))
        for e in problem["errors"]
    )
    assert _counts(db_session) == before


def test_a_peer_expert_of_another_organisation_cannot_be_invited_or_recorded(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    client = _client(app)
    coordinator = {**_auth(db_session, w.coordinator), "Accept-Language": "nl"}
    peer = _auth(db_session, w.peers[0].user)
    before = _counts(db_session)
    made = client.post(
        f"/api/v1/organisations/{w.org.id}/intervision",
        json=_body(w, peer_expert_ids=[w.peers[0].id, w.other_peer.id]),
        headers=coordinator,
    )
    assert made.status_code == 422
    assert made.json["errors"][0]["field"] == "peer_expert_ids"  # type: ignore[index]
    changed = client.patch(
        f"/api/v1/intervision/{meeting.id}", json={"answer": "x"}, headers=coordinator
    )
    assert changed.status_code == 422  # unknown field
    later = _client(app, START + dt.timedelta(hours=3))
    recorded = later.put(
        f"/api/v1/intervision/{meeting.id}/attendance",
        json={"attendance": [{"peer_expert_id": w.peers[2].id, "attended": True}]},
        headers=coordinator,
    )
    assert recorded.status_code == 422
    assert recorded.json["detail"] == (  # type: ignore[index]
        "Je kunt alleen uitgenodigde ervaringsdeskundigen bijhouden."
    )
    assert recorded.json["errors"][0] == {  # type: ignore[index]
        "field": "attendance",
        "code": "intervision.error.not_invited",
        "message": recorded.json["errors"][0]["message"],  # type: ignore[index]
    }
    bad_answer = client.post(
        f"/api/v1/intervision/{meeting.id}/answer",
        json={"answer": "maybe"},
        headers=peer,
    )
    assert bad_answer.status_code == 422
    assert _counts(db_session) == before


@pytest.mark.parametrize("who", ["peer", "coordinator"])
def test_lists_cost_the_same_statements_as_meetings_grow(
    app: Flask, db_session: Session, count_queries: QueryCounter, who: str
) -> None:
    w = world(db_session)
    scheduled(db_session, w)
    client = _client(app)
    if who == "peer":
        path, headers = "/api/v1/intervision", _auth(db_session, w.peers[0].user)
    else:
        path = f"/api/v1/organisations/{w.org.id}/intervision"
        headers = _auth(db_session, w.coordinator)

    def statements() -> tuple[int, int]:
        with count_queries() as seen:
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.json
        return len(seen), len(response.json or [])

    statements()  # the token's first use is written down once
    small, one = statements()
    for days in range(1, 5):
        scheduled(db_session, w, count=3, start=START + dt.timedelta(days=days))
    many, five = statements()
    assert (one, five) == (1, 5)
    assert many == small


def test_a_declined_invitation_stays_listed_without_where_to_join(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w, mode="in_person", place="Oudegracht 1, Utrecht")
    client = _client(app)
    peer = _auth(db_session, w.peers[0].user)
    declined = client.post(
        f"/api/v1/intervision/{meeting.id}/answer", json={"answer": "declined"}, headers=peer
    )
    assert declined.status_code == 200, declined.json
    body = _conforms(app, "POST", "/api/v1/intervision/{intervision_id}/answer", declined)
    assert body["my_answer"] == "declined" and body["place"] is None
    listed = client.get("/api/v1/intervision", headers=peer).json
    assert [(m["id"], m["my_answer"]) for m in listed or []] == [(meeting.id, "declined")]
    other = _auth(db_session, w.peers[1].user)
    shown = client.get(f"/api/v1/intervision/{meeting.id}", headers=other).json
    assert shown is not None and shown["place"] == "Oudegracht 1, Utrecht"


def test_a_refused_change_changes_nothing(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    client = _client(app)
    coordinator = _auth(db_session, w.coordinator)
    url = f"/api/v1/intervision/{meeting.id}"
    before = _counts(db_session), meeting.starts_at, meeting.sequence
    past = client.patch(
        url,
        json={"start": "2026-11-20T10:00:00Z", "end": "2026-11-20T12:00:00Z", "title": "Nieuw"},
        headers=coordinator,
    )
    assert past.status_code == 422
    problem = _conforms(app, "PATCH", "/api/v1/intervision/{intervision_id}", past)
    assert problem["errors"][0]["field"] == "start"
    nobody = client.patch(url, json={"peer_expert_ids": [2147483647]}, headers=coordinator)
    assert nobody.status_code == 422
    assert nobody.json["errors"][0]["field"] == "peer_expert_ids"  # type: ignore[index]
    started = _client(app, START + dt.timedelta(minutes=5)).patch(
        url, json={"title": "Te laat"}, headers=coordinator
    )
    assert started.status_code == 409
    db_session.expire_all()
    after = db_session.get(Intervision, meeting.id)
    assert after is not None and after.title == "Grenzen bewaken"
    assert (_counts(db_session), after.starts_at, after.sequence) == before
