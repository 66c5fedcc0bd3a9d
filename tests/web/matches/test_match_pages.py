"""Matching pages in Dutch: cards, choosing, answering, the approval queue and batch matching."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AccessLogEntry, MatchProposal
from peermatch.models.enums import ProposalStatus
from tests.factories import add_entry, domain, login, make_coordinator, make_organisation
from tests.integration.matches.builders import NOW, open_request, peer, youth

S = ProposalStatus


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_a_youth_sees_explained_cards_in_dutch(client: FlaskClient, db_session: Session) -> None:
    young = youth(db_session)
    peer(db_session, name="Noor Jansen", pronouns="zij/haar")
    request = open_request(db_session, young)
    login(client, young)
    page = text(client.get(f"/matches/requests/{request.id}/candidates"))
    assert "Ervaringsdeskundigen die passen bij je vraag" in page
    assert "Noor" in page and "Jansen" not in page
    assert "zij/haar" in page
    assert "Wat mij hielp was ademhalen." in page
    assert "Mijn eerste keuze" in page
    assert "113" in page  # crisis lines


def test_a_hidden_domain_never_appears_on_the_youths_page(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    expert = peer(db_session, name="Sam")
    add_entry(db_session, expert, "depression", audiences=["adult_18_plus"], text="GEHEIME TEKST")
    request = open_request(db_session, young, slugs=("anxiety",))
    login(client, young)
    page = text(client.get(f"/matches/requests/{request.id}/candidates"))
    assert "Sam" in page
    hidden = domain(db_session, "depression")
    assert hidden.label_nl not in page
    assert "GEHEIME TEKST" not in page


def test_choosing_on_the_page_asks_the_first_choice(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    first, second = peer(db_session), peer(db_session)
    request = open_request(db_session, young)
    login(client, young)
    response = client.post(
        f"/matches/requests/{request.id}/choose",
        data={"choice_1": first.id, "choice_2": second.id, "choice_3": "0"},
    )
    assert response.status_code == 302
    proposals = db_session.scalars(
        select(MatchProposal)
        .where(MatchProposal.request_id == request.id)
        .order_by(MatchProposal.choice_rank)
    ).all()
    assert [(p.profile_id, p.status) for p in proposals] == [
        (first.id, S.ASKED),
        (second.id, S.CHOSEN),
    ]
    status = text(client.get(response.headers["Location"]))
    assert "Wachten op de ervaringsdeskundige" in status


def test_choosing_someone_not_eligible_changes_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    peer(db_session)
    other = peer(db_session, languages=["en"])
    request = open_request(db_session, young)
    login(client, young)
    response = client.post(
        f"/matches/requests/{request.id}/choose", data={"choice_1": other.id}, follow_redirects=True
    )
    assert "niet meer beschikbaar" in text(response)
    assert db_session.scalars(select(MatchProposal)).all() == []


def test_nobody_fits_shows_relaxations_and_a_way_to_ask_for_help(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    coordinator = make_coordinator(db_session)
    for _ in range(4):
        peer(db_session)
    request = open_request(db_session, young, modes=["in_person"])
    login(client, young)
    page = text(client.get(f"/matches/requests/{request.id}/candidates"))
    assert "Er past nu niemand" in page
    assert "Met video erbij zijn er 4 ervaringsdeskundigen beschikbaar." in page
    response = client.post(f"/matches/requests/{request.id}/help")
    assert response.status_code == 302
    from peermatch.models import Notification

    notes = db_session.scalars(
        select(Notification).where(Notification.user_id == coordinator.id)
    ).all()
    assert [n.kind for n in notes] == ["match.help_requested"]


def test_a_peer_expert_accepts_and_then_reads_the_own_words(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    expert = peer(db_session)
    request = open_request(db_session, young)
    proposal = MatchProposal(
        request_id=request.id,
        profile_id=expert.id,
        status=S.ASKED,
        respond_by=NOW + dt.timedelta(days=3),
        explanation={"audience": "youth_16_17"},
    )
    db_session.add(proposal)
    db_session.flush()
    login(client, expert.user)
    assert "Verzoeken voor jou" in text(client.get("/matches/incoming"))
    before = text(client.get(f"/matches/{proposal.id}"))
    assert "Ja, dat wil ik" in before
    assert "verhuizing" not in before
    client.post(f"/matches/{proposal.id}/accept")
    after = text(client.get(f"/matches/{proposal.id}"))
    assert "verhuizing" in after


def test_a_decline_reason_is_not_shown_to_the_youth(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    expert = peer(db_session)
    request = open_request(db_session, young)
    proposal = MatchProposal(
        request_id=request.id,
        profile_id=expert.id,
        status=S.ASKED,
        respond_by=NOW + dt.timedelta(days=3),
    )
    db_session.add(proposal)
    db_session.flush()
    login(client, expert.user)
    client.post(
        f"/matches/{proposal.id}/decline", data={"reason": "PRIVEREDEN", "confirmed": "yes"}
    )
    db_session.expire_all()
    assert proposal.status is S.DECLINED
    client.post("/logout")
    login(client, young)
    page = text(client.get(f"/matches/{proposal.id}"))
    assert "Deze keer niet" in page
    assert "PRIVEREDEN" not in page


def test_the_coordinator_queue_shows_the_breakdown_and_audits_the_own_words(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    young = youth(db_session)
    expert = peer(db_session, org, name="Noor")
    peer(db_session, org, languages=["en"])
    request = open_request(db_session, young)
    login(client, young)
    client.post(f"/matches/requests/{request.id}/choose", data={"choice_1": expert.id})
    client.post("/logout")
    login(client, expert.user)
    proposal = db_session.scalars(select(MatchProposal)).one()
    client.post(f"/matches/{proposal.id}/accept")
    client.post("/logout")
    login(client, coordinator)
    queue = text(client.get("/matches/approvals"))
    assert "Matches om goed te keuren" in queue
    page = text(client.get(f"/matches/approvals/{proposal.id}"))
    assert "Gedeelde ervaring" in page and "Gewicht" in page
    assert "verhuizing" in page
    assert "Geen gedeelde taal: 1" in page
    viewed = db_session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.data_kind == "own_words")
    ).all()
    assert [e.reader_id for e in viewed] == [coordinator.id]
    # Approving asks to confirm first and changes nothing until then.
    confirm = text(client.post(f"/matches/approvals/{proposal.id}/approve"))
    assert "Deze match goedkeuren?" in confirm and "Ja, goedkeuren" in confirm
    db_session.expire_all()
    assert proposal.status is S.AWAITING_APPROVAL
    done = client.post(
        f"/matches/approvals/{proposal.id}/approve",
        data={"confirmed": "yes"},
        follow_redirects=True,
    )
    assert "De match is goedgekeurd." in text(done)
    db_session.expire_all()
    assert proposal.status is S.APPROVED


def test_a_rejection_needs_a_reason_and_the_youth_reads_it(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    young = youth(db_session)
    expert = peer(db_session, org)
    request = open_request(db_session, young)
    proposal = MatchProposal(
        request_id=request.id,
        profile_id=expert.id,
        status=S.AWAITING_APPROVAL,
        responded_at=NOW,
        explanation={"score": 0.5, "factors": {}, "reasons": []},
    )
    db_session.add(proposal)
    db_session.flush()
    login(client, coordinator)
    assert (
        client.post(f"/matches/approvals/{proposal.id}/reject", data={"reason": ""}).status_code
        == 422
    )
    db_session.expire_all()
    assert proposal.status is S.AWAITING_APPROVAL
    client.post(
        f"/matches/approvals/{proposal.id}/reject", data={"reason": "Jullie kennen elkaar al."}
    )
    db_session.expire_all()
    assert proposal.status is S.REJECTED
    client.post("/logout")
    login(client, young)
    assert "Jullie kennen elkaar al." in text(client.get(f"/matches/{proposal.id}"))


def test_a_coordinator_of_another_organisation_gets_no_queue_item(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    expert = peer(db_session)
    request = open_request(db_session, young, organisation_id=make_organisation(db_session).id)
    proposal = MatchProposal(
        request_id=request.id, profile_id=expert.id, status=S.AWAITING_APPROVAL, responded_at=NOW
    )
    db_session.add(proposal)
    db_session.flush()
    login(client, make_coordinator(db_session))
    assert client.get(f"/matches/approvals/{proposal.id}").status_code == 404
    assert client.post(f"/matches/approvals/{proposal.id}/approve").status_code == 404
    approve = client.post(f"/matches/approvals/{proposal.id}/approve", data={"confirmed": "yes"})
    assert approve.status_code == 404
    db_session.expire_all()
    assert proposal.status is S.AWAITING_APPROVAL


def test_batch_matching_reviews_pair_by_pair_confirms_then_sends_the_chosen(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    first, second = peer(db_session, org, name="Noor"), peer(db_session, org, name="Lotte")
    requests = [
        open_request(db_session, youth(db_session), organisation_id=org.id) for _ in range(3)
    ]
    login(client, coordinator)
    assert "Meerdere vragen tegelijk matchen" in text(client.get("/matches/batch"))
    ids = [r.id for r in requests]
    review = text(client.post("/matches/batch/review", data={"request_ids": ids}))
    assert "Controleer het plan" in review
    assert "Sla deze aanvraag nu over" in review and "wacht" in review.lower()
    assert db_session.scalars(select(MatchProposal)).all() == []

    # Keep Noor for the first, swap the second to Lotte, skip the third.
    picks = {"request_ids": ids, f"pick_{ids[0]}": first.id, f"pick_{ids[1]}": second.id,
             f"pick_{ids[2]}": "skip"}  # fmt: skip
    confirm = text(client.post("/matches/batch/confirm", data=picks))
    assert "Noor" in confirm and "Lotte" in confirm and "overgeslagen" in confirm
    assert db_session.scalars(select(MatchProposal)).all() == []

    client.post("/matches/batch/send", data=picks)
    sent = db_session.scalars(select(MatchProposal).order_by(MatchProposal.request_id)).all()
    assert [(p.request_id, p.profile_id) for p in sent] == [(ids[0], first.id), (ids[1], second.id)]
    assert {p.status for p in sent} == {S.ASKED}


def test_a_batch_never_overrides_a_choice_made_in_the_meantime(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    expert, other = peer(db_session, org), peer(db_session, org)
    young = youth(db_session)
    request = open_request(db_session, young, organisation_id=org.id)
    login(client, coordinator)
    picks = {"request_ids": [request.id], f"pick_{request.id}": expert.id}
    client.post("/matches/batch/confirm", data=picks)
    # The youth chooses someone else before the coordinator presses "Versturen".
    youth_client = client.application.test_client()
    login(youth_client, young)
    youth_client.post(f"/matches/requests/{request.id}/choose", data={"choice_1": other.id})
    page = text(client.post("/matches/batch/send", data=picks, follow_redirects=True))
    assert "niet meer open" in page
    proposals = db_session.scalars(select(MatchProposal)).all()
    assert [p.profile_id for p in proposals] == [other.id]
