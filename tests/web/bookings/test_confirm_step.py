"""Booking with dates and a confirm step: choosing a time changes nothing by itself, every
time carries its day, and confirming ends on a page that says what happened."""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import Booking
from peermatch.models.enums import BookingStatus
from peermatch.services import bookings
from tests.factories import login
from tests.integration.booking.builders import NOW, approved_match, at, world


def _frozen(app: Flask) -> None:
    app.extensions["peermatch_clock"].set(NOW)


def _count(db_session: Session) -> int:
    return int(db_session.scalar(select(func.count(Booking.id))) or 0)


def _q(value: str) -> str:
    return quote(value, safe="")


def test_the_pick_page_shows_days_first_then_that_days_times_as_links_to_confirm(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    client = app.test_client()
    login(client, w.youth)
    html = client.get(f"/matches/{w.proposal.id}/book").get_data(as_text=True)
    assert "1. Kies een dag" in html and 'aria-current="date"' in html
    assert "do 26 nov" in html  # a day in the strip, in Dutch
    # the first day with times is open; its times lead to the confirm step, not to a POST
    assert "2. Kies een tijd op dinsdag 24 november" in html
    assert '/book/confirm?start=2026-11-24T09%3A00%3A00%2B00%3A00" role="button"' in html
    chosen = client.get(f"/matches/{w.proposal.id}/book?day=2026-11-27").get_data(as_text=True)
    assert "2. Kies een tijd op vrijdag 27 november" in chosen
    assert _q(at(2, 10).isoformat()) in chosen and _q(at(1, 10).isoformat()) not in chosen


def test_lists_of_times_on_the_session_page_are_grouped_under_their_day(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    client = app.test_client()
    login(client, w.youth)
    html = client.get(f"/sessions/{booking.id}").get_data(as_text=True)
    assert "Verplaats naar een andere tijd" in html
    # the move list names its days, and offers a few times on each of several days
    assert '<h3 class="slot-day">di 24 nov</h3>' in html
    assert '<h3 class="slot-day">vr 27 nov</h3>' in html
    assert f"/sessions/{booking.id}/reschedule/confirm?start=" in html


def test_a_zone_other_than_amsterdam_is_named(app: Flask, db_session: Session) -> None:
    _frozen(app)
    w = world(db_session)
    w.youth.time_zone = "Europe/London"
    db_session.flush()
    client = app.test_client()
    login(client, w.youth)
    html = client.get(f"/matches/{w.proposal.id}/book?day=2026-11-26").get_data(as_text=True)
    assert "Tijden in Europe/London." in html
    assert _q(at(1, 10).isoformat()) in html


def test_the_confirm_page_says_day_time_who_and_how_and_changes_nothing(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    client = app.test_client()
    login(client, w.youth)
    before = _count(db_session)
    page = client.get(f"/matches/{w.proposal.id}/book/confirm?start={_q(at(1, 10).isoformat())}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # 10:00 UTC is 11:00 in Amsterdam
    assert "Donderdag 26 november, 11:00–" in html
    assert f"met {w.peer.display_name}" in html and "via video" in html
    assert "Bevestigen" in html and f'action="/matches/{w.proposal.id}/book"' in html
    assert _count(db_session) == before


def test_confirming_books_and_the_confirmation_page_names_what_happened(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    client = app.test_client()
    login(client, w.youth)
    response = client.post(f"/matches/{w.proposal.id}/book", data={"start": at(1, 10).isoformat()})
    assert response.status_code == 302
    booking = db_session.scalars(select(Booking)).one()
    assert booking.status is BookingStatus.CONFIRMED and booking.starts_at == at(1, 10)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        f"Je gesprek met {w.peer.display_name.split()[0]} op donderdag 26 november om 11:00 is bevestigd."
        in html
    )
    assert "Wat gebeurt er nu" in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "dates=20261126T100000Z%2F" in html
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in html
    ics = client.get(f"/sessions/{booking.id}/session.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    body = ics.get_data(as_text=True)
    assert "DTSTART:20261126T100000Z" in body and booking.ical_uid in body
    assert w.peer.display_name not in body  # calendars stay neutral


def test_a_time_taken_before_confirm_gives_a_clear_message_and_the_next_free_times(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    with app.app_context():
        bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    other = approved_match(db_session, w.profile)
    client = app.test_client()
    login(client, other.request.requester)
    before = _count(db_session)
    page = client.get(f"/matches/{other.id}/book/confirm?start={_q(at(1, 10).isoformat())}")
    assert page.status_code == 409
    html = page.get_data(as_text=True)
    assert "Deze tijd is net door iemand anders gekozen" in html
    assert f"/matches/{other.id}/book/confirm?start=" in html
    assert _count(db_session) == before


def test_accepting_a_proposed_time_goes_through_the_confirm_step(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    with app.app_context():
        booking = bookings.propose_times(
            db_session, w.proposal.id, w.youth, starts=[at(1, 20), at(2, 20)], now=NOW
        )
    client = app.test_client()
    login(client, w.peer)
    html = client.get(f"/sessions/{booking.id}").get_data(as_text=True)
    assert "do 26 nov" in html and "vr 27 nov" in html  # same 21:00 on two days, told apart
    url = f"/sessions/{booking.id}/accept/confirm?start={_q(at(2, 20).isoformat())}"
    confirm = client.get(url).get_data(as_text=True)
    assert (
        "Vrijdag 27 november, 21:00–" in confirm
        and f"met {w.youth.display_name.split()[0]}" in confirm
    )
    db_session.refresh(booking)
    assert booking.status is BookingStatus.REQUESTED
    done = client.post(f"/sessions/{booking.id}/accept", data={"start": at(2, 20).isoformat()})
    assert done.headers["Location"].endswith(f"/sessions/{booking.id}/confirmed")
    db_session.refresh(booking)
    assert booking.status is BookingStatus.CONFIRMED and booking.starts_at == at(2, 20)


def test_moving_a_session_goes_through_the_confirm_step(app: Flask, db_session: Session) -> None:
    _frozen(app)
    w = world(db_session)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    client = app.test_client()
    login(client, w.youth)
    url = f"/sessions/{booking.id}/reschedule/confirm?start={_q(at(2, 10).isoformat())}"
    html = client.get(url).get_data(as_text=True)
    assert "Vrijdag 27 november, 11:00–" in html and "Bevestigen" in html
    db_session.refresh(booking)
    assert booking.starts_at == at(1, 10)
    client.post(f"/sessions/{booking.id}/reschedule", data={"start": at(2, 10).isoformat()})
    db_session.refresh(booking)
    assert booking.starts_at == at(2, 10)


def test_proposing_own_times_shows_them_back_before_sending(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    client = app.test_client()
    login(client, w.youth)
    form = {"first": "2026-11-26T21:00", "second": "2026-11-27T21:00"}
    page = client.post(f"/matches/{w.proposal.id}/propose", data=form)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Donderdag 26 november, 21:00–" in html and "Vrijdag 27 november, 21:00–" in html
    assert 'name="confirmed" value="1"' in html
    assert _count(db_session) == 0
    sent = client.post(f"/matches/{w.proposal.id}/propose", data={**form, "confirmed": "1"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/confirmed")
    booking = db_session.scalars(select(Booking)).one()
    assert booking.status is BookingStatus.REQUESTED
    done = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert (
        f"Je voorstel voor een gesprek met {w.peer.display_name.split()[0]} is verstuurd." in done
    )


def test_the_confirm_step_reads_in_english_for_an_english_user(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    w.youth.locale = "en"
    db_session.flush()
    client = app.test_client()
    login(client, w.youth)
    url = f"/matches/{w.proposal.id}/book/confirm?start={_q(at(1, 10).isoformat())}"
    html = client.get(url).get_data(as_text=True)
    assert "Thursday 26 November, 11:00–" in html and "by video" in html
    assert "Confirm" in html and "Bevestigen" not in html


def test_a_peer_expert_proposes_another_time_through_the_confirm_step(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    with app.app_context():
        booking = bookings.propose_times(
            db_session, w.proposal.id, w.youth, starts=[at(1, 20)], now=NOW
        )
    client = app.test_client()
    login(client, w.peer)
    html = client.get(f"/sessions/{booking.id}").get_data(as_text=True)
    assert f"/sessions/{booking.id}/counter/confirm?start=" in html
    url = f"/sessions/{booking.id}/counter/confirm?start={_q(at(1, 10).isoformat())}"
    confirm = client.get(url).get_data(as_text=True)
    assert "Donderdag 26 november, 11:00–" in confirm and "Bevestigen" in confirm
    db_session.refresh(booking)
    assert booking.proposed_times == [at(1, 20).isoformat()]
    done = client.post(f"/sessions/{booking.id}/counter", data={"start": at(1, 10).isoformat()})
    assert done.headers["Location"].endswith(f"/sessions/{booking.id}/confirmed")
    db_session.refresh(booking)
    assert booking.proposed_times == [at(1, 10).isoformat()]
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert (
        f"Je voorstel voor een gesprek met {w.youth.display_name.split()[0]} is verstuurd." in page
    )


def test_a_broken_time_in_the_confirm_link_is_a_clear_error_and_books_nothing(
    app: Flask, db_session: Session
) -> None:
    _frozen(app)
    w = world(db_session)
    client = app.test_client()
    login(client, w.youth)
    page = client.get(f"/matches/{w.proposal.id}/book/confirm?start=not-a-time")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "Vul een geldige datum en tijd in." in html and "Bevestigen" not in html
    assert _count(db_session) == 0
