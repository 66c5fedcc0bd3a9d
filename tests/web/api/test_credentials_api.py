"""/api/v1 credentials: the pages' use cases through the same service. Every answer matches
the published OpenAPI document, strangers get 404 and other roles 403, refused input is a
translated 422 at its field that changes nothing, the coordinator's list is access-logged
like the page, and both lists cost the same statements however many credentials there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
from peermatch.models import (
    AccessLogEntry,
    AuditEvent,
    Credential,
    Notification,
    OutboxMessage,
    PeerExpertProfile,
    User,
)
from peermatch.models.enums import CredentialKind, CredentialStatus, MembershipRole, Role
from peermatch.models.organisations import Organisation
from peermatch.services import credentials
from peermatch.services.audit import Origin
from tests.conftest import QueryCounter
from tests.factories import (
    add_member,
    make_coordinator,
    make_organisation,
    make_peer_expert,
    make_user,
)
from tests.web.api.builders import bearer, token_for

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
SEED = Origin(channel="web")
MINE = "/api/v1/me/credentials"
ONE = "/api/v1/me/credentials/{credential_id}"
ORG_LIST = "/api/v1/organisations/{organisation_id}/credentials"
OPERATIONS = {
    ("GET", MINE),
    ("POST", MINE),
    ("PATCH", ONE),
    ("DELETE", ONE),
    ("GET", ORG_LIST),
    ("POST", "/api/v1/credentials/{credential_id}/verify"),
    ("POST", "/api/v1/credentials/{credential_id}/reject"),
    ("POST", "/api/v1/credentials/{credential_id}/remind"),
}
BODY = {
    "kind": "first_aid",
    "name": "EHBO basis",
    "obtained_on": "2025-03-01",
    "expires_on": "2027-03-01",
}


@dataclass
class World:
    org: Organisation
    coordinator: User
    peer: PeerExpertProfile
    other_org: Organisation
    other_coordinator: User
    other_peer: PeerExpertProfile


def _world(session: Session) -> World:
    org, other = make_organisation(session), make_organisation(session)
    return World(
        org=org,
        coordinator=make_coordinator(session, org),
        peer=make_peer_expert(session, org),
        other_org=other,
        other_coordinator=make_coordinator(session, other),
        other_peer=make_peer_expert(session, other),
    )


def _paper(
    session: Session,
    profile: PeerExpertProfile,
    name: str = "EHBO basis",
    expires_on: dt.date | None = dt.date(2027, 3, 1),
) -> Credential:
    data = credentials.CredentialInput(
        kind=CredentialKind.FIRST_AID,
        name=name,
        obtained_on=dt.date(2025, 3, 1),
        expires_on=expires_on,
    )
    return credentials.add(session, profile.user, data, now=NOW, origin=SEED)


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


def _auth(session: Session, user: User, **extra: str) -> dict[str, str]:
    return bearer(token_for(session, user), **extra)


def _counts(session: Session) -> tuple[int, ...]:
    def count(model: type) -> int:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)

    session.expire_all()
    states = tuple(
        session.execute(
            select(Credential.id, Credential.name, Credential.status, Credential.expires_on)
            .order_by(Credential.id)
        ).all()
    )  # fmt: skip
    return (
        count(Credential),
        count(AuditEvent),
        count(Notification),
        count(OutboxMessage),
        hash(states),
    )


def test_the_document_lists_every_credentials_operation(app: Flask) -> None:
    doc = _client(app).get("/api/v1/openapi.json").json
    assert doc is not None
    listed = {
        (method.upper(), path)
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        if op["tags"] == ["credentials"]
    }
    assert listed == OPERATIONS
    add = doc["paths"][MINE]["post"]
    assert {"201", "401", "403", "422"} <= set(add["responses"])
    reject = doc["paths"]["/api/v1/credentials/{credential_id}/reject"]["post"]
    assert {"200", "403", "404", "409", "422"} <= set(reject["responses"])
    assert "204" in doc["paths"][ONE]["delete"]["responses"]
    [ids] = doc["paths"][ONE]["patch"]["parameters"]
    assert ids["schema"]["maximum"] == 2**31 - 1
    obtained = doc["components"]["schemas"]["CredentialIn"]["properties"]["obtained_on"]
    assert obtained["format"] == "date" and "pattern" in obtained  # bounded years
    state = next(p for p in doc["paths"][ORG_LIST]["get"]["parameters"] if p["name"] == "state")
    assert set(state["schema"]["enum"]) == {"to_check", "expiring", "expired", "all"}


def test_add_verify_and_list_round_trip(app: Flask, db_session: Session) -> None:
    w = _world(db_session)
    client = _client(app)
    peer = _auth(db_session, w.peer.user)
    coordinator = _auth(db_session, w.coordinator)

    added = client.post(MINE, json=BODY, headers=peer)
    assert added.status_code == 201, added.json
    body = _conforms(app, "POST", MINE, added)
    assert (body["kind"], body["name"], body["status"], body["state"]) == (
        "first_aid", "EHBO basis", "to_check", "to_check",
    )  # fmt: skip
    assert body["expires_on"] == "2027-03-01" and body["peer_expert_id"] == w.peer.id
    cid = body["id"]

    org_list = ORG_LIST.format(organisation_id=w.org.id)
    waiting = client.get(org_list, headers=coordinator)  # to_check by default, as the page
    rows = _conforms(app, "GET", ORG_LIST, waiting)
    assert [(r["id"], r["peer_name"]) for r in rows] == [(cid, w.peer.user.display_name)]
    logged = db_session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.reader_id == w.coordinator.id)
    ).all()
    assert [(e.subject_id, e.data_kind, e.channel) for e in logged] == [
        (w.peer.user_id, "verification", "api")
    ]

    verified = client.post(
        f"/api/v1/credentials/{cid}/verify", json={"note": "Origineel gezien"}, headers=coordinator
    )
    assert verified.status_code == 200, verified.json
    done = _conforms(app, "POST", "/api/v1/credentials/{credential_id}/verify", verified)
    assert (done["status"], done["seen_note"]) == ("verified", "Origineel gezien")
    assert done["verified_at"] == "2026-11-30T09:00:00Z"
    again = client.post(f"/api/v1/credentials/{cid}/verify", json={}, headers=coordinator)
    assert again.status_code == 409
    assert again.json["code"] == "credential.error.already_checked"  # type: ignore[index]

    assert client.get(org_list, headers=coordinator).json == []  # nothing left to check
    everything = _conforms(
        app, "GET", ORG_LIST, client.get(f"{org_list}?state=all", headers=coordinator)
    )
    assert [(r["id"], r["state"]) for r in everything] == [(cid, "verified")]

    mine = _conforms(app, "GET", MINE, client.get(MINE, headers=peer))
    assert [(m["id"], m["status"], m["seen_note"], m["peer_name"]) for m in mine] == [
        (cid, "verified", None, None)  # the coordinator's note stays with the coordinator
    ]
    notices = db_session.scalars(
        select(Notification.kind).where(Notification.user_id == w.peer.user_id)
    ).all()
    assert notices == ["credential.notice.verified"]


def test_a_rejection_reason_reaches_the_peer_expert(app: Flask, db_session: Session) -> None:
    w = _world(db_session)
    paper = _paper(db_session, w.peer)
    client = _client(app)
    rejected = client.post(
        f"/api/v1/credentials/{paper.id}/reject",
        json={"reason": "  De datum op het certificaat is  onleesbaar. "},
        headers=_auth(db_session, w.coordinator),
    )
    assert rejected.status_code == 200, rejected.json
    body = _conforms(app, "POST", "/api/v1/credentials/{credential_id}/reject", rejected)
    assert body["status"] == "rejected"

    mine = client.get(MINE, headers=_auth(db_session, w.peer.user))
    [row] = _conforms(app, "GET", MINE, mine)
    assert (row["state"], row["rejection_reason"]) == (
        "rejected",
        "De datum op het certificaat is onleesbaar.",
    )
    assert (
        db_session.scalar(select(Notification.kind).where(Notification.user_id == w.peer.user_id))
        == "credential.notice.rejected"
    )


def test_a_peer_expert_changes_and_removes_their_own(app: Flask, db_session: Session) -> None:
    w = _world(db_session)
    paper = _paper(db_session, w.peer)
    credentials.verify(db_session, w.coordinator, paper.id, seen_note=None, now=NOW, origin=SEED)
    client = _client(app)
    peer = _auth(db_session, w.peer.user)
    url = ONE.format(credential_id=paper.id)

    changed = client.patch(url, json={"name": "EHBO gevorderd", "expires_on": None}, headers=peer)
    assert changed.status_code == 200, changed.json
    body = _conforms(app, "PATCH", ONE, changed)
    assert (body["name"], body["expires_on"], body["kind"]) == ("EHBO gevorderd", None, "first_aid")
    assert (body["status"], body["verified_at"]) == ("to_check", None)  # checked again

    kept = client.patch(url, json={"kind": "training"}, headers=peer).json
    assert kept is not None and (kept["kind"], kept["name"]) == ("training", "EHBO gevorderd")

    removed = client.delete(url, headers=peer)
    assert removed.status_code == 204
    _conforms(app, "DELETE", ONE, removed)
    assert db_session.scalar(select(Credential.id).where(Credential.id == paper.id)) is None
    assert client.delete(url, headers=peer).status_code == 404
    assert client.get(MINE, headers=peer).json == []


def test_a_coordinator_reminds_a_peer_expert_to_renew(app: Flask, db_session: Session) -> None:
    w = _world(db_session)
    paper = _paper(db_session, w.peer, "Bijna verlopen", expires_on=dt.date(2026, 12, 20))
    client = _client(app)
    coordinator = _auth(db_session, w.coordinator)
    expiring = client.get(
        f"{ORG_LIST.format(organisation_id=w.org.id)}?state=expiring", headers=coordinator
    )
    assert [r["id"] for r in _conforms(app, "GET", ORG_LIST, expiring)] == [paper.id]

    reminded = client.post(f"/api/v1/credentials/{paper.id}/remind", headers=coordinator)
    assert reminded.status_code == 200, reminded.json
    _conforms(app, "POST", "/api/v1/credentials/{credential_id}/remind", reminded)
    kinds = db_session.scalars(
        select(OutboxMessage.kind).where(OutboxMessage.to_email == w.peer.user.email)
    ).all()
    assert kinds == ["credential_reminder"]


def test_strangers_get_404_and_other_roles_403(app: Flask, db_session: Session) -> None:
    w = _world(db_session)
    paper = _paper(db_session, w.peer)
    client = _client(app)
    other_coordinator = _auth(db_session, w.other_coordinator)
    other_peer = _auth(db_session, w.other_peer.user)
    peer = _auth(db_session, w.peer.user)
    coordinator = _auth(db_session, w.coordinator)
    youth = _auth(db_session, make_user(db_session, Role.YOUTH))
    own = ONE.format(credential_id=paper.id)
    check = f"/api/v1/credentials/{paper.id}"
    before = _counts(db_session)

    for method, path, body, who in [
        ("PATCH", own, {"name": "Overgenomen"}, other_peer),
        ("DELETE", own, None, other_peer),
        ("PATCH", "/api/v1/me/credentials/2147483647", {"name": "X"}, peer),
        ("DELETE", "/api/v1/me/credentials/2147483648", None, peer),
        ("GET", ORG_LIST.format(organisation_id=w.org.id), None, other_coordinator),
        ("GET", ORG_LIST.format(organisation_id=2147483647), None, coordinator),
        ("POST", f"{check}/verify", {}, other_coordinator),
        ("POST", f"{check}/reject", {"reason": "Nee"}, other_coordinator),
        ("POST", f"{check}/remind", None, other_coordinator),
        ("POST", "/api/v1/credentials/2147483648/verify", {}, coordinator),
        ("POST", "/api/v1/credentials/0/remind", None, coordinator),
    ]:
        response = client.open(path, method=method, json=body, headers=who)
        assert response.status_code == 404, (method, path, response.json)
        assert response.mimetype == "application/problem+json"

    for method, path, body, who in [
        ("GET", MINE, None, coordinator),
        ("POST", MINE, BODY, youth),
        ("PATCH", own, {"name": "X"}, coordinator),
        ("GET", ORG_LIST.format(organisation_id=w.org.id), None, peer),
        ("POST", f"{check}/verify", {}, peer),
        ("POST", f"{check}/reject", {"reason": "Zelf"}, peer),
        ("POST", f"{check}/remind", None, youth),
    ]:
        response = client.open(path, method=method, json=body, headers=who)
        assert response.status_code == 403, (method, path, response.json)
    assert client.get(MINE).status_code == 401
    assert _counts(db_session) == before
    assert db_session.scalar(select(func.count()).select_from(AccessLogEntry)) == 0


@pytest.mark.parametrize(
    ("over", "field", "code"),
    [
        ({"obtained_on": "2026-12-01"}, "obtained_on", "credential.error.obtained_in_future"),
        ({"obtained_on": "1949-12-31"}, "obtained_on", "credential.error.obtained_too_early"),
        ({"obtained_on": "9999-01-01"}, "obtained_on", "api.field.year_range"),
        ({"obtained_on": "1-3-2025"}, "obtained_on", "api.field.bad_format"),
        ({"expires_on": "2025-03-01"}, "expires_on", "credential.error.expires_before_obtained"),
        ({"expires_on": "2200-01-01"}, "expires_on", "api.field.year_range"),
        ({"kind": "diploma"}, "kind", "api.field.not_allowed"),
        ({"name": "   "}, "name", "api.field.too_short"),
        ({"name": "x" * 121}, "name", "api.field.too_long"),
        ({"copy": "scan.pdf"}, "copy", "api.field.unknown"),
    ],
)  # fmt: skip
def test_bad_input_is_a_translated_422_at_its_field_that_changes_nothing(
    app: Flask, db_session: Session, over: dict[str, object], field: str, code: str
) -> None:
    w = _world(db_session)
    client = _client(app)
    headers = _auth(db_session, w.peer.user, **{"Accept-Language": "nl"})
    before = _counts(db_session)
    response = client.post(MINE, json={**BODY, **over}, headers=headers)
    assert response.status_code == 422, response.json
    problem = _conforms(app, "POST", MINE, response)
    assert {(e["field"], e["code"]) for e in problem["errors"]} >= {(field, code)}
    assert all(
        e["message"] and not e["message"].startswith(("api.", "credential."))
        for e in problem["errors"]
    )
    assert _counts(db_session) == before


def test_refused_changes_and_checks_change_nothing(app: Flask, db_session: Session) -> None:
    w = _world(db_session)
    paper = _paper(db_session, w.peer)
    client = _client(app)
    peer = _auth(db_session, w.peer.user, **{"Accept-Language": "nl"})
    coordinator = _auth(db_session, w.coordinator, **{"Accept-Language": "nl"})
    before = _counts(db_session)

    early = client.patch(
        ONE.format(credential_id=paper.id), json={"expires_on": "2024-01-01"}, headers=peer
    )
    assert early.status_code == 422
    problem = _conforms(app, "PATCH", ONE, early)
    # Before the kept date it was obtained: the service's refusal lands at expires_on.
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [
        ("expires_on", "credential.error.expires_before_obtained")
    ]
    assert problem["errors"][0]["message"] == (
        "De laatste geldige dag komt na de datum waarop je het kreeg."
    )

    blank = client.post(
        f"/api/v1/credentials/{paper.id}/reject", json={"reason": " "}, headers=coordinator
    )
    assert blank.status_code == 422
    problem = _conforms(app, "POST", "/api/v1/credentials/{credential_id}/reject", blank)
    assert problem["errors"][0]["field"] == "reason"
    missing = client.post(f"/api/v1/credentials/{paper.id}/reject", json={}, headers=coordinator)
    assert missing.status_code == 422
    assert missing.json["errors"][0]["field"] == "reason"  # type: ignore[index]
    long_note = client.post(
        f"/api/v1/credentials/{paper.id}/verify", json={"note": "x" * 301}, headers=coordinator
    )
    assert long_note.status_code == 422
    assert long_note.json["errors"][0]["field"] == "note"  # type: ignore[index]
    not_json = client.post(
        f"/api/v1/credentials/{paper.id}/verify", data="note=ok", headers=coordinator
    )
    assert not_json.status_code == 422
    bad_state = client.get(
        f"{ORG_LIST.format(organisation_id=w.org.id)}?state=soon", headers=coordinator
    )
    assert bad_state.status_code == 422
    assert bad_state.json["errors"][0]["field"] == "state"  # type: ignore[index]
    assert _counts(db_session) == before
    assert db_session.get(Credential, paper.id).status is CredentialStatus.TO_CHECK  # type: ignore[union-attr]


def _grow(session: Session, w: World, peers: int) -> None:
    for n in range(peers):
        profile = make_peer_expert(session, w.org)
        _paper(session, profile, f"Training {n}")
        _paper(session, profile, f"EHBO {n}", expires_on=dt.date(2026, 12, 10))
    for n in range(peers):
        _paper(session, w.peer, f"Eigen {n}")


@pytest.mark.parametrize("who", ["peer", "coordinator"])
def test_lists_cost_the_same_statements_as_credentials_grow(
    app: Flask, db_session: Session, count_queries: QueryCounter, who: str
) -> None:
    w = _world(db_session)
    _paper(db_session, w.peer)
    client = _client(app)
    if who == "peer":
        path, headers = MINE, _auth(db_session, w.peer.user)
    else:
        path = f"{ORG_LIST.format(organisation_id=w.org.id)}?state=all"
        headers = _auth(db_session, w.coordinator)

    def statements() -> tuple[int, int]:
        with count_queries() as seen:
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.json
        return len(seen), len(response.json or [])

    statements()  # the token's first use is written down once
    small, one = statements()
    _grow(db_session, w, 4)
    many, more = statements()
    assert one == 1 and more == (5 if who == "peer" else 13)
    assert many == small


def test_the_list_shows_and_logs_only_the_organisation_asked_for(
    app: Flask, db_session: Session
) -> None:
    w = _world(db_session)
    both = make_coordinator(db_session, w.org)
    add_member(db_session, w.other_org, both, MembershipRole.COORDINATOR)
    ours, theirs = _paper(db_session, w.peer), _paper(db_session, w.other_peer)
    client = _client(app)
    headers = _auth(db_session, both)
    listed = client.get(
        f"{ORG_LIST.format(organisation_id=w.other_org.id)}?state=all", headers=headers
    )
    assert [r["id"] for r in _conforms(app, "GET", ORG_LIST, listed)] == [theirs.id]
    read = db_session.scalars(
        select(AccessLogEntry.subject_id).where(AccessLogEntry.reader_id == both.id)
    ).all()
    assert read == [w.other_peer.user_id]  # not the peer expert of the other organisation
    assert ours.id not in {r["id"] for r in listed.json or []}
