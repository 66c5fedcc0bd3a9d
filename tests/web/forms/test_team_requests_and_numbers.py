"""Team requests read as a team's (their own notes, no youth crisis box, no youth wording);
numbers, dates and match reasons in the viewer's language."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.edge import numbers
from peermatch.matching.explain import NEARBY_STEP_KM
from peermatch.models import ContactRequest
from peermatch.models.enums import RequestStatus, Role
from peermatch.web.matches.forms import DeclineForm
from peermatch.web.matches.present import in_sentence, reason_text
from tests.factories import domain, login, make_organisation, make_team, make_user
from tests.integration.requests.builders import NOW

NOTES = "We zoeken iemand die meedenkt over onze jongerengroep."


def _team_member(app: Flask, client: FlaskClient, db_session: Session) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    make_team(db_session, make_organisation(db_session), member)
    login(client, member)


def _team_form(db_session: Session, **overrides: object) -> dict[str, object]:
    day = (NOW + dt.timedelta(days=10)).date().isoformat()
    data: dict[str, object] = {
        "purpose": "intervision",
        "domains": [str(domain(db_session, "anxiety").id)],
        "peer_experts_wanted": "1",
        "window_1_date": day,
        "window_1_start": "14:00",
        "window_1_end": "16:00",
        "modes": ["video"],
        "languages": ["nl"],
        "notes": NOTES,
        "action": "send",
    }
    data.update(overrides)
    return data


def test_a_team_writes_its_own_notes_and_sees_them_without_a_crisis_box(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _team_member(app, client, db_session)
    form_page = client.get("/requests/team/new").get_data(as_text=True)
    assert 'name="notes"' in form_page and "0800-0113" not in form_page.split("<footer")[0]
    response = client.post("/requests/team/new", data=_team_form(db_session))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    request = db_session.scalars(select(ContactRequest)).one()
    assert request.status is RequestStatus.OPEN and request.own_words == NOTES
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "De vraag van je team" in main and "Wat het team schreef" in main and NOTES in main
    assert "0800-0113" not in main and "Kindertelefoon" not in main


def test_an_empty_team_request_names_every_gap_at_its_field(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _team_member(app, client, db_session)
    response = client.post(
        "/requests/team/new",
        data={"action": "send", "notes": NOTES, "peer_experts_wanted": "1"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for target in ("#purpose-0", "#domains-0", "#window_1_date", "#modes-0"):
        assert f'href="{target}"' in html, target
    assert NOTES in html
    assert db_session.scalars(select(ContactRequest)).all() == []


def test_declining_a_team_request_is_worded_for_a_team(app: Flask) -> None:
    with app.test_request_context(), force_locale("nl"):
        assert "De jongere ziet het niet" in str(DeclineForm(formdata=None).reason.description)
        team = str(DeclineForm(formdata=None).for_team().reason.description)
        assert "jongere" not in team and "team" in team


def test_numbers_and_days_follow_the_language(app: Flask) -> None:
    moment = dt.datetime(2026, 12, 2, 16, 45, tzinfo=dt.UTC)  # 17:45 in Amsterdam
    with app.test_request_context():
        with force_locale("nl"):
            assert numbers.decimal(0.87) == "0,87"
            assert numbers.decimal(1.5, 1) == "1,5"
            assert numbers.fit_percent(0.874) == "87%"
            assert numbers.day_short(moment.date()) == "wo 2 dec"
            assert numbers.day_clock(moment) == "wo 2 dec, 17:45"
            assert numbers.zone_label("America/Paramaribo", "nl") == "Suriname (Paramaribo)"
        with force_locale("en"):
            assert numbers.decimal(0.87) == "0.87"
            assert numbers.day_short(moment.date()) == "Wed 2 Dec"
            assert numbers.zone_label("Europe/Amsterdam", "en") == "Netherlands (Amsterdam)"
        assert numbers.fit_percent(1.7) == "100%"


def test_reasons_read_as_sentences(app: Flask, db_session: Session) -> None:
    anxiety = domain(db_session, "anxiety")
    loneliness = domain(db_session, "loneliness")
    domains = {anxiety.id: anxiety, loneliness.id: loneliness}
    assert in_sentence("Psychose") == "psychose" and in_sentence("ADHD") == "ADHD"
    with app.test_request_context(), force_locale("nl"):
        shared = reason_text("reason.shared_domain", {"domain_id": anxiety.id}, domains)
        assert shared.startswith("Jullie delen ervaring met ")
        assert shared == "Jullie delen ervaring met " + in_sentence(anxiety.label("nl"))
        related = reason_text(
            "reason.related_domain",
            {"domain_id": anxiety.id, "requested_domain_id": loneliness.id},
            domains,
        )
        assert "dichtbij" not in related and ", dat lijkt op " in related
        assert reason_text("reason.nearby", {"km": 15}, domains) == (
            "Woont in de buurt (binnen 15 km)"
        )
    assert NEARBY_STEP_KM == 5
