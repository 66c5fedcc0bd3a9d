"""The VOG guard at the edges: the API refuses a minor's session past the VOG with a clear,
translated problem, the pick page never offers such times, and the coordinator's VOG page
lists the upcoming sessions with minors a lapsed or withdrawn VOG affects."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import Booking
from peermatch.models.enums import Role
from peermatch.services import bookings
from tests.factories import login, make_coordinator, make_organisation, make_user
from tests.integration.booking.builders import NOW, approved_match, at, peer_expert
from tests.web.api.builders import bearer, token_for

VOG_DATE = dt.date(2023, 11, 26)  # last valid day: Thursday 26 November 2026 (day 1 of ``at``)
VOG_ENDS = dt.datetime(2026, 11, 26, 23, 0, tzinfo=dt.UTC)


def test_the_api_refuses_a_minors_session_after_the_vog_and_never_offers_it(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    profile = peer_expert(db_session, org, vog_date=VOG_DATE, audiences=["youth_12_15"])
    youth = make_user(db_session, Role.YOUTH, birth_year=2012)
    proposal = approved_match(db_session, profile, youth)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    token = token_for(db_session, youth)

    slots = client.get(f"/api/v1/matches/{proposal.id}/slots", headers=bearer(token)).json
    assert slots and all(dt.datetime.fromisoformat(s["end"]) <= VOG_ENDS for s in slots)

    for language, words in (("nl", "VOG"), ("en", "certificate of conduct")):
        response = client.post(
            f"/api/v1/matches/{proposal.id}/sessions",
            json={"start": at(2, 10).isoformat()},
            headers=bearer(token, **{"Accept-Language": language}),
        )
        assert response.status_code == 409, response.get_data(as_text=True)
        assert response.mimetype == "application/problem+json"
        assert response.json is not None
        assert response.json["code"] == "booking.error.vog_not_valid"
        assert words in response.json["detail"]
    assert "niet geldig" in str(
        client.post(
            f"/api/v1/matches/{proposal.id}/sessions",
            json={"start": at(2, 10).isoformat()},
            headers=bearer(token, **{"Accept-Language": "nl"}),
        ).json
    )
    assert db_session.scalar(select(func.count(Booking.id))) == 0
    ok = client.post(
        f"/api/v1/matches/{proposal.id}/sessions",
        json={"start": at(1, 10).isoformat()},
        headers=bearer(token),
    )
    assert ok.status_code == 201


def test_the_vog_page_lists_upcoming_sessions_with_minors_a_withdrawn_vog_affects(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    profile = peer_expert(db_session, org, vog_date=VOG_DATE, audiences=["youth_12_15"])
    minor = make_user(db_session, Role.YOUTH, birth_year=2012)
    adult = make_user(db_session, Role.YOUTH, birth_year=2003)
    with app.app_context():
        at_risk = bookings.book_slot(
            db_session, approved_match(db_session, profile, minor).id, minor, start=at(1, 10),
            now=NOW,
        )  # fmt: skip
        with_adult = bookings.book_slot(
            db_session, approved_match(db_session, profile, adult).id, adult, start=at(1, 13),
            now=NOW,
        )  # fmt: skip
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)
    page = client.get("/verification/vog").get_data(as_text=True)
    assert "No upcoming session with a minor falls outside a VOG." in page

    profile.vog_date = None  # withdrawn
    db_session.flush()
    page = client.get("/verification/vog").get_data(as_text=True)
    assert "Upcoming sessions with minors that a VOG no longer covers" in page
    assert f"/sessions/{at_risk.id}" in page
    assert f"/sessions/{with_adult.id}" not in page
