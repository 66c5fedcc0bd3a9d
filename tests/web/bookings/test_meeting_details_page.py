"""The session page: the peer expert sets how to meet in a small Dutch form."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models.enums import Role
from peermatch.services import bookings
from tests.factories import login, make_user
from tests.integration.booking.builders import NOW, at, world


def test_the_peer_expert_sets_how_to_meet_and_the_youth_sees_it_but_a_stranger_does_not(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    w = world(db_session)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    peer = app.test_client()
    login(peer, w.peer)
    page = peer.get(f"/sessions/{booking.id}").get_data(as_text=True)
    assert "Leg vast hoe jullie afspreken" in page
    saved = peer.post(
        f"/sessions/{booking.id}/meeting-details",
        data={"meeting_details": "Bibliotheek Utrecht, 2e verdieping"},
    )
    assert saved.status_code == 302
    youth = app.test_client()
    login(youth, w.youth)
    seen = youth.get(f"/sessions/{booking.id}").get_data(as_text=True)
    assert "Bibliotheek Utrecht, 2e verdieping" in seen
    assert "Leg vast hoe jullie afspreken" not in seen
    assert (
        youth.post(
            f"/sessions/{booking.id}/meeting-details", data={"meeting_details": "x"}
        ).status_code
        == 403
    )
    stranger = app.test_client()
    login(stranger, make_user(db_session, Role.YOUTH))
    assert stranger.get(f"/sessions/{booking.id}").status_code == 404
    db_session.refresh(booking)
    assert booking.meeting_details == "Bibliotheek Utrecht, 2e verdieping"
