"""Booking pages: Dutch first, a conflict offers the next free times, nothing leaks."""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models.enums import BookingStatus
from peermatch.services import bookings
from tests.factories import login
from tests.integration.booking.builders import NOW, approved_match, at, world


def _frozen(app: Flask) -> None:
    app.extensions["peermatch_clock"].set(NOW)


def test_a_youth_picks_a_time_on_a_dutch_page_and_sees_the_session(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    client = app.test_client()
    login(client, w.youth)
    page = client.get(f"/matches/{w.proposal.id}/book")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Kies een tijd" in html and "Stel zelf tijden voor" in html
    response = client.post(f"/matches/{w.proposal.id}/book", data={"start": at(1, 10).isoformat()})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/confirmed")
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is bevestigd" in done
    detail = client.get(response.headers["Location"].removesuffix("/confirmed"))
    assert "https://meet.example.org/room-42" in detail.get_data(as_text=True)
    assert "Mijn gesprekken" in client.get("/sessions").get_data(as_text=True)


def test_a_taken_time_shows_the_message_and_the_next_free_times(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    with app.app_context():
        bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    other = approved_match(db_session, w.profile)
    client = app.test_client()
    login(client, other.request.requester)
    response = client.post(f"/matches/{other.id}/book", data={"start": at(1, 10).isoformat()})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Deze tijd is net door iemand anders gekozen" in html
    assert "/book/confirm?start=" in html  # the next free times lead to the confirm step


def test_someone_elses_session_is_not_found(app: Flask, db_session: Session) -> None:
    _frozen(app)
    w = world(db_session)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    stranger = approved_match(db_session, w.profile).request.requester
    client = app.test_client()
    login(client, stranger)
    assert client.get(f"/sessions/{booking.id}").status_code == 404
    assert client.post(f"/sessions/{booking.id}/cancel", data={"reason": "x"}).status_code == 404
    assert booking.status is BookingStatus.CONFIRMED


def test_a_coordinator_approves_a_held_first_session_from_the_overview(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session, first_session_needs_approval=True)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    client = app.test_client()
    login(client, w.coordinator)
    overview = client.get("/coordinator/sessions").get_data(as_text=True)
    assert "Wacht op jouw goedkeuring" in overview and f"/sessions/{booking.id}" in overview
    assert client.post(f"/sessions/{booking.id}/approve").status_code == 302
    db_session.refresh(booking)
    assert booking.status is BookingStatus.CONFIRMED


def test_an_unknown_stored_time_zone_shows_amsterdam_time_instead_of_failing(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    w.youth.time_zone = "Mars/Olympus"
    db_session.flush()
    client = app.test_client()
    login(client, w.youth)
    page = client.get(f"/matches/{w.proposal.id}/book?day=2026-11-26")
    assert page.status_code == 200
    # The free slot at 10:00 UTC on 26 November shows as 11:00 Amsterdam time.
    assert quote(at(1, 10).isoformat(), safe="") in page.get_data(as_text=True)
    assert "11:00–" in page.get_data(as_text=True)
