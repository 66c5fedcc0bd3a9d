"""End to end through the pages: a new peer expert registers, builds a profile, is verified
by the coordinator of their organisation and says when they are available.

Each step goes through the same routes a person uses (test client, no service shortcuts),
so a break anywhere on the path from registration to "can be matched" shows up here.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import (
    AuditEvent,
    AvailabilityRule,
    Notification,
    OutboxMessage,
    PeerExpertProfile,
    User,
)
from peermatch.models.enums import DomainVisibility, ProfileStatus, Role
from peermatch.places import get_place, search_places
from tests.factories import domain, login, make_coordinator, make_organisation
from tests.outbox import render_queued

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)  # a Monday, 13:00 in Amsterdam
BIRTH_YEAR = NOW.year - 22
PASSWORD = "een lang en sterk wachtwoord"


def _client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def _register(client: FlaskClient, session: Session, email: str, name: str = "Sanne") -> None:
    response = client.post(
        "/register",
        data={
            "role": "peer_expert",
            "display_name": name,
            "email": email,
            "password": PASSWORD,
            "birth_year": str(BIRTH_YEAR),
            "privacy": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert response.headers["Location"].endswith("/login")
    logged_in = client.post("/login", data={"email": email, "password": PASSWORD})
    assert logged_in.headers["Location"].endswith("/dashboard")
    # The address is confirmed with the emailed link, as the person would.
    link = session.scalars(
        select(OutboxMessage.link).where(
            OutboxMessage.kind == "email_verify", OutboxMessage.to_email == email
        )
    ).one()
    assert client.get(link or "").status_code == 302


def _user(session: Session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


def _profile(session: Session, user: User) -> PeerExpertProfile:
    profile = session.scalars(
        select(PeerExpertProfile).where(PeerExpertProfile.user_id == user.id)
    ).one()
    session.refresh(profile)
    return profile


def _audits(session: Session, action: str, profile_id: int) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == action,
                AuditEvent.subject_type == "profile",
                AuditEvent.subject_id == profile_id,
            )
        )
    )


def _post_step(client: FlaskClient, step: int, data: dict[str, object]) -> str:
    response = client.post(f"/profile/onboarding/{step}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return response.headers["Location"]


def _steps_one_to_three(client: FlaskClient, organisation_id: int) -> None:
    page = client.get("/profile/onboarding/1").get_data(as_text=True)
    assert "Stap 1 van 6" in page
    assert _post_step(
        client,
        1,
        {
            "display_name": "Sanne",
            "pronouns": "zij/haar",
            "birth_year": str(BIRTH_YEAR),
            "gender": "woman",
            "organisation_id": str(organisation_id),
        },
    ).endswith("/profile/onboarding/2")
    assert _post_step(
        client,
        2,
        {
            "languages": ["nl", "en"],
            "modes": ["video", "in_person"],
            "place_query": "Utrecht",
            "max_travel_km": "15",
            "audiences": ["youth_16_17", "adult_18_plus"],
        },
    ).endswith("/profile/onboarding/3")
    assert _post_step(
        client,
        3,
        {
            "introduction": "Ik ben Sanne, ik studeer en werk als ervaringsdeskundige.",
            "what_helped": "Praten met iemand die het kende.",
        },
    ).endswith("/profile/onboarding/4")


def _add_experience(client: FlaskClient, data: dict[str, object]) -> None:
    response = client.post("/profile/experiences", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def _two_experiences(client: FlaskClient, session: Session) -> None:
    _add_experience(
        client,
        {
            "domain_id": str(domain(session, "anxiety").id),
            "share_text": "Spanning ken ik goed; ademhalen hielp mij.",
            "visibility": "candidate_viewers",
            "audiences": ["youth_16_17", "adult_18_plus"],
            "ready_to_share": "y",
        },
    )
    _add_experience(
        client,
        {
            "domain_id": str(domain(session, "bullying").id),
            "share_text": "Hierover vertel ik pas als we elkaar kennen.",
            "visibility": "coordinators_only",
            "audiences": ["adult_18_plus"],
            "ready_to_share": "y",
        },
    )


def _steps_four_to_six(client: FlaskClient) -> None:
    step4 = client.get("/profile/onboarding/4").get_data(as_text=True)
    assert "<li>Angst</li>" in step4 and "<li>Pesten</li>" in step4  # both entries listed
    assert _post_step(client, 4, {}).endswith("/profile/onboarding/5")
    assert _post_step(
        client,
        5,
        {"training_status": "completed", "training_year": "2025", "vog_date": "2026-03-01"},
    ).endswith("/profile/onboarding/6")
    assert _post_step(
        client,
        6,
        {
            "session_lengths": ["45", "60"],
            "buffer_before_minutes": "10",
            "buffer_after_minutes": "10",
            "min_notice_hours": "24",
            "horizon_weeks": "4",
            "max_sessions_per_week": "3",
            "max_active_matches": "3",
        },
    ).endswith("/profile")


def test_a_new_peer_expert_goes_from_registration_to_a_verified_profile_with_free_times(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session, name="Jongerenraad Utrecht")
    coordinator = make_coordinator(db_session, org, display_name="Coco")
    peer = _client(app)

    # Registration as a peer expert who turns 22 this year.
    _register(peer, db_session, "sanne.peerpath@example.org")
    user = _user(db_session, "sanne.peerpath@example.org")
    assert user.has_role(Role.PEER_EXPERT) and user.birth_year == BIRTH_YEAR

    # Onboarding, every step with valid data.
    _steps_one_to_three(peer, org.id)
    _two_experiences(peer, db_session)
    _steps_four_to_six(peer)
    profile = _profile(db_session, user)
    assert profile.organisation_id == org.id and profile.pronouns == "zij/haar"
    utrecht = get_place(profile.place_id) if profile.place_id else None
    assert utrecht is not None and utrecht.name == "Utrecht"
    assert utrecht.id in {p.id for p in search_places("Utrecht")}
    assert profile.max_travel_km == 15 and profile.latitude is not None
    entries = {e.domain.slug: e for e in profile.domains}
    assert entries["anxiety"].visibility is DomainVisibility.CANDIDATE_VIEWERS
    assert entries["anxiety"].audiences == ["youth_16_17", "adult_18_plus"]
    assert entries["bullying"].visibility is DomainVisibility.COORDINATORS_ONLY
    assert entries["bullying"].audiences == ["adult_18_plus"]
    overview = peer.get("/profile").get_data(as_text=True)
    assert "Nog te doen" not in overview  # nothing missing any more

    # Submit.
    response = peer.post("/profile/status/submit")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert "Verstuurd: een coördinator bekijkt je profiel." in peer.get("/profile").get_data(
        as_text=True
    )
    profile = _profile(db_session, user)
    assert profile.status is ProfileStatus.SUBMITTED and profile.submitted_at == NOW

    # The coordinator of that organisation verifies it from the queue.
    coord = _client(app)
    login(coord, coordinator)
    queue = coord.get("/verification").get_data(as_text=True)
    assert "Profielen om te verifiëren" in queue
    assert f"/verification/profiles/{profile.id}" in queue and "Sanne" in queue
    review = coord.get(f"/verification/profiles/{profile.id}").get_data(as_text=True)
    assert "Hierover vertel ik pas als we elkaar kennen." in review  # coordinators-only text
    response = coord.post(f"/verification/profiles/{profile.id}/verify")
    assert response.status_code == 302 and response.headers["Location"].endswith("/verification")
    assert "Sanne is geverifieerd" in coord.get("/verification").get_data(as_text=True)

    # The peer expert adds weekly windows in the editor.
    for weekday, start, end in (("1", "14:00", "17:00"), ("3", "19:00", "21:00")):
        response = peer.post(
            "/availability/windows",
            data={"window-weekday": weekday, "window-start": start, "window-end": end},
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    availability = peer.get("/availability").get_data(as_text=True)
    assert "Mijn beschikbaarheid" in availability
    assert "14:00–17:00" in availability and "19:00–21:00" in availability
    # Preview: Tuesday 1 December from 14:00 and Thursday 3 December from 19:00.
    assert "dinsdag 1 december" in availability and "donderdag 3 december" in availability
    assert '<span class="slot">14:00</span>' in availability
    assert '<span class="slot">19:00</span>' in availability
    assert "Nog geen vrije tijden" not in availability

    # Final state.
    profile = _profile(db_session, user)
    assert profile.status is ProfileStatus.ACTIVE
    assert profile.verified_by_id == coordinator.id and profile.verified_at == NOW
    rules = db_session.scalars(
        select(AvailabilityRule).where(AvailabilityRule.profile_id == profile.id)
    ).all()
    assert sorted((r.weekday, r.start_time.hour, r.end_time.hour) for r in rules) == [
        (1, 14, 17),
        (3, 19, 21),
    ]
    (submitted,) = _audits(db_session, "profile.submit", profile.id)
    assert submitted.actor_id == user.id and submitted.details["to"] == "submitted"
    (verified,) = _audits(db_session, "profile.verify", profile.id)
    assert verified.actor_id == coordinator.id and verified.details["to"] == "active"
    notices = db_session.scalars(select(Notification).where(Notification.user_id == user.id)).all()
    assert [n.kind for n in notices] == ["profile.notice.verified"]
    render_queued(app, db_session)
    mail = db_session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.to_user_id == user.id, OutboxMessage.kind == "profile_verified"
        )
    ).one()
    assert mail.to_email == "sanne.peerpath@example.org"
    assert mail.subject == "Je PeerMatch-profiel is geverifieerd"
    # No page lists in-app notices yet; the peer expert sees the outcome on their profile.
    assert "Actief: mensen kunnen jouw ervaringskennis vinden." in peer.get("/profile").get_data(
        as_text=True
    )


def test_submitting_with_a_missing_step_lists_what_is_missing_in_dutch_and_changes_nothing(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    make_coordinator(db_session, org)
    peer = _client(app)
    _register(peer, db_session, "noor.peerpath@example.org", name="Noor")
    user = _user(db_session, "noor.peerpath@example.org")
    _steps_one_to_three(peer, org.id)
    _two_experiences(peer, db_session)
    # Steps 4 to 6 (training and VOG, sessions and capacity) are left undone.
    before = _profile(db_session, user)
    step_before = before.onboarding_step
    audit_count = db_session.scalar(select(func.count()).select_from(AuditEvent))

    response = peer.post("/profile/status/submit")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Een paar stappen zijn nog niet af" in page
    assert "Nog te doen" in page
    assert "Stap 5: je training en VOG" in page
    assert "Stap 6: je gesprekken en ruimte" in page
    assert "Stap 1:" not in page and "Stap 3:" not in page  # finished steps are not listed

    profile = _profile(db_session, user)
    assert profile.status is ProfileStatus.DRAFT and profile.submitted_at is None
    assert profile.onboarding_step == step_before
    assert db_session.scalar(select(func.count()).select_from(AuditEvent)) == audit_count
    assert _audits(db_session, "profile.submit", profile.id) == []
