"""See your data and delete your account, through the pages and the API; coordinators'
erasure for their own organisation's people."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent
from peermatch.services import privacy
from tests.factories import PASSWORD, login, make_coordinator, make_organisation, make_user
from tests.integration.privacy.builders import (
    ANSWER,
    DELETED_AT,
    FEEDBACK_TEXT,
    OWN_WORDS,
    PEER_FEEDBACK,
    youth_with_history,
)
from tests.web.api.builders import bearer, token_for

SECTIONS = list(privacy.SECTIONS)


def test_the_account_page_offers_the_download_and_the_deletion(
    client: FlaskClient, db_session: Session
) -> None:
    login(client, make_user(db_session))
    page = client.get("/account").get_data(as_text=True)
    assert "Je gegevens en privacy" in page
    assert 'href="/account/privacy/export.json"' in page
    assert 'href="/account/privacy/delete"' in page


def test_a_youth_downloads_their_data_with_their_words_but_not_the_peer_experts_private_texts(
    client: FlaskClient, db_session: Session
) -> None:
    youth = youth_with_history(db_session)
    youth.w.proposal.decline_reason = "PRIVE-AFWIJSREDEN"
    db_session.flush()
    login(client, youth.w.youth)
    response = client.get("/account/privacy/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    document = response.get_json()
    assert list(document)[2:] == SECTIONS
    assert document["account"]["email"] == youth.w.youth.email
    assert document["requests"][0]["own_words"] == OWN_WORDS
    assert [f["comment"] for f in document["feedback_given"]] == [FEEDBACK_TEXT]
    assert {m["body"] for m in document["messages"] if m["from_me"]} == {ANSWER}
    assert {s["status"] for s in document["sessions"]} == {"completed", "confirmed"}
    assert {c["kind"] for c in document["consents"]} == {"guardian_consent"}
    raw = response.get_data(as_text=True)
    assert "PRIVE-AFWIJSREDEN" not in raw
    assert PEER_FEEDBACK not in raw  # the peer expert's feedback and note are theirs
    assert youth.w.peer.email not in raw


def test_a_peer_expert_never_gets_the_youths_words_or_name(
    client: FlaskClient, db_session: Session
) -> None:
    youth = youth_with_history(db_session)
    login(client, youth.w.peer)
    raw = client.get("/account/privacy/export.json").get_data(as_text=True)
    document = json.loads(raw)
    assert document["profile"]["id"] == youth.w.profile.id
    assert [f["comment"] for f in document["feedback_given"]] == [PEER_FEEDBACK]
    for private in (OWN_WORDS, youth.w.youth.email, "Vandermeerschaert", ANSWER, FEEDBACK_TEXT):
        assert private not in raw


def test_the_readable_page_shows_every_section_in_dutch(
    client: FlaskClient, db_session: Session
) -> None:
    youth = youth_with_history(db_session)
    login(client, youth.w.youth)
    page = client.get("/account/privacy/export").get_data(as_text=True)
    assert "<h1>Jouw gegevens</h1>" in page
    assert OWN_WORDS in page and FEEDBACK_TEXT in page
    assert page.count('<section aria-labelledby="data-') == len(SECTIONS)
    assert "Wat er met je gegevens gebeurde" in page


def test_the_api_answers_the_same_document_with_a_token(
    client: FlaskClient, db_session: Session
) -> None:
    youth = youth_with_history(db_session)
    headers = bearer(token_for(db_session, youth.w.youth))
    response = client.get("/api/v1/me/export", headers=headers)
    assert response.status_code == 200
    document = response.get_json()
    assert document["requests"][0]["own_words"] == OWN_WORDS
    assert document["format"] == "peermatch-export/1"
    assert client.get("/api/v1/me/export").status_code == 401
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/me/export" in spec["paths"] or "/api/v1/me/export" in spec["paths"]


def test_deleting_needs_the_password_and_logging_in_in_the_grace_period_offers_cancel(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(DELETED_AT)
    youth = make_user(db_session, display_name="Noor")
    login(client, youth)
    confirm = client.get("/account/privacy/delete").get_data(as_text=True)
    assert "Ja, verwijder mijn account" in confirm and 'autocomplete="current-password"' in confirm
    wrong = client.post("/account/privacy/delete", data={"password": "niet het goede"})
    assert wrong.status_code == 422
    db_session.refresh(youth)
    assert youth.erasure_due_at is None

    done = client.post("/account/privacy/delete", data={"password": PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert client.get("/account").status_code in (302, 401)  # logged out
    db_session.refresh(youth)
    assert youth.erasure_due_at is not None

    back = login(client, youth)
    assert back.headers["Location"].endswith("/account/privacy/pending")
    page = client.get("/account/privacy/pending").get_data(as_text=True)
    assert "Je account wordt op" in page and "verwijderd" in page
    assert "Annuleer" in page
    cancelled = client.post("/account/privacy/cancel")
    assert cancelled.status_code == 302
    db_session.refresh(youth)
    assert youth.erasure_due_at is None and youth.erasure_requested_at is None
    assert client.get("/account/privacy/pending").status_code == 302


def test_a_coordinator_erases_on_request_after_a_confirm_step_their_own_people_only(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(DELETED_AT)
    youth = youth_with_history(db_session)
    stranger_youth = make_user(db_session)
    login(client, youth.w.coordinator)
    assert client.get("/account/privacy/erase").status_code == 200
    unknown = client.post("/account/privacy/erase", data={"email": stranger_youth.email})
    assert unknown.status_code == 404
    confirm = client.post("/account/privacy/erase", data={"email": youth.w.youth.email})
    assert confirm.status_code == 200
    assert f"/account/privacy/erase/{youth.w.youth.id}" in confirm.get_data(as_text=True)
    db_session.refresh(youth.w.youth)
    assert youth.w.youth.erasure_due_at is None  # finding is not erasing
    assert client.post(f"/account/privacy/erase/{stranger_youth.id}").status_code == 302
    db_session.refresh(stranger_youth)
    assert stranger_youth.erasure_due_at is None
    done = client.post(f"/account/privacy/erase/{youth.w.youth.id}")
    assert done.status_code == 302
    db_session.expire_all()
    assert youth.w.youth.erasure_due_at is not None
    actors = db_session.scalars(
        select(AuditEvent.actor_id).where(AuditEvent.action == "privacy.erasure_requested")
    ).all()
    assert actors == [youth.w.coordinator.id]


def test_a_youth_or_another_organisations_coordinator_cannot_use_the_erasure_pages(
    client: FlaskClient, db_session: Session
) -> None:
    youth = make_user(db_session)
    login(client, youth)
    assert client.get("/account/privacy/erase").status_code in (403, 404)
    other = make_coordinator(db_session, make_organisation(db_session))
    client.post("/logout")
    login(client, other)
    assert client.post(f"/account/privacy/erase/{youth.id}").status_code == 302
    db_session.refresh(youth)
    assert youth.erasure_due_at is None
