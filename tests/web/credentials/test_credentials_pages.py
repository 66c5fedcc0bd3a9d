"""Credentials through the pages: the peer expert adds, changes and removes their own with a
confirm step and words after it; a coordinator of their organisation checks them; anyone
else gets a 404; the list's statements stay the same as it grows; the report counts them."""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import Credential, Notification, PeerExpertProfile
from peermatch.models.enums import CredentialKind, CredentialStatus, Role
from peermatch.models.organisations import Organisation
from peermatch.services import credentials
from peermatch.services.audit import Origin
from tests.conftest import QueryCounter
from tests.factories import login, make_coordinator, make_organisation, make_peer_expert, make_user

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
WEB = Origin(channel="web")
FORM = {
    "kind": "first_aid",
    "name": "EHBO basis",
    "obtained_on": "2025-03-01",
    "expires_on": "2027-03-01",
}


def _client(app: Flask, user: object) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, user)
    return client


def _add(
    session: Session, profile: PeerExpertProfile, name: str = "EHBO basis", **kw: object
) -> Credential:
    data = credentials.CredentialInput(
        kind=kw.pop("kind", CredentialKind.FIRST_AID),  # type: ignore[arg-type]
        name=name,
        obtained_on=dt.date(2025, 3, 1),
        expires_on=kw.pop("expires_on", dt.date(2027, 3, 1)),  # type: ignore[arg-type]
    )
    return credentials.add(session, profile.user, data, now=NOW, origin=WEB)


def _own(session: Session, profile: PeerExpertProfile) -> list[Credential]:
    return list(session.scalars(select(Credential).where(Credential.profile_id == profile.id)))


def test_a_peer_expert_adds_a_certificate_after_a_check_and_reads_what_happens_next(
    app: Flask, db_session: Session
) -> None:
    profile = make_peer_expert(db_session, make_organisation(db_session))
    client = _client(app, profile.user)
    page = client.get("/profile/credentials").get_data(as_text=True)
    assert "Je hebt nog geen certificaat toegevoegd." in page
    assert "/profile/credentials" in client.get("/profile").get_data(as_text=True)

    check = client.post("/profile/credentials/new", data=FORM)
    assert check.status_code == 200
    assert "Controleer voor je opslaat" in check.get_data(as_text=True)
    assert _own(db_session, profile) == []  # the check step changes nothing

    done = client.post(
        "/profile/credentials/new", data={**FORM, "confirm": "yes"}, follow_redirects=True
    )
    text = done.get_data(as_text=True)
    assert "Opgeslagen: ‘EHBO basis’. Je coördinator gaat het controleren." in text
    assert "Nog te controleren" in text
    [saved] = _own(db_session, profile)
    assert saved.kind is CredentialKind.FIRST_AID and saved.expires_on == dt.date(2027, 3, 1)


def test_bad_input_shows_a_translated_error_and_saves_nothing(
    app: Flask, db_session: Session
) -> None:
    profile = make_peer_expert(db_session, make_organisation(db_session))
    client = _client(app, profile.user)
    empty = client.post("/profile/credentials/new", data={**FORM, "name": "", "confirm": "yes"})
    assert empty.status_code == 422
    assert "Vul de naam van de training of het certificaat in." in empty.get_data(as_text=True)
    backwards = client.post(
        "/profile/credentials/new",
        data={**FORM, "expires_on": "2024-01-01", "confirm": "yes"},
    )
    assert backwards.status_code == 422
    assert "De laatste geldige dag komt na de datum waarop je het kreeg." in backwards.get_data(
        as_text=True
    )
    assert _own(db_session, profile) == []


def test_changing_restarts_the_check_and_removing_asks_first(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = make_peer_expert(db_session, org)
    paper = _add(db_session, profile)
    credentials.verify(db_session, coordinator, paper.id, seen_note=None, now=NOW, origin=WEB)
    client = _client(app, profile.user)
    form = client.get(f"/profile/credentials/{paper.id}/edit").get_data(as_text=True)
    assert 'value="EHBO basis"' in form
    changed = client.post(
        f"/profile/credentials/{paper.id}/edit",
        data={**FORM, "name": "EHBO gevorderd", "confirm": "yes"},
        follow_redirects=True,
    )
    assert "Gewijzigd: ‘EHBO gevorderd’." in changed.get_data(as_text=True)
    db_session.refresh(paper)
    assert paper.status is CredentialStatus.TO_CHECK and paper.verified_at is None

    ask = client.post(f"/profile/credentials/{paper.id}/remove")
    assert ask.status_code == 200 and "Dit certificaat verwijderen?" in ask.get_data(as_text=True)
    assert db_session.get(Credential, paper.id) is not None
    gone = client.post(
        f"/profile/credentials/{paper.id}/remove", data={"confirm": "yes"}, follow_redirects=True
    )
    assert "Verwijderd: ‘EHBO gevorderd’." in gone.get_data(as_text=True)
    assert _own(db_session, profile) == []


def test_another_peer_experts_certificate_is_not_found(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    paper = _add(db_session, make_peer_expert(db_session, org))
    client = _client(app, make_peer_expert(db_session, org).user)
    assert client.get(f"/profile/credentials/{paper.id}/edit").status_code == 404
    assert (
        client.post(f"/profile/credentials/{paper.id}/remove", data={"confirm": "yes"}).status_code
        == 404
    )
    assert db_session.get(Credential, paper.id) is not None


def test_the_coordinator_checks_a_certificate_after_a_confirm_step(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    profile = make_peer_expert(db_session, org)
    paper = _add(db_session, profile)
    client = _client(app, coordinator)
    listing = client.get("/verification/credentials").get_data(as_text=True)
    assert "EHBO basis" in listing and profile.user.display_name in listing
    assert "To be checked" in listing
    ask = client.post(
        f"/verification/credentials/{paper.id}/verify", data={"seen_note": "Op kantoor"}
    )
    assert "Check before saving" in ask.get_data(as_text=True)
    db_session.refresh(paper)
    assert paper.status is CredentialStatus.TO_CHECK
    done = client.post(
        f"/verification/credentials/{paper.id}/verify",
        data={"seen_note": "Op kantoor", "confirm": "yes"},
        follow_redirects=True,
    )
    assert (
        f"Saved: you saw the original of “EHBO basis” of {profile.user.display_name}."
        in done.get_data(as_text=True)
    )
    db_session.refresh(paper)
    assert paper.status is CredentialStatus.VERIFIED and paper.verified_by_id == coordinator.id
    assert paper.seen_note == "Op kantoor"


def test_rejecting_needs_a_reason_and_the_peer_expert_reads_it(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    profile = make_peer_expert(db_session, org)
    paper = _add(db_session, profile)
    client = _client(app, coordinator)
    empty = client.post(f"/verification/credentials/{paper.id}/reject", data={"reason": ""})
    assert empty.status_code == 422
    assert "Write why you cannot accept it." in empty.get_data(as_text=True)
    client.post(
        f"/verification/credentials/{paper.id}/reject",
        data={"reason": "De naam ontbreekt", "confirm": "yes"},
    )
    db_session.refresh(paper)
    assert paper.status is CredentialStatus.REJECTED
    notices = db_session.scalars(
        select(Notification.kind).where(Notification.user_id == profile.user_id)
    ).all()
    assert "credential.notice.rejected" in notices
    own = _client(app, profile.user).get("/profile/credentials").get_data(as_text=True)
    assert "De naam ontbreekt" in own and "Niet goedgekeurd" in own


def test_another_organisations_coordinator_gets_404_everywhere(
    app: Flask, db_session: Session
) -> None:
    paper = _add(db_session, make_peer_expert(db_session, make_organisation(db_session)))
    stranger = make_coordinator(db_session, make_organisation(db_session))
    client = _client(app, stranger)
    assert client.get(f"/verification/credentials/{paper.id}").status_code == 404
    for action, data in (
        ("verify", {"confirm": "yes"}),
        ("reject", {"reason": "x", "confirm": "yes"}),
        ("remind", {"confirm": "yes"}),
    ):
        assert (
            client.post(f"/verification/credentials/{paper.id}/{action}", data=data).status_code
            == 404
        ), action
    assert "EHBO basis" not in client.get("/verification/credentials?show=all").get_data(
        as_text=True
    )
    db_session.refresh(paper)
    assert paper.status is CredentialStatus.TO_CHECK


def test_youths_and_peer_experts_do_not_reach_the_coordinator_pages(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    profile = make_peer_expert(db_session, org)
    paper = _add(db_session, profile)
    for user in (make_user(db_session, Role.YOUTH), profile.user):
        client = _client(app, user)
        assert client.get("/verification/credentials").status_code in (403, 404)
        assert client.get(f"/verification/credentials/{paper.id}").status_code in (403, 404)
    youth = _client(app, make_user(db_session, Role.YOUTH))
    assert youth.get("/profile/credentials").status_code in (403, 404)


def test_the_filters_show_expiring_and_expired_and_a_reminder_asks_first(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    profile = make_peer_expert(db_session, org)
    soon = _add(db_session, profile, "Bijna verlopen", expires_on=dt.date(2026, 12, 20))
    credentials.verify(db_session, coordinator, soon.id, seen_note=None, now=NOW, origin=WEB)
    _add(db_session, profile, "Al verlopen", expires_on=dt.date(2026, 11, 1))
    client = _client(app, coordinator)
    expiring = client.get("/verification/credentials?show=expiring").get_data(as_text=True)
    expired = client.get("/verification/credentials?show=expired").get_data(as_text=True)
    assert "Bijna verlopen" in expiring and "Al verlopen" not in expiring
    assert "Al verlopen" in expired and "Bijna verlopen" not in expired
    ask = client.post(f"/verification/credentials/{soon.id}/remind")
    assert "Send a reminder?" in ask.get_data(as_text=True)
    done = client.post(
        f"/verification/credentials/{soon.id}/remind",
        data={"confirm": "yes"},
        follow_redirects=True,
    )
    assert f"We sent {profile.user.display_name} a reminder to renew “Bijna verlopen”." in (
        done.get_data(as_text=True)
    )


def _world(session: Session, org: Organisation, peers: int) -> None:
    for n in range(peers):
        profile = make_peer_expert(session, org)
        _add(session, profile, f"Training {n}", kind=CredentialKind.TRAINING)
        _add(session, profile, f"EHBO {n}", expires_on=dt.date(2026, 12, 10))


def test_the_list_uses_the_same_statements_however_many_rows(
    app: Flask, db_session: Session, count_queries: QueryCounter
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    _world(db_session, org, 1)
    client = _client(app, coordinator)

    def statements() -> int:
        with count_queries() as seen:
            assert client.get("/verification/credentials?show=all").status_code == 200
        return len(seen)

    small = statements()
    _world(db_session, org, 4)
    assert statements() == small


def test_the_report_counts_certificates_next_to_vog_and_training(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    for n in range(3):
        profile = make_peer_expert(db_session, org)
        paper = _add(db_session, profile, f"EHBO {n}")
        credentials.verify(db_session, coordinator, paper.id, seen_note=None, now=NOW, origin=WEB)
    client = _client(app, coordinator)
    response = client.get(
        "/reports/credentials.csv", query_string={"from": "2026-10", "to": "2026-11"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert ["Certificates", "Checked", "3"] in rows
    assert ["Certificates", "To be checked", "0"] in rows
    assert any(r[0] == "VOG" for r in rows)


def test_the_profile_review_page_lists_certificates_next_to_training_and_vog(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    profile = make_peer_expert(db_session, org)
    paper = _add(db_session, profile, "Suïcidepreventie", kind=CredentialKind.TRAINING)
    page = _client(app, coordinator).get(f"/verification/profiles/{profile.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Suïcidepreventie" in text and "To be checked" in text
    assert f"/verification/credentials/{paper.id}" in text
