"""A peer expert may ask not to be matched with a youth again, with a note that only the
coordinator reads; matching and batch leave the pair out."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models import Feedback
from peermatch.models.enums import Role
from peermatch.services import bookings, matching, safeguarding
from tests.factories import login, make_coordinator
from tests.integration.booking.builders import NOW, at, world
from tests.web.api.builders import bearer, token_for

NOTE = "Ze woont in mijn straat; liever niet meer."


def test_a_peer_experts_wish_over_the_api_is_stored_excludes_the_pair_and_reaches_the_coordinator(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 10), now=NOW)
        bookings.complete(db_session, booking.id, w.peer, now=at(0, 12))
    app.extensions["peermatch_clock"].set(at(0, 12))
    client = app.test_client()
    response = client.post(
        f"/api/v1/sessions/{booking.id}/feedback",
        json={"rating": 3, "do_not_match_again": True, "note": NOTE},
        headers=bearer(token_for(db_session, w.peer)),
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json is not None and response.json["do_not_match_again"] is True
    stored = db_session.query(Feedback).one()
    assert stored.do_not_match_again is True and stored.coordinator_note == NOTE

    # Ranking (and batch, which builds the same request) leaves the pair out.
    request = matching.build_match_request(db_session, w.proposal.request, now=at(1, 9))
    assert w.profile.id in request.peer_ids_blocking_requester

    rows = safeguarding.peer_expert_blocks(db_session, w.coordinator)
    assert [(r.profile.id, r.youth.id, r.feedback.coordinator_note) for r in rows] == [
        (w.profile.id, w.youth.id, NOTE)
    ]
    stranger = make_coordinator(db_session)
    assert safeguarding.peer_expert_blocks(db_session, stranger) == []

    coordinator = app.test_client()
    login(coordinator, w.coordinator)
    assert NOTE in coordinator.get("/matches/approvals").get_data(as_text=True)

    youth = app.test_client()
    login(youth, w.youth)
    for path in (f"/sessions/{booking.id}", "/sessions", f"/matches/{w.proposal.id}"):
        page = youth.get(path)
        assert NOTE not in page.get_data(as_text=True), path
    api = youth.get(
        f"/api/v1/sessions/{booking.id}", headers=bearer(token_for(db_session, w.youth))
    )
    assert NOTE not in api.get_data(as_text=True)


def test_a_peer_expert_asks_on_the_web_form_and_a_too_long_note_changes_nothing(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 10), now=NOW)
        bookings.complete(db_session, booking.id, w.peer, now=at(0, 12))
    app.extensions["peermatch_clock"].set(at(0, 12) + dt.timedelta(minutes=5))
    client = app.test_client()
    login(client, w.peer)
    page = client.get(f"/sessions/{booking.id}").get_data(as_text=True)
    assert "not_again_youth" in page
    too_long = {"rating": "4", "not_again_youth": "y", "note": "x" * 501}
    client.post(f"/sessions/{booking.id}/feedback", data=too_long)
    assert db_session.query(Feedback).count() == 0
    ok = {"rating": "4", "not_again_youth": "y", "note": NOTE}
    assert client.post(f"/sessions/{booking.id}/feedback", data=ok).status_code == 302
    stored = db_session.query(Feedback).one()
    assert stored.do_not_match_again is True and stored.coordinator_note == NOTE
    assert w.youth.has_role(Role.YOUTH)
