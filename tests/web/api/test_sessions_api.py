"""/api/v1 sessions: every booking action of the pages, through the same service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import Booking, BookingEvent, Feedback, OutboxMessage
from peermatch.models.enums import Role
from peermatch.services import bookings
from tests.factories import make_coordinator, make_organisation, make_user
from tests.integration.booking.builders import NOW, approved_match, at, peer_expert, world
from tests.web.api.builders import bearer, token_for


def _client(app: Flask, now: dt.datetime = NOW) -> FlaskClient:
    app.extensions["peermatch_clock"].set(now)
    return app.test_client()


def _headers(session: Session, user: Any, **extra: str) -> dict[str, str]:
    return bearer(token_for(session, user), **extra)


def _counts(session: Session) -> tuple[int, int, int]:
    def count(model: type) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    return count(Booking), count(BookingEvent), count(OutboxMessage)


def _book(app: Flask, session: Session, proposal_id: int, user: Any, start: dt.datetime) -> Booking:
    """A session booked through the service."""
    with app.app_context():
        return bookings.book_slot(session, proposal_id, user, start=start, now=NOW)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def _json(response: Any) -> Any:
    assert response.json is not None, response.get_data(as_text=True)
    return response.json


def test_a_youth_books_over_the_api_and_both_sides_follow_the_session(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    client = _client(app)
    youth, peer = _headers(db_session, w.youth), _headers(db_session, w.peer)

    slots = _json(client.get(f"/api/v1/matches/{w.proposal.id}/slots", headers=youth))
    assert slots and slots[0]["start"].endswith("Z")
    response = client.post(
        f"/api/v1/matches/{w.proposal.id}/sessions", json={"start": slots[0]["start"]},
        headers=youth,
    )  # fmt: skip
    assert response.status_code == 201, response.json
    created = _json(response)
    assert created["status"] == "confirmed"
    assert {"cancel", "reschedule"} <= set(created["actions"])
    assert {p["role"] for p in created["participants"]} == {"youth", "peer_expert"}

    listed = _json(client.get("/api/v1/sessions", headers=peer))
    assert [s["id"] for s in listed] == [created["id"]]
    assert _json(client.get("/api/v1/sessions?when=past", headers=peer)) == []

    moved = client.post(
        f"/api/v1/sessions/{created['id']}/reschedule", json={"start": _iso(at(2, 13))},
        headers=peer,
    )  # fmt: skip
    assert moved.status_code == 200, moved.json
    assert _json(moved)["starts_at"] == "2026-11-27T13:00:00Z"
    assert _json(moved)["sequence"] > created["sequence"]

    cancelled = client.post(
        f"/api/v1/sessions/{created['id']}/cancel", json={"reason": "Ik ben ziek"}, headers=youth
    )
    assert cancelled.status_code == 200
    assert _json(cancelled)["status"] == "cancelled"
    past = _json(client.get("/api/v1/sessions?when=past", headers=youth))
    assert [s["id"] for s in past] == [created["id"]]
    assert _json(client.get("/api/v1/sessions", headers=youth)) == []
    assert len(_json(client.get("/api/v1/sessions?when=all", headers=youth))) == 1


def test_proposing_counter_proposing_and_accepting_times(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    client = _client(app)
    youth, peer = _headers(db_session, w.youth), _headers(db_session, w.peer)
    response = client.post(
        f"/api/v1/matches/{w.proposal.id}/proposals",
        json={"starts": [_iso(at(0, 10)), _iso(at(1, 10))]}, headers=youth,
    )  # fmt: skip
    assert response.status_code == 201, response.json
    proposed = _json(response)
    assert proposed["status"] == "requested"
    assert [p["start"] for p in proposed["proposed_times"]] == [
        "2026-11-25T10:00:00Z",
        "2026-11-26T10:00:00Z",
    ]
    session_id = proposed["id"]
    peer_view = _json(client.get(f"/api/v1/sessions/{session_id}", headers=peer))
    assert {"accept", "counter"} <= set(peer_view["actions"])
    countered = client.post(
        f"/api/v1/sessions/{session_id}/counter", json={"start": _iso(at(3, 11))}, headers=peer
    )
    assert countered.status_code == 200, countered.json
    assert [p["start"] for p in _json(countered)["proposed_times"]] == ["2026-11-28T11:00:00Z"]
    accepted = client.post(
        f"/api/v1/sessions/{session_id}/accept", json={"start": _iso(at(3, 11))}, headers=youth
    )
    assert accepted.status_code == 200, accepted.json
    assert _json(accepted)["status"] == "confirmed"


def test_a_coordinator_approves_and_rejects_held_sessions_and_others_may_not(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session, first_session_needs_approval=True)
    other = approved_match(db_session, w.profile)
    first = _book(app, db_session, w.proposal.id, w.youth, at(0, 10))
    second = _book(app, db_session, other.id, other.request.requester, at(1, 10))
    client = _client(app)
    coordinator = _headers(db_session, w.coordinator)
    assert client.post(f"/api/v1/sessions/{first.id}/approve", headers=_headers(
        db_session, w.youth)).status_code == 403  # fmt: skip
    stranger = make_coordinator(db_session, make_organisation(db_session))
    refused = client.post(
        f"/api/v1/sessions/{first.id}/approve", headers=_headers(db_session, stranger)
    )
    assert refused.status_code == 404
    assert refused.mimetype == "application/problem+json"
    approved = client.post(f"/api/v1/sessions/{first.id}/approve", headers=coordinator)
    assert approved.status_code == 200 and _json(approved)["status"] == "confirmed"
    rejected = client.post(
        f"/api/v1/sessions/{second.id}/reject", json={"reason": "Past niet"}, headers=coordinator
    )
    assert rejected.status_code == 200 and _json(rejected)["status"] == "cancelled"
    again = client.post(f"/api/v1/sessions/{second.id}/approve", headers=coordinator)
    assert again.status_code == 409 and again.mimetype == "application/problem+json"


def test_completing_a_session_then_giving_feedback_once(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    booking = _book(app, db_session, w.proposal.id, w.youth, at(0, 10))
    client = _client(app, at(0, 11, 5))
    youth = _headers(db_session, w.youth)
    done = client.post(f"/api/v1/sessions/{booking.id}/complete", headers=youth)
    assert done.status_code == 200, done.json
    assert _json(done)["status"] == "completed"
    body = {"rating": 5, "comment": "Fijn gesprek", "do_not_match_again": False}
    given = client.post(f"/api/v1/sessions/{booking.id}/feedback", json=body, headers=youth)
    assert given.status_code == 201, given.json
    assert _json(given)["rating"] == 5
    twice = client.post(f"/api/v1/sessions/{booking.id}/feedback", json=body, headers=youth)
    assert twice.status_code == 409
    assert db_session.scalar(select(func.count()).select_from(Feedback)) == 1
    out_of_range = client.post(
        f"/api/v1/sessions/{booking.id}/feedback", json={"rating": 9}, headers=youth
    )
    assert out_of_range.status_code == 422
    assert _json(out_of_range)["errors"][0]["field"] == "rating"


def test_a_no_show_is_recorded_for_the_other_side(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    booking = _book(app, db_session, w.proposal.id, w.youth, at(0, 10))
    client = _client(app, at(0, 10, 30))
    response = client.post(
        f"/api/v1/sessions/{booking.id}/no-show", json={"side": "youth"},
        headers=_headers(db_session, w.peer),
    )  # fmt: skip
    assert response.status_code == 200, response.json
    assert _json(response)["status"] == "no_show" and _json(response)["no_show_side"] == "youth"


def test_a_lost_race_answers_409_with_the_next_free_times_and_changes_nothing(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    other = approved_match(db_session, w.profile)
    _book(app, db_session, w.proposal.id, w.youth, at(0, 10))
    before = _counts(db_session)
    client = _client(app)
    response = client.post(
        f"/api/v1/matches/{other.id}/sessions", json={"start": _iso(at(0, 10, 30))},
        headers=_headers(db_session, other.request.requester, **{"Accept-Language": "nl"}),
    )  # fmt: skip
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    problem = _json(response)
    assert problem["code"] == "booking.error.slot_taken"
    assert problem["next_free"] and all(
        set(slot) == {"start", "end"} and slot["start"].endswith("Z")
        for slot in problem["next_free"]
    )
    assert _counts(db_session) == before


def test_refusals_are_problem_json_and_change_nothing(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    booking = _book(app, db_session, w.proposal.id, w.youth, at(0, 10))
    before = _counts(db_session)
    client = _client(app)
    youth = _headers(db_session, w.youth)
    other_youth = _headers(db_session, make_user(db_session, Role.YOUTH))
    cases: list[tuple[str, dict[str, Any] | None, dict[str, str], int]] = [
        (f"/api/v1/sessions/{booking.id}/cancel", {"reason": "x"}, {}, 401),
        (
            f"/api/v1/matches/{w.proposal.id}/sessions",
            {"start": _iso(at(1, 10))},
            _headers(db_session, w.peer),
            403,
        ),
        (f"/api/v1/sessions/{booking.id}/cancel", {"reason": "x"}, other_youth, 404),
        (
            f"/api/v1/matches/{w.proposal.id}/sessions",
            {"start": _iso(at(1, 10))},
            other_youth,
            404,
        ),
        ("/api/v1/sessions/999999/complete", None, youth, 404),
        (f"/api/v1/sessions/{booking.id}/complete", None, youth, 409),  # not held yet
        (f"/api/v1/sessions/{booking.id}/cancel", {}, youth, 422),
        (f"/api/v1/sessions/{booking.id}/reschedule", {"start": "tomorrow"}, youth, 422),
        (
            f"/api/v1/matches/{w.proposal.id}/proposals",
            {"starts": [_iso(at(d, 10)) for d in range(4)]},
            youth,
            422,
        ),
        (f"/api/v1/matches/{w.proposal.id}/sessions", {"start": _iso(at(1, 3))}, youth, 422),
    ]
    for path, body, headers, status in cases:
        response = client.post(path, json=body, headers=headers)
        assert response.status_code == status, (path, body, response.json)
        assert response.mimetype == "application/problem+json"
    assert client.get(f"/api/v1/sessions/{booking.id}", headers=other_youth).status_code == 404
    assert _counts(db_session) == before


def test_the_peer_expert_sets_meeting_details_and_only_the_session_sees_them(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = _book(app, db_session, w.proposal.id, w.youth, at(0, 10))
    client = _client(app)
    body = {"meeting_details": "https://meet.example.org/api-room"}
    youth = _headers(db_session, w.youth)
    assert (
        client.patch(f"/api/v1/sessions/{booking.id}", json=body, headers=youth).status_code == 403
    )
    other_peer = _headers(db_session, peer_expert(db_session, w.org).user)
    refused = client.patch(f"/api/v1/sessions/{booking.id}", json=body, headers=other_peer)
    assert refused.status_code == 404 and refused.mimetype == "application/problem+json"
    too_long = client.patch(
        f"/api/v1/sessions/{booking.id}", json={"meeting_details": "x" * 1001},
        headers=_headers(db_session, w.peer),
    )  # fmt: skip
    assert too_long.status_code == 422
    response = client.patch(
        f"/api/v1/sessions/{booking.id}", json=body, headers=_headers(db_session, w.peer)
    )
    assert response.status_code == 200, response.json
    assert _json(response)["meeting_details"] == body["meeting_details"]
    seen = _json(client.get(f"/api/v1/sessions/{booking.id}", headers=youth))
    assert seen["meeting_details"] == body["meeting_details"]
    assert client.get(f"/api/v1/sessions/{booking.id}", headers=other_peer).status_code == 404
    assert all(
        s["meeting_details"] is None
        for s in _json(client.get("/api/v1/sessions?when=all", headers=other_peer))
    )
