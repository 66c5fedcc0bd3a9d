"""No dead ends: after a no, after a batch, after a cancellation and after feedback there is
always a next step; deleting written text asks first."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models.enums import BookingStatus, DomainEntryStatus, ProposalStatus
from peermatch.services import proposals as proposals_service
from tests.factories import add_entry, login, make_coordinator, make_organisation
from tests.integration.matches.builders import NOW, ORIGIN, open_request, peer, youth
from tests.web.dashboard.builders import feedback_on, proposal, session_of

S = ProposalStatus


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_after_a_no_the_youth_can_choose_again_or_ask_for_help(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    expert = peer(db_session, name="Sam")
    request = open_request(db_session, young)
    match = proposal(db_session, request, expert)
    proposals_service.decline(
        db_session, match.id, expert.user, reason=None, now=NOW, origin=ORIGIN
    )
    login(client, young)
    page = text(client.get(f"/matches/{match.id}"))
    assert "Sam kan het deze keer niet." in page
    assert f'href="/matches/requests/{request.id}/candidates"' in page
    assert f'action="/matches/requests/{request.id}/help"' in page


def test_after_a_no_with_a_second_choice_the_youth_follows_that_one(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    first, second = peer(db_session, name="Sam"), peer(db_session, name="Noor")
    request = open_request(db_session, young)
    match = proposal(db_session, request, first)
    reserve = proposal(db_session, request, second, S.CHOSEN, choice_rank=2)
    proposals_service.decline(db_session, match.id, first.user, reason=None, now=NOW, origin=ORIGIN)
    login(client, young)
    page = text(client.get(f"/matches/{match.id}"))
    assert "We vragen nu je volgende keuze, Noor." in page
    assert f'href="/matches/{reserve.id}"' in page


def test_after_a_batch_chose_the_candidates_page_shows_the_choice_not_a_form(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    request = open_request(db_session, young)
    match = proposal(db_session, request, peer(db_session, name="Noor"))
    login(client, young)
    page = text(client.get(f"/matches/requests/{request.id}/candidates"))
    assert "Er is al een ervaringsdeskundige gekozen" in page
    assert f'href="/matches/{match.id}"' in page
    assert "/choose" not in page


def test_taking_an_experience_off_asks_first_and_keeps_the_text_until_confirmed(
    client: FlaskClient, db_session: Session
) -> None:
    expert = peer(db_session)
    entry = add_entry(db_session, expert, "depression", text="MIJN EIGEN VERHAAL")
    login(client, expert.user)
    listing = text(client.get("/profile/experiences"))
    assert f'href="/profile/experiences/{entry.id}/withdraw"' in listing
    unconfirmed = client.post(f"/profile/experiences/{entry.id}/withdraw")
    assert unconfirmed.headers["Location"] == f"/profile/experiences/{entry.id}/withdraw"
    db_session.refresh(entry)
    assert entry.status is DomainEntryStatus.ACTIVE and entry.share_text == "MIJN EIGEN VERHAAL"
    confirm = text(client.get(f"/profile/experiences/{entry.id}/withdraw"))
    assert "MIJN EIGEN VERHAAL" in confirm and "Ja, haal eraf en verwijder mijn tekst" in confirm
    done = client.post(f"/profile/experiences/{entry.id}/withdraw", data={"confirmed": "yes"})
    assert done.status_code == 302
    db_session.refresh(entry)
    assert entry.status is DomainEntryStatus.WITHDRAWN


def test_a_cancelled_session_offers_a_new_time(client: FlaskClient, db_session: Session) -> None:
    young = youth(db_session)
    match = proposal(db_session, open_request(db_session, young), peer(db_session), S.APPROVED)
    booking = session_of(db_session, match, BookingStatus.CANCELLED)
    login(client, young)
    page = text(client.get(f"/sessions/{booking.id}"))
    assert "Kies een nieuwe tijd" in page
    assert f'href="/matches/{match.id}/book"' in page


def test_after_feedback_the_youth_sees_what_was_sent(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    match = proposal(db_session, open_request(db_session, young), peer(db_session), S.APPROVED)
    booking = session_of(db_session, match, BookingStatus.COMPLETED, starts_at=NOW.replace(day=20))
    login(client, young)
    response = client.post(
        f"/sessions/{booking.id}/feedback", data={"rating": "4", "comment": "Fijn gesprek"}
    )
    assert response.headers["Location"] == f"/feedback/sent/{booking.id}"
    page = text(client.get(response.headers["Location"]))
    assert "Bedankt voor je feedback" in page
    assert "4 / 5" in page and "Fijn gesprek" in page


def test_the_thank_you_page_never_shows_someone_elses_feedback(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    match = proposal(db_session, open_request(db_session, young), peer(db_session), S.APPROVED)
    booking = session_of(db_session, match, BookingStatus.COMPLETED)
    feedback_on(db_session, booking, young.id, 5, "GEHEIM")
    login(client, match.profile.user)
    response = client.get(f"/feedback/sent/{booking.id}")
    assert response.status_code == 404 and "GEHEIM" not in text(response)


def test_a_peer_expert_sees_feedback_only_from_three_answers_on(
    client: FlaskClient, db_session: Session
) -> None:
    expert = peer(db_session)
    bookings = []
    for _ in range(3):
        young = youth(db_session)
        match = proposal(db_session, open_request(db_session, young), expert, S.APPROVED)
        bookings.append((session_of(db_session, match, BookingStatus.COMPLETED), young))
    login(client, expert.user)
    for booking, young in bookings[:2]:
        feedback_on(db_session, booking, young.id, 5, "HEEL FIJN")
    page = text(client.get("/feedback"))
    assert "&lt; 3" in page and "HEEL FIJN" not in page
    booking, young = bookings[2]
    feedback_on(db_session, booking, young.id, 3, "OK")
    page = text(client.get("/feedback"))
    assert "4,3 / 5" in page and "Gemiddelde van 3 antwoorden" in page
    assert "HEEL FIJN" not in page and "OK" not in page.split("<main")[-1].split("</main>")[0]


def test_the_approval_page_shows_feedback_per_match(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    expert = peer(db_session, org)
    earlier_youth = youth(db_session)
    earlier = proposal(db_session, open_request(db_session, earlier_youth), expert, S.APPROVED)
    feedback_on(
        db_session,
        session_of(db_session, earlier, BookingStatus.COMPLETED),
        earlier_youth.id,
        4,
        "Ze luisterde goed",
    )
    waiting = proposal(
        db_session, open_request(db_session, youth(db_session)), expert, S.AWAITING_APPROVAL
    )
    login(client, coordinator)
    page = text(client.get(f"/matches/approvals/{waiting.id}"))
    assert "Feedback per match" in page
    assert f"Eerdere match {earlier.id}" in page and "Ze luisterde goed" in page


def test_saying_no_asks_first_and_changes_nothing_until_confirmed(
    client: FlaskClient, db_session: Session
) -> None:
    expert = peer(db_session)
    match = proposal(db_session, open_request(db_session, youth(db_session)), expert)
    login(client, expert.user)
    first = client.post(f"/matches/{match.id}/decline", data={"reason": "Te druk"})
    assert first.status_code == 200
    page = text(first)
    assert "Nee zeggen tegen dit verzoek?" in page and "Te druk" in page
    db_session.refresh(match)
    assert match.status is S.ASKED
    done = client.post(
        f"/matches/{match.id}/decline", data={"reason": "Te druk", "confirmed": "yes"}
    )
    assert done.status_code == 302
    db_session.refresh(match)
    assert match.status is S.DECLINED and match.decline_reason == "Te druk"


def test_the_decline_confirm_step_is_a_404_for_anyone_but_the_peer_expert(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    match = proposal(db_session, open_request(db_session, young), peer(db_session))
    login(client, young)
    response = client.post(f"/matches/{match.id}/decline", data={"reason": "x"})
    assert response.status_code == 404 or response.status_code == 403
