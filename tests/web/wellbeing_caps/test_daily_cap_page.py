"""The peer expert sets a daily maximum on the same page as the weekly one (capacity step)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models.enums import ProfileStatus
from tests.factories import login, make_organisation, make_peer_expert

CAPACITY = {
    "session_lengths": ["60"],
    "buffer_before_minutes": "15",
    "buffer_after_minutes": "15",
    "min_notice_hours": "48",
    "horizon_weeks": "6",
    "max_sessions_per_week": "3",
    "max_active_matches": "3",
}


def test_the_daily_maximum_sits_next_to_the_weekly_one_and_is_saved(
    client: FlaskClient, db_session: Session
) -> None:
    profile = make_peer_expert(db_session, make_organisation(db_session))
    login(client, profile.user)
    page = client.get("/profile/onboarding/6").get_data(as_text=True)
    assert "Hoeveel gesprekken per week (maximaal)" in page
    assert "Hoeveel gesprekken per dag (maximaal)" in page
    response = client.post(
        "/profile/onboarding/6", data={**CAPACITY, "max_sessions_per_day": "2", "go": "next"}
    )
    assert response.status_code == 302
    db_session.refresh(profile)
    assert profile.max_sessions_per_day == 2
    assert profile.status is ProfileStatus.ACTIVE  # a wellbeing setting needs no new check
    assert 'value="2"' in client.get("/profile/onboarding/6").get_data(as_text=True)


def test_an_empty_daily_maximum_leaves_only_the_weekly_one(
    client: FlaskClient, db_session: Session
) -> None:
    profile = make_peer_expert(db_session, make_organisation(db_session), max_sessions_per_day=2)
    login(client, profile.user)
    response = client.post(
        "/profile/onboarding/6", data={**CAPACITY, "max_sessions_per_day": "", "go": "next"}
    )
    assert response.status_code == 302
    db_session.refresh(profile)
    assert profile.max_sessions_per_day is None


def test_a_daily_maximum_above_the_weekly_one_is_refused_in_words_and_changes_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    profile = make_peer_expert(db_session, make_organisation(db_session), max_sessions_per_day=1)
    login(client, profile.user)
    response = client.post(
        "/profile/onboarding/6", data={**CAPACITY, "max_sessions_per_day": "5", "go": "next"}
    )
    assert response.status_code == 422
    assert "Kies tussen 1 en 3 gesprekken per dag, of laat het leeg." in response.get_data(
        as_text=True
    )
    db_session.refresh(profile)
    assert profile.max_sessions_per_day == 1


def test_the_api_sets_and_shows_the_daily_maximum_and_refuses_one_above_the_week(
    client: FlaskClient, db_session: Session
) -> None:
    from tests.web.api.builders import bearer, token_for

    profile = make_peer_expert(db_session, make_organisation(db_session))
    headers = bearer(token_for(db_session, profile.user))
    capacity = {
        "session_lengths": [60],
        "buffer_before_minutes": 15,
        "buffer_after_minutes": 15,
        "min_notice_hours": 48,
        "horizon_weeks": 6,
        "max_sessions_per_week": 3,
        "max_active_matches": 3,
    }
    saved = client.patch(
        "/api/v1/profile",
        headers=headers,
        json={"capacity": {**capacity, "max_sessions_per_day": 1}},
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["max_sessions_per_day"] == 1  # type: ignore[index]
    refused = client.patch(
        "/api/v1/profile",
        headers=headers,
        json={"capacity": {**capacity, "max_sessions_per_day": 4}},
    )
    assert refused.status_code == 422
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    db_session.refresh(profile)
    assert profile.max_sessions_per_day == 1
