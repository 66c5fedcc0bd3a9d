"""Peer-expert pages: onboarding steps, experiences, status and preview."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import PeerExpertProfile
from peermatch.models.enums import DomainVisibility, ProfileStatus, Role
from tests.factories import (
    add_entry,
    add_member,
    complete_draft,
    domain,
    login,
    make_organisation,
    make_user,
)


def _own(session: Session, user_id: int) -> PeerExpertProfile:
    return session.scalars(
        select(PeerExpertProfile).where(PeerExpertProfile.user_id == user_id)
    ).one()


def test_onboarding_saves_a_draft_between_steps(client: FlaskClient, db_session: Session) -> None:
    org = make_organisation(db_session, name="Jongerenraad Zuid")
    user = make_user(db_session, Role.PEER_EXPERT, birth_year=2001)
    login(client, user)
    page = client.get("/profile/onboarding/1")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Stap 1 van 6" in html and "Jongerenraad Zuid" in html
    response = client.post(
        "/profile/onboarding/1",
        data={
            "display_name": "Robin",
            "pronouns": "hen/die",
            "birth_year": "2001",
            "gender": "",
            "organisation_id": str(org.id),
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/onboarding/2")
    profile = _own(db_session, user.id)
    assert profile.pronouns == "hen/die" and profile.organisation_id == org.id
    assert profile.onboarding_step == 2 and profile.status is ProfileStatus.DRAFT
    # Revisit step 1: the saved values are there.
    assert 'value="hen/die"' in client.get("/profile/onboarding/1").get_data(as_text=True)
    response = client.post(
        "/profile/onboarding/2",
        data={
            "languages": ["nl", "en"],
            "modes": ["video", "in_person"],
            "place_query": "Utrecht",
            "max_travel_km": "20",
            "audiences": ["youth_16_17", "adult_18_plus"],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.refresh(profile)
    assert profile.place_id is not None and profile.latitude is not None
    assert profile.onboarding_step == 3
    response = client.post(
        "/profile/onboarding/3", data={"introduction": "Ik ben Robin.", "go": "back"}
    )
    assert response.headers["Location"].endswith("/onboarding/2")
    db_session.refresh(profile)
    assert profile.introduction == "Ik ben Robin."


def test_a_step_with_an_error_says_so_in_dutch_and_saves_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    profile = complete_draft(db_session)
    login(client, profile.user)
    response = client.post(
        "/profile/onboarding/2",
        data={
            "languages": ["nl"],
            "modes": ["in_person"],
            "audiences": ["team"],
            "max_travel_km": "10",
        },
    )
    assert response.status_code == 422
    assert "kies je woonplaats" in response.get_data(as_text=True).lower()
    db_session.refresh(profile)
    assert profile.modes == ["video"] and profile.audiences == ["youth_16_17", "adult_18_plus"]


def test_an_ambiguous_place_asks_which_one_is_meant(
    client: FlaskClient, db_session: Session
) -> None:
    profile = complete_draft(db_session)
    login(client, profile.user)
    response = client.post(
        "/profile/onboarding/2",
        data={
            "languages": ["nl"],
            "modes": ["in_person"],
            "audiences": ["team"],
            "max_travel_km": "10",
            "place_query": "Berg",
        },
    )
    assert response.status_code == 200
    assert 'name="place_id"' in response.get_data(as_text=True)
    db_session.refresh(profile)
    assert profile.place_id is None


def test_a_youth_cannot_see_onboarding(client: FlaskClient, db_session: Session) -> None:
    login(client, make_user(db_session, Role.YOUTH))
    assert client.get("/profile/onboarding/1").status_code == 403
    assert client.get("/profile").status_code == 403


def test_experiences_can_be_added_paused_and_withdrawn(
    client: FlaskClient, db_session: Session
) -> None:
    profile = complete_draft(db_session)
    login(client, profile.user)
    page = client.get("/profile/experiences").get_data(as_text=True)
    assert "ervaringskennis" in page
    bullying = domain(db_session, "bullying")
    response = client.post(
        "/profile/experiences",
        data={
            "domain_id": str(bullying.id),
            "share_text": "Ik werd gepest en weet wat hielp.",
            "visibility": "after_match",
            "audiences": ["adult_18_plus"],
            "ready_to_share": "y",
        },
    )
    assert response.status_code == 302
    db_session.refresh(profile)
    entry = next(e for e in profile.domains if e.domain_id == bullying.id)
    assert entry.visibility is DomainVisibility.AFTER_MATCH and entry.ready_to_share
    assert client.post(f"/profile/experiences/{entry.id}/pause").status_code == 302
    db_session.refresh(entry)
    assert entry.status.value == "paused"
    withdraw = f"/profile/experiences/{entry.id}/withdraw"
    assert client.post(withdraw, data={"confirmed": "yes"}).status_code == 302
    db_session.refresh(entry)
    assert entry.status.value == "withdrawn" and entry.share_text is None


def test_adding_an_experience_for_a_group_not_met_is_refused(
    client: FlaskClient, db_session: Session
) -> None:
    profile = complete_draft(db_session)
    login(client, profile.user)
    response = client.post(
        "/profile/experiences",
        data={
            "domain_id": str(domain(db_session, "bullying").id),
            "visibility": "after_match",
            "audiences": ["team"],
        },
    )
    assert response.status_code == 422
    db_session.refresh(profile)
    assert len(profile.domains) == 1


def test_someone_elses_experience_cannot_be_changed(
    client: FlaskClient, db_session: Session
) -> None:
    mine = complete_draft(db_session)
    theirs = complete_draft(db_session)
    login(client, mine.user)
    assert client.get(f"/profile/experiences/{theirs.domains[0].id}").status_code == 404
    assert client.post(f"/profile/experiences/{theirs.domains[0].id}/withdraw").status_code == 404
    db_session.refresh(theirs.domains[0])
    assert theirs.domains[0].share_text is not None


def test_submitting_shows_what_is_missing_or_sends_the_profile(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    user = make_user(db_session, Role.PEER_EXPERT)
    add_member(db_session, org, user)
    login(client, user)
    client.get("/profile")
    response = client.post("/profile/status/submit")
    assert response.status_code == 422
    assert "Stap 3: een korte introductie" in response.get_data(as_text=True)
    profile = complete_draft(db_session)
    client2 = client.application.test_client()
    login(client2, profile.user)
    assert client2.post("/profile/status/submit").status_code == 302
    db_session.refresh(profile)
    assert profile.status is ProfileStatus.SUBMITTED


def test_the_review_message_is_shown_to_the_peer_expert(
    client: FlaskClient, db_session: Session
) -> None:
    profile = complete_draft(
        db_session, status=ProfileStatus.CHANGES_REQUESTED, review_message="Voeg je VOG-datum toe."
    )
    login(client, profile.user)
    html = client.get("/profile").get_data(as_text=True)
    assert "Voeg je VOG-datum toe." in html and "Bericht van je coördinator" in html


def test_preview_shows_each_viewer_exactly_what_the_rule_allows(
    client: FlaskClient, db_session: Session
) -> None:
    profile = complete_draft(
        db_session, audiences=["youth_12_15", "youth_16_17", "adult_18_plus", "team"]
    )
    profile.domains[0].share_text = "OPEN-TEKST"
    add_entry(
        db_session, profile, "bullying", text="LATER-TEKST", visibility=DomainVisibility.AFTER_MATCH
    )
    add_entry(
        db_session,
        profile,
        "depression",
        text="COORD-TEKST",
        visibility=DomainVisibility.COORDINATORS_ONLY,
    )
    add_entry(db_session, profile, "adhd", text="ALLEEN-VOLWASSEN", audiences=["adult_18_plus"])
    login(client, profile.user)
    young = client.get("/profile/preview?viewer=youth_12_15").get_data(as_text=True)
    assert "OPEN-TEKST" in young and "LATER-TEKST" in young  # once, under "after a match"
    assert "COORD-TEKST" not in young and "ALLEEN-VOLWASSEN" not in young
    assert "Voor een match" in young
    adult = client.get("/profile/preview?viewer=adult_18_plus").get_data(as_text=True)
    assert "ALLEEN-VOLWASSEN" in adult and "COORD-TEKST" not in adult
    coordinator = client.get("/profile/preview?viewer=coordinator").get_data(as_text=True)
    assert "COORD-TEKST" in coordinator


def test_the_dashboard_invites_a_peer_expert_to_continue(app: Flask, db_session: Session) -> None:
    profile = complete_draft(db_session)
    profile.onboarding_step = 3
    client = app.test_client()
    login(client, profile.user)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Ga verder met stap 3" in html
