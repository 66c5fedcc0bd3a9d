"""Request pages: the youth form (draft, send, errors), guardian step and consent, teams."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, MatchProposal, OutboxMessage
from peermatch.models.enums import ProposalStatus, RequestStatus, Role
from tests.factories import domain, login, make_organisation, make_peer_expert, make_team, make_user
from tests.integration.requests.builders import NOW, youth_of_age
from tests.outbox import render_queued


def _set_clock(app: Flask) -> None:
    app.extensions["peermatch_clock"].set(NOW)


def _form(session: Session, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"domain_{domain(session, 'anxiety').id}": "most",
        f"domain_{domain(session, 'loneliness').id}": "also",
        "own_words": "Ik voel me vaak alleen op school.",
        "hopes": ["few_talks"],
        "languages": ["nl"],
        "modes": ["video"],
        "gender_preference": "none",
        "weekly": ["2-evening"],
        "action": "save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ContactRequest)) or 0


def test_the_request_form_is_dutch_and_shows_the_crisis_lines(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _set_clock(app)
    login(client, youth_of_age(db_session, 17))
    page = client.get("/requests/new").get_data(as_text=True)
    assert "Waar wil je over praten?" in page
    assert "Het belangrijkst" in page and "Ook" in page
    assert "Opslaan als concept" in page and "Versturen" in page
    assert "geen crisishulp" in page
    assert "113 Zelfmoordpreventie" in page and "0800-0113" in page
    assert "De Kindertelefoon" in page and "0800-0432" in page
    # Domains are shown in youth-friendly wording, grouped by category.
    assert "Ik ben vaak bang of gespannen" in page and "Hoe ik me voel" in page


def test_a_youth_saves_a_draft_then_sends_it(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _set_clock(app)
    youth = youth_of_age(db_session, 17)
    login(client, youth)
    response = client.post("/requests/new", data=_form(db_session))
    assert response.status_code == 302
    request = db_session.scalars(select(ContactRequest)).one()
    assert request.status is RequestStatus.DRAFT
    assert request.time_preferences["weekly"] == [{"weekday": 2, "part": "evening"}]
    # "New" continues the draft.
    assert client.get("/requests/new").headers["Location"].endswith(f"/requests/{request.id}/edit")
    edit_page = client.get(f"/requests/{request.id}/edit").get_data(as_text=True)
    assert "Ik voel me vaak alleen op school." in edit_page
    response = client.post(f"/requests/{request.id}/edit", data=_form(db_session, action="send"))
    assert response.status_code == 302
    db_session.refresh(request)
    assert request.status is RequestStatus.OPEN
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wat gebeurt er nu?" in page
    listing = client.get("/requests/").get_data(as_text=True)
    assert "Verstuurd" in listing


def test_form_errors_are_translated_and_nothing_is_saved(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _set_clock(app)
    login(client, youth_of_age(db_session, 17))
    response = client.post(
        "/requests/new", data=_form(db_session, modes=["in_person"], action="send")
    )
    assert response.status_code == 422
    assert "Om elkaar in het echt te zien" in response.get_data(as_text=True)
    assert _count(db_session) == 0
    response = client.post(
        "/requests/new",
        data=_form(
            db_session, window_1_date="2026-11-20", window_1_start="10:00", window_1_end="11:00"
        ),
    )
    assert response.status_code == 422
    assert "al voorbij" in response.get_data(as_text=True)
    assert _count(db_session) == 0


def test_place_search_works_without_javascript(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _set_clock(app)
    login(client, youth_of_age(db_session, 17))
    response = client.post(
        "/requests/new",
        data=_form(db_session, modes=["in_person"], place_query="Utrecht", action="search_place"),
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    match = re.search(r'name="place_id" type="radio" value="(\d+)"', page)
    assert match is not None, page
    assert _count(db_session) == 0
    response = client.post(
        "/requests/new",
        data=_form(
            db_session,
            modes=["in_person"],
            place_id=match.group(1),
            max_distance_km="15",
            action="send",
        ),
    )
    assert response.status_code == 302
    request = db_session.scalars(select(ContactRequest)).one()
    assert request.place_id == int(match.group(1)) and request.latitude is not None


def test_a_fourteen_year_old_goes_to_the_guardian_step_and_the_guardian_confirms(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _set_clock(app)
    login(client, youth_of_age(db_session, 14, display_name="Noor"))
    response = client.post("/requests/new", data=_form(db_session, action="send"))
    request = db_session.scalars(select(ContactRequest)).one()
    assert response.headers["Location"].endswith(f"/requests/{request.id}/guardian")
    assert request.status is RequestStatus.DRAFT
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ouder of verzorger" in page
    response = client.post(
        f"/requests/{request.id}/guardian",
        data={"guardian_name": "Marieke", "guardian_email": "marieke@example.org"},
    )
    assert response.status_code == 302
    db_session.refresh(request)
    assert request.status is RequestStatus.AWAITING_CONSENT
    render_queued(app, db_session)
    mail = db_session.scalars(select(OutboxMessage)).one()
    link = re.search(r"http://localhost(/requests/consent/\S+)", mail.body_text)
    assert link is not None
    guardian = app.test_client()
    consent_page = guardian.get(link.group(1)).get_data(as_text=True)
    assert "Noor" in consent_page and "toestemming" in consent_page
    assert "alleen op school" not in consent_page
    assert guardian.post(link.group(1)).status_code == 422  # name and relation first
    db_session.refresh(request)
    assert request.status is RequestStatus.AWAITING_CONSENT
    stated = {"stated_name": "Marieke", "relation": "parent"}
    assert guardian.post(link.group(1), data=stated).status_code == 200
    db_session.refresh(request)
    assert request.status is RequestStatus.OPEN
    again = guardian.get(link.group(1)).get_data(as_text=True)
    assert "Dank je wel" in again


def test_a_wrong_consent_link_gets_a_calm_page(client: FlaskClient) -> None:
    response = client.get("/requests/consent/nonsense")
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.get_data(as_text=True)


def test_withdrawing_asks_for_confirmation_and_closes_proposals(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _set_clock(app)
    youth = youth_of_age(db_session, 18)
    login(client, youth)
    client.post("/requests/new", data=_form(db_session, action="send"))
    request = db_session.scalars(select(ContactRequest)).one()
    proposal = MatchProposal(
        request_id=request.id,
        profile_id=make_peer_expert(db_session).id,
        status=ProposalStatus.ASKED,
    )
    db_session.add(proposal)
    db_session.flush()
    # With a proposal the request can no longer be edited.
    assert client.get(f"/requests/{request.id}/edit").status_code == 302
    page = client.get(f"/requests/{request.id}/withdraw").get_data(as_text=True)
    assert "Weet je het zeker?" in page
    assert (
        client.post(f"/requests/{request.id}/withdraw", data={"confirm": "yes"}).status_code == 302
    )
    db_session.refresh(request)
    db_session.refresh(proposal)
    assert request.status is RequestStatus.WITHDRAWN
    assert proposal.status is ProposalStatus.WITHDRAWN


def test_another_youth_cannot_see_my_request(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _set_clock(app)
    login(client, youth_of_age(db_session, 17))
    client.post("/requests/new", data=_form(db_session))
    request = db_session.scalars(select(ContactRequest)).one()
    other = app.test_client()
    login(other, youth_of_age(db_session, 17))
    assert other.get(f"/requests/{request.id}").status_code == 404
    assert (
        other.post(f"/requests/{request.id}/withdraw", data={"confirm": "yes"}).status_code == 404
    )


def test_a_team_member_sends_a_team_request_and_refers_a_youth(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _set_clock(app)
    org = make_organisation(db_session)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    make_team(db_session, org, member)
    login(client, member)
    assert "Wat heb je ervaringsdeskundigen voor nodig?" in client.get(
        "/requests/team/new"
    ).get_data(as_text=True)
    day = (NOW + dt.timedelta(days=10)).date().isoformat()
    response = client.post(
        "/requests/team/new",
        data={
            "purpose": "intervision",
            "domains": [str(domain(db_session, "anxiety").id)],
            "peer_experts_wanted": "2",
            "window_1_date": day,
            "window_1_start": "14:00",
            "window_1_end": "16:00",
            "modes": ["video"],
            "languages": ["nl"],
            "action": "send",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    request = db_session.scalars(select(ContactRequest)).one()
    assert request.status is RequestStatus.OPEN and request.peer_experts_wanted == 2
    # 14:00 in Amsterdam in winter is 13:00 UTC.
    assert request.time_preferences["windows"][0]["start"].endswith("T13:00:00+00:00")
    youth = youth_of_age(db_session, 13, email="jip@example.org")
    response = client.post("/requests/refer", data={"email": "jip@example.org"})
    assert response.status_code == 302
    referred = db_session.scalars(
        select(ContactRequest).where(ContactRequest.requester_id == youth.id)
    ).one()
    assert referred.referred_by_id == member.id and referred.organisation_id == org.id
    response = client.post("/requests/refer", data={"email": "niemand@example.org"})
    assert response.status_code == 404
    assert "Er is geen jongerenaccount" in response.get_data(as_text=True)


def test_the_dashboard_offers_requests_to_youths_and_team_members(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    login(client, youth_of_age(db_session, 17))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "/requests/new" in page and "Mijn aanvragen" in page
    team_client = app.test_client()
    login(team_client, make_user(db_session, Role.TEAM_MEMBER, birth_year=None))
    page = team_client.get("/dashboard").get_data(as_text=True)
    assert "/requests/refer" in page and "/requests/team/new" in page


def test_the_request_form_is_english_for_english_speakers(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _set_clock(app)
    login(client, youth_of_age(db_session, 17, locale="en"))
    client.post("/language", data={"locale": "en", "next": "/requests/new"})
    page = client.get("/requests/new").get_data(as_text=True)
    assert "What do you want to talk about?" in page
    assert "I often feel scared or tense" in page
    assert "not crisis help" in page
