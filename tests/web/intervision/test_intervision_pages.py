"""Intervision through the pages: a confirm step before every change and words after it,
refusals shown at their fields with nothing changed, strangers get 404 and youths 403,
and the lists cost the same statements however many meetings there are."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import Intervision, IntervisionParticipant, OutboxMessage, User
from peermatch.models.enums import Role
from tests.conftest import QueryCounter
from tests.factories import login, make_user
from tests.integration.intervision.builders import NOW, START, World, scheduled, world


def _client(app: Flask, user: User) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, user)
    return client


def _form(w: World, **over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "organisation": str(w.org.id),
        "title": "Grenzen bewaken",
        "topic": "",
        "day": "2026-12-03",
        "start": "15:00",
        "end": "17:00",
        "mode": "video",
        "place": "",
        "capacity": "",
        "peers": [str(w.peers[0].user_id), str(w.peers[1].user_id)],
    }
    data.update(over)
    return data


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Intervision)) or 0)


def test_a_coordinator_plans_with_a_confirm_step_then_reads_what_happened(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    client = _client(app, w.coordinator)
    page = client.get("/intervision/new").get_data(as_text=True)
    assert "Plan een intervisie" in page
    assert w.peers[0].user.display_name in page
    assert w.other_peer.user.display_name not in page  # another organisation's peer expert

    check = client.post("/intervision/new", data=_form(w))
    assert check.status_code == 200
    html = check.get_data(as_text=True)
    assert "Controleer voor je verstuurt" in html and "donderdag 3 december 2026" in html
    assert _count(db_session) == 0

    done = client.post("/intervision/new", data={**_form(w), "confirm": "yes"})
    assert done.status_code == 302
    meeting = db_session.scalars(select(Intervision)).one()
    # 15:00 in Amsterdam is 14:00 UTC in December
    assert meeting.starts_at == START and meeting.ends_at == START + dt.timedelta(hours=2)
    assert {p.user_id for p in meeting.participants} == {w.peers[0].user_id, w.peers[1].user_id}
    detail = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "De intervisie is gepland. 2 ervaringsdeskundigen kregen een uitnodiging" in detail
    invited = db_session.scalars(
        select(OutboxMessage.kind).where(OutboxMessage.kind == "intervision_invited")
    ).all()
    assert len(invited) == 2
    listing = client.get("/intervision").get_data(as_text=True)
    assert "Grenzen bewaken" in listing and "donderdag 3 december 2026" in listing


def test_bad_input_is_explained_at_its_field_and_changes_nothing(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    client = _client(app, w.coordinator)
    empty = client.post("/intervision/new", data=_form(w, title="", peers=[]))
    assert empty.status_code == 422
    html = empty.get_data(as_text=True)
    assert 'class="error-summary"' in html
    assert "Geef de intervisie een titel." in html
    assert "Nodig minstens één ervaringsdeskundige uit." in html
    past = client.post("/intervision/new", data=_form(w, day="2026-11-01", confirm="yes"))
    assert past.status_code == 422
    assert 'href="#day"' in past.get_data(as_text=True)
    assert "Kies een begintijd in de toekomst." in past.get_data(as_text=True)
    stranger = client.post(
        "/intervision/new",
        data=_form(w, peers=[str(w.other_peer.user_id)], confirm="yes"),
    )
    assert stranger.status_code == 422
    assert _count(db_session) == 0
    assert db_session.scalar(select(OutboxMessage.id)) is None


def test_strangers_get_404_and_youths_403(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    other = _client(app, w.other_coordinator)
    for path in (f"/intervision/{meeting.id}", f"/intervision/{meeting.id}/edit"):
        assert other.get(path).status_code == 404
    assert (
        other.post(f"/intervision/{meeting.id}/cancel", data={"confirm": "yes"}).status_code == 404
    )
    assert (
        other.post(
            "/intervision/new", data={**_form(w), "organisation": str(w.org.id), "confirm": "yes"}
        ).status_code
        != 302
    )
    not_invited = _client(app, w.peers[2].user)
    assert not_invited.get(f"/intervision/{meeting.id}").status_code == 404
    assert (
        not_invited.post(
            f"/intervision/{meeting.id}/respond", data={"response": "accepted", "confirm": "yes"}
        ).status_code
        == 404
    )
    youth = _client(app, make_user(db_session, Role.YOUTH))
    assert youth.get("/intervision").status_code in (403, 404)
    assert youth.get(f"/intervision/{meeting.id}").status_code in (403, 404)
    assert youth.get("/intervision/new").status_code in (403, 404)
    assert meeting.cancelled_at is None
    assert _count(db_session) == 1


def test_a_peer_expert_answers_after_a_confirm_step(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    peer = w.peers[0].user
    client = _client(app, peer)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Intervisie binnenkort" in dashboard and "donderdag 3 december 2026" in dashboard
    page = client.get(f"/intervision/{meeting.id}").get_data(as_text=True)
    assert "Ik kom" in page and "Ik kan niet" in page
    ask = client.post(f"/intervision/{meeting.id}/respond", data={"response": "accepted"})
    assert ask.status_code == 200 and "Ja, ik kom" in ask.get_data(as_text=True)
    participant = db_session.scalars(
        select(IntervisionParticipant).where(IntervisionParticipant.user_id == peer.id)
    ).one()
    assert participant.response == "pending"
    done = client.post(
        f"/intervision/{meeting.id}/respond", data={"response": "accepted", "confirm": "yes"}
    )
    assert done.status_code == 302
    db_session.refresh(participant)
    assert participant.response == "accepted"
    assert "Dank je! Je komt." in client.get(done.headers["Location"]).get_data(as_text=True)
    mine = client.get("/intervision/mine").get_data(as_text=True)
    assert "Grenzen bewaken" in mine and "Komt" in mine


def test_cancel_and_attendance_each_ask_first(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    client = _client(app, w.coordinator)
    ask = client.post(f"/intervision/{meeting.id}/cancel")
    assert "Deze intervisie afzeggen?" in ask.get_data(as_text=True)
    assert meeting.cancelled_at is None
    # too early to say who came: refused, nothing saved
    first, second = w.peers[0].user_id, w.peers[1].user_id
    early = client.post(
        f"/intervision/{meeting.id}/attendance",
        data={f"attended-{first}": "yes", f"attended-{second}": "no", "confirm": "yes"},
    )
    assert early.status_code == 409
    app.extensions["peermatch_clock"].set(START + dt.timedelta(hours=3))
    page = client.get(f"/intervision/{meeting.id}").get_data(as_text=True)
    assert "Sla op wie er was" in page
    data = {f"attended-{first}": "yes", f"attended-{second}": "no"}
    check = client.post(f"/intervision/{meeting.id}/attendance", data=data)
    assert "Ja, sla op wie er was" in check.get_data(as_text=True)
    done = client.post(f"/intervision/{meeting.id}/attendance", data={**data, "confirm": "yes"})
    assert done.status_code == 302
    assert "1 ervaringsdeskundige was er" in client.get(done.headers["Location"]).get_data(
        as_text=True
    )
    attended = dict(
        db_session.execute(
            select(IntervisionParticipant.user_id, IntervisionParticipant.attended)
        ).all()
    )
    assert attended == {first: True, second: False}


def test_cancelling_tells_everyone_and_says_so(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    client = _client(app, w.coordinator)
    done = client.post(f"/intervision/{meeting.id}/cancel", data={"confirm": "yes"})
    assert done.status_code == 302
    assert "Iedereen die was uitgenodigd heeft bericht gekregen" in client.get(
        done.headers["Location"]
    ).get_data(as_text=True)
    cancels = db_session.scalars(
        select(OutboxMessage.ics_method).where(OutboxMessage.kind == "intervision_cancelled")
    ).all()
    assert cancels == ["CANCEL", "CANCEL"]


def test_editing_moves_the_meeting_after_confirming(app: Flask, db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    client = _client(app, w.coordinator)
    form = client.get(f"/intervision/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="15:00"' in form and 'value="2026-12-03"' in form
    assert form.count(" checked") == 3  # the two invited and the way of meeting
    moved = _form(w, day="2026-12-04")
    assert client.post(f"/intervision/{meeting.id}/edit", data=moved).status_code == 200
    assert meeting.sequence == 0
    done = client.post(f"/intervision/{meeting.id}/edit", data={**moved, "confirm": "yes"})
    assert done.status_code == 302
    db_session.refresh(meeting)
    assert meeting.starts_at == START + dt.timedelta(days=1) and meeting.sequence == 1
    assert "nieuwe tijd of plek" in client.get(done.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/intervision", "/intervision/mine", "/dashboard"])
def test_lists_cost_the_same_statements_as_meetings_grow(
    app: Flask, db_session: Session, count_queries: QueryCounter, path: str
) -> None:
    w = world(db_session)
    scheduled(db_session, w)
    viewer = w.peers[0].user if path == "/intervision/mine" else w.coordinator
    if path == "/dashboard":
        viewer = w.peers[0].user
    client = _client(app, viewer)

    def statements() -> int:
        with count_queries() as seen:
            response = client.get(path)
            assert response.status_code == 200
        return len(seen)

    small = statements()
    for days in range(1, 5):
        scheduled(db_session, w, count=3, start=START + dt.timedelta(days=days))
    assert statements() == small
    html = client.get(path).get_data(as_text=True)
    assert len(re.findall(r"/intervision/\d+\"", html)) >= 5 if path != "/dashboard" else True


def test_no_confirm_step_is_offered_for_a_change_that_would_be_refused(
    app: Flask, db_session: Session
) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    peer = _client(app, w.peers[0].user)
    odd = peer.post(f"/intervision/{meeting.id}/respond", data={"response": "maybe"})
    assert odd.status_code == 422
    assert "Kies of je komt." in odd.get_data(as_text=True)
    coordinator = _client(app, w.coordinator)
    app.extensions["peermatch_clock"].set(START + dt.timedelta(minutes=5))
    late = coordinator.post(f"/intervision/{meeting.id}/cancel")
    assert late.status_code == 409
    html = late.get_data(as_text=True)
    assert "al begonnen" in html and "Deze intervisie afzeggen?" not in html
    assert meeting.cancelled_at is None
