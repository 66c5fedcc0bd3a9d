"""In-app notices are shown in the reader's language, newest first, until read."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models.enums import Role
from peermatch.services import notifications
from tests.factories import login, make_user

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def test_a_notice_shows_on_the_dashboard_and_the_page_until_read(
    app: Flask, db_session: Session
) -> None:
    peer = make_user(db_session, Role.PEER_EXPERT)
    other = make_user(db_session, Role.PEER_EXPERT)
    notifications.notify(db_session, peer.id, "profile.notice.verified", now=NOW, link="/profile")
    notifications.notify(db_session, other.id, "profile.notice.verified", now=NOW)
    client = app.test_client()
    login(client, peer)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Nieuw voor jou" in dashboard
    page = client.get("/notifications").get_data(as_text=True)
    assert "1 nieuw bericht" in page  # only my own notice
    assert "Nieuw voor jou" not in client.get("/dashboard").get_data(as_text=True)
    assert "nieuw bericht" not in client.get("/notifications").get_data(as_text=True)
    assert notifications.unread_with_total(db_session, other.id)[0] != []


def test_an_unknown_kind_reads_as_calm_news(app: Flask, db_session: Session) -> None:
    user = make_user(db_session)
    notifications.notify(db_session, user.id, "something.unplanned", now=NOW)
    client = app.test_client()
    login(client, user)
    assert "Er is nieuws voor je." in client.get("/notifications").get_data(as_text=True)
