"""A peer expert can tell requests apart: shared topics only, a youth or team marker, an age
band (never an age), how they want to meet, the deadline in words, and second-person Dutch."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models.enums import ProposalStatus, Role
from tests.factories import add_entry, domain, login, make_organisation, make_team, make_user
from tests.integration.matches.builders import NOW, open_request, peer, team_request, youth
from tests.web.dashboard.builders import proposal

S = ProposalStatus


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def test_a_youths_request_card_names_shared_topics_band_mode_and_deadline(
    client: FlaskClient, db_session: Session
) -> None:
    expert = peer(db_session)  # shares "anxiety" with every audience
    add_entry(db_session, expert, "depression", audiences=["adult_18_plus"])  # not for 16-17
    young = youth(db_session, age=16, display_name="Mila Bakker")
    request = open_request(
        db_session, young, slugs=("anxiety", "depression"), modes=["video", "phone"]
    )
    proposal(db_session, request, expert, respond_by=NOW + dt.timedelta(days=2))
    login(client, expert.user)
    page = client.get("/matches/incoming").get_data(as_text=True)
    assert "Een jongere vraagt je" in page
    assert "Jongere, 16–17 jaar" in page
    banded = page.replace("16–17 jaar", "")
    assert "16 jaar" not in banded and "17 jaar" not in banded  # never an exact age
    assert domain(db_session, "anxiety").label_nl in page
    assert domain(db_session, "depression").label_nl not in page  # not disclosed for 16-17
    assert "Wil praten via: Videobellen, Telefoon" in page
    assert "Je hebt tot woensdag 25 november om te antwoorden (nog 2 dagen)." in page
    assert "Mila" not in page  # no name before saying yes
    assert "Wachten op de ervaringsdeskundige" not in page


def test_after_saying_yes_the_card_shows_the_first_name_only(
    client: FlaskClient, db_session: Session
) -> None:
    expert = peer(db_session)
    young = youth(db_session, display_name="Mila Bakker")
    proposal(db_session, open_request(db_session, young), expert, S.AWAITING_APPROVAL)
    login(client, expert.user)
    page = client.get("/matches/incoming").get_data(as_text=True)
    assert "Mila" in page and "Bakker" not in page
    assert "Je zei ja: een coördinator bekijkt de match" in page


def test_a_team_request_is_marked_as_a_team(client: FlaskClient, db_session: Session) -> None:
    org = make_organisation(db_session)
    member = make_user(db_session, Role.TEAM_MEMBER)
    team = make_team(db_session, org, member)
    expert = peer(db_session, org)
    proposal(
        db_session,
        team_request(db_session, member, team.id, org),
        expert,
        respond_by=NOW + dt.timedelta(hours=30),
    )
    login(client, expert.user)
    page = client.get("/matches/incoming").get_data(as_text=True)
    assert "Een team vraagt je" in page and "Jongere," not in page
    assert "(morgen)" in page


def test_no_requests_says_what_happens_next(client: FlaskClient, db_session: Session) -> None:
    expert = peer(db_session)
    login(client, expert.user)
    page = client.get("/matches/incoming").get_data(as_text=True)
    assert "Er zijn nu geen verzoeken voor je." in page
    assert 'href="/availability"' in page
