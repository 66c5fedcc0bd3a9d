"""The calendar page: make a private feed link (shown once), replace it, stop it."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent
from peermatch.models.enums import Role
from tests.factories import login, make_user

LINK = re.compile(r'value="(http://localhost/calendar/([A-Za-z0-9_-]+)\.ics)"')


def test_a_user_makes_a_link_that_is_shown_once_and_works(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, Role.PEER_EXPERT, locale="nl")
    login(client, user)
    page = client.get("/calendar").get_data(as_text=True)
    assert "Je hebt nog geen agendalink." in page
    created = client.post("/calendar/link")
    assert created.status_code == 200
    match = LINK.search(created.get_data(as_text=True))
    assert match is not None
    url, token = match.groups()
    assert url == f"http://localhost/calendar/{token}.ics"  # absolute, to paste into an app
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    again = client.get("/calendar").get_data(as_text=True)
    assert token not in again
    assert "We kunnen hem niet nog eens laten zien" in again
    assert db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "calendar.link_created")
    ).all()


def test_stopping_the_link_makes_the_feed_answer_404(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, Role.YOUTH, locale="en")
    login(client, user)
    match = LINK.search(client.post("/calendar/link").get_data(as_text=True))
    assert match is not None
    token = match.group(2)
    response = client.post("/calendar/revoke", follow_redirects=True)
    assert "Your calendar link no longer works" in response.get_data(as_text=True)
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    db_session.expire_all()
    assert user.calendar_token_hash is None


def test_a_new_link_replaces_the_old_one(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session, Role.YOUTH)
    login(client, user)
    first = LINK.search(client.post("/calendar/link").get_data(as_text=True))
    second = LINK.search(client.post("/calendar/link").get_data(as_text=True))
    assert first is not None and second is not None
    assert first.group(2) != second.group(2)
    assert client.get(f"/calendar/{first.group(2)}.ics").status_code == 404
    assert client.get(f"/calendar/{second.group(2)}.ics").status_code == 200


def test_the_calendar_page_needs_an_account(client: FlaskClient) -> None:
    assert client.get("/calendar").status_code == 302
    assert client.post("/calendar/link").status_code == 302
