"""The availability editor works with plain forms (no JavaScript) for peer experts only."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import AvailabilityException, AvailabilityRule
from peermatch.models.enums import Role
from tests.factories import login, make_user
from tests.integration.availability.builders import peer_with_windows

NOW = dt.datetime(2026, 5, 1, 8, tzinfo=dt.UTC)  # a Friday


def _client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_peer_expert_adds_a_window_and_sees_the_preview_in_dutch(
    app: Flask, db_session: Session
) -> None:
    profile = peer_with_windows(db_session, horizon_weeks=2)
    client = _client(app)
    login(client, profile.user)
    response = client.post(
        "/availability/windows",
        data={"window-weekday": "0", "window-start": "10:00", "window-end": "11:00"},
    )
    assert response.status_code == 302
    page = client.get("/availability").get_data(as_text=True)
    assert "Mijn beschikbaarheid" in page
    assert "Maandag" in page and "10:00–11:00" in page
    assert 'type="time"' in page and "<script" not in page
    # Preview: Mondays 4 and 11 May at 10:00 Amsterdam time.
    assert "maandag 4 mei" in page and "maandag 11 mei" in page
    assert '<span class="slot">10:00</span>' in page


def test_an_overlapping_window_is_refused_in_dutch_and_nothing_changes(
    app: Flask, db_session: Session
) -> None:
    profile = peer_with_windows(db_session, ((0, "10:00", "12:00"),))
    client = _client(app)
    login(client, profile.user)
    response = client.post(
        "/availability/windows",
        data={"window-weekday": "0", "window-start": "11:00", "window-end": "13:00"},
    )
    assert response.status_code == 422
    assert "overlappen" in response.get_data(as_text=True)
    assert _count(db_session, AvailabilityRule) == 1


def test_a_window_is_removed_with_its_button(app: Flask, db_session: Session) -> None:
    profile = peer_with_windows(db_session, ((2, "14:00", "16:00"),))
    rule_id = db_session.scalars(select(AvailabilityRule.id)).one()
    client = _client(app)
    login(client, profile.user)
    assert client.post(f"/availability/windows/{rule_id}/delete").status_code == 302
    assert _count(db_session, AvailabilityRule) == 0


def test_a_peer_expert_cannot_remove_someone_elses_window(app: Flask, db_session: Session) -> None:
    peer_with_windows(db_session, ((2, "14:00", "16:00"),))
    rule_id = db_session.scalars(select(AvailabilityRule.id)).one()
    intruder = peer_with_windows(db_session)
    client = _client(app)
    login(client, intruder.user)
    assert client.post(f"/availability/windows/{rule_id}/delete").status_code == 404
    assert _count(db_session, AvailabilityRule) == 1


def test_a_holiday_and_an_extra_window_are_added_and_removed(
    app: Flask, db_session: Session
) -> None:
    profile = peer_with_windows(db_session, ((0, "10:00", "11:00"),), horizon_weeks=2)
    client = _client(app)
    login(client, profile.user)
    off = client.post(
        "/availability/exceptions/unavailable",
        data={"off-start_date": "2026-05-04", "off-end_date": "2026-05-08", "off-note": "Vakantie"},
    )
    assert off.status_code == 302
    extra = client.post(
        "/availability/exceptions/extra",
        data={"extra-day": "2026-05-09", "extra-start_time": "13:00", "extra-end_time": "14:00"},
    )
    assert extra.status_code == 302
    page = client.get("/availability").get_data(as_text=True)
    assert "Vakantie" in page
    assert "maandag 4 mei" not in page  # the holiday removes that Monday from the preview
    assert "zaterdag 9 mei" in page
    exception_id = db_session.scalars(
        select(AvailabilityException.id).where(AvailabilityException.note == "Vakantie")
    ).one()
    assert client.post(f"/availability/exceptions/{exception_id}/delete").status_code == 302
    assert _count(db_session, AvailabilityException) == 1


def test_a_past_period_is_refused_and_nothing_is_stored(app: Flask, db_session: Session) -> None:
    profile = peer_with_windows(db_session)
    client = _client(app)
    login(client, profile.user)
    response = client.post(
        "/availability/exceptions/unavailable", data={"off-start_date": "2026-04-01"}
    )
    assert response.status_code == 422
    assert "al voorbij" in response.get_data(as_text=True)
    assert _count(db_session, AvailabilityException) == 0


def test_without_a_profile_the_page_points_to_onboarding(app: Flask, db_session: Session) -> None:
    user = make_user(db_session, Role.PEER_EXPERT)
    client = _client(app)
    login(client, user)
    page = client.get("/availability")
    assert page.status_code == 200
    assert "/profile/onboarding" in page.get_data(as_text=True)
    refused = client.post(
        "/availability/windows",
        data={"window-weekday": "0", "window-start": "10:00", "window-end": "11:00"},
    )
    assert refused.status_code == 404
    assert _count(db_session, AvailabilityRule) == 0


def test_the_dashboard_shows_the_number_of_weekly_windows(app: Flask, db_session: Session) -> None:
    profile = peer_with_windows(db_session, ((0, "10:00", "11:00"), (3, "18:00", "20:00")))
    client = _client(app)
    login(client, profile.user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Tijdblokken per week: 2" in page
    assert 'href="/availability"' in page


def test_youths_cannot_use_the_editor(app: Flask, db_session: Session) -> None:
    client = _client(app)
    login(client, make_user(db_session, Role.YOUTH))
    assert client.get("/availability").status_code == 403
    assert 'href="/availability"' not in client.get("/dashboard").get_data(as_text=True)
