"""Every role's dashboard opens with the one thing to do now, linking to where it is done."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage
from peermatch.models.enums import OutboxStatus, ProposalStatus, RequestStatus, Role
from tests.factories import login, make_coordinator, make_organisation, make_user
from tests.integration.matches.builders import NOW, open_request, peer, youth
from tests.web.dashboard.builders import proposal, session_of

S = ProposalStatus


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def next_card(client: FlaskClient) -> str:
    html = client.get("/dashboard").get_data(as_text=True)
    found = re.search(r'<section class="card next-action".*?</section>', html, re.S)
    assert found, html[:2000]
    return found.group(0)


def test_a_new_youth_is_invited_to_ask(client: FlaskClient, db_session: Session) -> None:
    login(client, youth(db_session))
    card = next_card(client)
    assert "Vraag een ervaringsdeskundige" in card
    assert 'href="/requests/new"' in card


def test_a_youth_with_an_open_request_chooses(client: FlaskClient, db_session: Session) -> None:
    young = youth(db_session)
    request = open_request(db_session, young)
    login(client, young)
    card = next_card(client)
    assert "Kies je ervaringsdeskundige" in card
    assert f'href="/matches/requests/{request.id}/candidates"' in card


def test_a_youth_with_an_approved_match_books_with_them(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    expert = peer(db_session, name="Lotte de Vries")
    match = proposal(db_session, open_request(db_session, young), expert, S.APPROVED)
    login(client, young)
    card = next_card(client)
    assert "Plan je gesprek met Lotte" in card and "de Vries" not in card
    assert f'href="/matches/{match.id}/book"' in card


def test_a_booked_session_is_the_next_action_once_nothing_else_waits(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    match = proposal(db_session, open_request(db_session, young), peer(db_session), S.APPROVED)
    booking = session_of(db_session, match)
    login(client, young)
    card = next_card(client)
    assert "Je volgende gesprek" in card
    assert f'href="/sessions/{booking.id}"' in card


def test_a_youth_waiting_for_an_answer_is_told_whom_they_wait_for(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    match = proposal(db_session, open_request(db_session, young), peer(db_session, name="Sam"))
    login(client, young)
    card = next_card(client)
    assert "We wachten op Sam" in card
    assert f'href="/matches/{match.id}"' in card


def test_a_peer_expert_is_asked_to_answer_with_the_deadline_in_words(
    client: FlaskClient, db_session: Session
) -> None:
    expert = peer(db_session)
    match = proposal(
        db_session,
        open_request(db_session, youth(db_session)),
        expert,
        respond_by=NOW + dt.timedelta(days=1),
    )
    login(client, expert.user)
    card = next_card(client)
    assert "Beantwoord het verzoek" in card
    assert "Je hebt tot dinsdag 24 november om te antwoorden (morgen)." in card
    assert f'href="/matches/{match.id}"' in card


def test_a_peer_expert_without_a_profile_starts_one(
    client: FlaskClient, db_session: Session
) -> None:
    login(client, make_user(db_session, Role.PEER_EXPERT))
    card = next_card(client)
    assert "Maak je profiel" in card and 'href="/profile/onboarding/1"' in card


def test_a_coordinator_approves_the_waiting_matches(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    for _ in range(2):
        proposal(
            db_session,
            open_request(db_session, youth(db_session)),
            peer(db_session, org),
            S.AWAITING_APPROVAL,
        )
    login(client, coordinator)
    card = next_card(client)
    assert "Keur 2 matches goed" in card and 'href="/matches/approvals"' in card


def test_an_admin_sees_undelivered_email_first(client: FlaskClient, db_session: Session) -> None:
    admin = make_user(db_session, Role.ADMIN)
    login(client, admin)
    assert "Er wacht nu niets op je" in next_card(client)
    db_session.add(
        OutboxMessage(
            kind="attention",
            to_email="x@example.org",
            subject="x",
            body_text="x",
            status=OutboxStatus.FAILED,
            params={},
        )
    )
    db_session.flush()
    card = next_card(client)
    assert "Niet afgeleverde e-mails: 1" in card
    assert 'href="/admin/outbox"' in card


def test_a_closed_request_no_longer_asks_to_choose(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    open_request(db_session, young).status = RequestStatus.WITHDRAWN
    db_session.flush()
    login(client, young)
    assert "Kies je ervaringsdeskundige" not in next_card(client)
