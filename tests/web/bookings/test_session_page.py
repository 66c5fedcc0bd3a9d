"""The session page and the lists say with whom, how, when (day and zone), how long and the
status in words, with the actions each side may take; strangers get 404. A session of an
organisation with its own video service has a room link that only participants see, and
only from an hour before."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent
from peermatch.models.enums import RequestKind, Role
from peermatch.services import bookings
from tests.factories import login, make_coordinator, make_organisation, make_team, make_user
from tests.integration.booking.builders import NOW, approved_match, at, peer_expert, world
from tests.web.api.builders import bearer, token_for

BASE = "https://meet.example.nl/"


def _named(w: object) -> None:
    w.peer.display_name = "Lotte de Vries"  # type: ignore[attr-defined]
    w.youth.display_name = "Sam Jansen"  # type: ignore[attr-defined]


def _page(app: Flask, user: object, path: str) -> tuple[int, str]:
    client = app.test_client()
    login(client, user)
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


def test_each_side_reads_with_whom_how_when_how_long_and_what_they_can_do(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    w = world(db_session)
    _named(w)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    path = f"/sessions/{booking.id}"

    status, youth = _page(app, w.youth, path)
    assert status == 200
    assert "<h1>Gesprek met Lotte</h1>" in youth and ">L</span>" in youth  # initial avatar
    assert "Donderdag 26 november 2026" in youth and "11:00–12:00" in youth  # day, local time
    assert "Midden-Europese tijd" in youth  # the zone, named
    assert "Videobellen" in youth and "60 minuten" in youth
    assert 'class="badge badge-success">bevestigd<' in youth
    assert "calendar.google.com" in youth and "outlook.live.com" in youth
    assert f"{path}/session.ics" in youth
    assert 'href="#move"' in youth and 'href="#cancel"' in youth
    assert 'id="move"' in youth and 'id="cancel"' in youth
    # the pasted link of the peer expert can be tapped
    assert '<a href="https://meet.example.org/room-42" rel="noopener noreferrer"' in youth

    _, peer = _page(app, w.peer, path)
    assert "<h1>Gesprek met Sam</h1>" in peer and ">S</span>" in peer
    assert "Leg vast hoe jullie afspreken" in peer

    _, coordinator = _page(app, w.coordinator, path)
    assert "Gesprek met Sam en Lotte" in coordinator or "Gesprek met Lotte en Sam" in coordinator
    assert "Videobellen" in coordinator

    stranger = make_user(db_session, Role.YOUTH)
    assert _page(app, stranger, path)[0] == 404
    other_org_coordinator = make_coordinator(db_session, make_organisation(db_session))
    assert _page(app, other_org_coordinator, path)[0] == 404


def test_lists_show_a_card_per_session_with_name_time_and_way_of_meeting(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    w = world(db_session)
    _named(w)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    _, mine = _page(app, w.youth, "/sessions")
    assert 'class="card session-card"' in mine
    assert f'href="/sessions/{booking.id}">Gesprek met Lotte</a>' in mine
    assert "do 26 nov, 11:00–12:00" in mine and "Videobellen" in mine and "60 minuten" in mine
    _, staff = _page(app, w.coordinator, "/coordinator/sessions")
    assert f'href="/sessions/{booking.id}">Gesprek met Sam en Lotte</a>' in staff


def test_a_team_colleague_sees_the_team_session_with_the_peer_expert_named(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    org = make_organisation(db_session)
    profile = peer_expert(db_session, org)
    profile.user.display_name = "Lotte de Vries"
    asker = make_user(db_session, Role.TEAM_MEMBER, birth_year=1985)
    colleague = make_user(db_session, Role.TEAM_MEMBER, birth_year=1980)
    team = make_team(db_session, org, asker, colleague)
    proposal = approved_match(db_session, profile, asker, kind=RequestKind.TEAM, team_id=team.id)
    with app.app_context():
        booking = bookings.book_slot(db_session, proposal.id, asker, start=at(1, 10), now=NOW)
    status, page = _page(app, colleague, f"/sessions/{booking.id}")
    assert status == 200 and "Lotte" in page and "Videobellen" in page


def _video_world(db_session: Session) -> object:
    w = world(db_session, video_base_url=BASE)
    _named(w)
    return w


def test_the_room_link_shows_to_participants_only_from_an_hour_before(
    app: Flask, db_session: Session
) -> None:
    w = _video_world(db_session)
    with app.app_context():
        booking = bookings.book_slot(
            db_session,
            w.proposal.id,
            w.youth,
            start=at(1, 10),
            now=NOW,  # type: ignore[attr-defined]
        )
    room = booking.video_room_url
    assert room is not None and room.startswith(f"{BASE}peermatch-")
    path = f"/sessions/{booking.id}"

    app.extensions["peermatch_clock"].set(NOW)
    _, early = _page(app, w.youth, path)  # type: ignore[attr-defined]
    assert room not in early
    assert "De link naar je videogesprek staat hier vanaf do 26 nov, 10:00." in early

    app.extensions["peermatch_clock"].set(at(1, 9, 30))
    for person in (w.youth, w.peer):  # type: ignore[attr-defined]
        _, now_open = _page(app, person, path)
        assert f'<a href="{room}" role="button"' in now_open and "Naar het videogesprek" in now_open
    _, staff = _page(app, w.coordinator, path)  # type: ignore[attr-defined]
    assert room not in staff  # a coordinator is not in the room
    assert _page(app, make_user(db_session, Role.YOUTH), path)[0] == 404

    token = bearer(token_for(db_session, w.youth))  # type: ignore[attr-defined]
    api = app.test_client().get(f"/api/v1/sessions/{booking.id}", headers=token).get_json()
    assert api["video_room_url"] == room and api["minutes"] == 60

    app.extensions["peermatch_clock"].set(at(1, 12) + dt.timedelta(minutes=1))
    _, after = _page(app, w.youth, path)  # type: ignore[attr-defined]
    assert room not in after


def test_a_coordinator_sets_the_video_service_only_with_https_and_only_for_their_own(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    w = world(db_session)
    client = app.test_client()
    login(client, w.coordinator)
    page = client.get("/staff/organisation").get_data(as_text=True)
    assert "Adres van jullie videodienst" in page and w.org.name in page

    url = f"/staff/organisations/{w.org.id}/video"
    refused = client.post(url, data={"video_base_url": "http://meet.example.nl/"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Vul een webadres in dat begint met https://" in text and 'aria-invalid="true"' in text
    db_session.refresh(w.org)
    assert w.org.video_base_url is None

    saved = client.post(url, data={"video_base_url": " https://meet.example.nl "})
    assert saved.status_code == 302
    db_session.refresh(w.org)
    assert w.org.video_base_url == "https://meet.example.nl/"
    assert db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "organisation.video_base_url")
    ).first()

    other = app.test_client()
    login(other, make_coordinator(db_session, make_organisation(db_session)))
    assert other.post(url, data={"video_base_url": "https://evil.example/"}).status_code == 404
    db_session.refresh(w.org)
    assert w.org.video_base_url == "https://meet.example.nl/"

    youth = app.test_client()
    login(youth, w.youth)
    assert youth.get("/staff/organisation").status_code in (403, 404)


def test_the_api_sets_the_video_service_with_the_same_rules(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    w = world(db_session)
    client = app.test_client()
    auth = bearer(token_for(db_session, w.coordinator))
    path = f"/api/v1/organisations/{w.org.id}/settings"
    bad = client.patch(path, json={"video_base_url": "ftp://meet.example.nl/"}, headers=auth)
    assert bad.status_code == 422 and bad.content_type.startswith("application/problem+json")
    good = client.patch(
        path, json={"video_base_url": "https://meet.example.nl/room/"}, headers=auth
    )
    assert good.status_code == 200
    assert good.get_json()["video_base_url"] == "https://meet.example.nl/room/"
    assert (
        client.get(path, headers=auth).get_json()["video_base_url"]
        == "https://meet.example.nl/room/"
    )
    stranger = bearer(
        token_for(db_session, make_coordinator(db_session, make_organisation(db_session)))
    )
    assert app.test_client().get(path, headers=stranger).status_code == 404
