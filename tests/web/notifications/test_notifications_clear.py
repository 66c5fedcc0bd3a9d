"""Notices clear when read: opening the page, or following a notice to where one acts."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models import Notification
from peermatch.models.enums import ApprovalPolicy, ProposalStatus, Role
from peermatch.services import notifications
from peermatch.services import proposals as proposals_service
from tests.factories import login, make_coordinator, make_organisation, make_user
from tests.integration.matches.builders import NOW, ORIGIN, open_request, peer, youth
from tests.web.dashboard.builders import proposal


def _badge(html: str) -> str | None:
    found = re.search(r'class="unread-badge"[^>]*>\s*(\d+)', html)
    return found.group(1) if found else None


def test_opening_the_page_reads_them_and_the_badge_and_dashboard_follow(
    app: Flask, db_session: Session
) -> None:
    user = make_user(db_session, Role.YOUTH)
    for _ in range(2):
        notifications.notify(db_session, user.id, "profile.notice.verified", now=NOW)
    client = app.test_client()
    login(client, user)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Nieuw voor jou" in dashboard and _badge(dashboard) == "2"
    page = client.get("/notifications").get_data(as_text=True)
    assert "2 nieuwe berichten. Ze tellen nu als gelezen." in page
    assert _badge(page) is None  # this very page already reads zero
    again = client.get("/dashboard").get_data(as_text=True)
    assert "Nieuw voor jou" not in again and _badge(again) is None
    assert notifications.unread_count(db_session, user.id) == 0


def test_following_a_notice_reads_it_and_goes_where_one_acts(
    app: Flask, db_session: Session
) -> None:
    user = make_user(db_session, Role.PEER_EXPERT)
    note = notifications.notify(
        db_session, user.id, "profile.notice.verified", now=NOW, link="/profile"
    )
    other = notifications.notify(db_session, user.id, "profile.notice.verified", now=NOW)
    client = app.test_client()
    login(client, user)
    assert f'href="/notifications/{note.id}"' in client.get("/dashboard").get_data(as_text=True)
    response = client.get(f"/notifications/{note.id}")
    assert response.status_code == 302 and response.headers["Location"] == "/profile"
    db_session.refresh(note)
    db_session.refresh(other)
    assert note.read_at is not None and other.read_at is None


def test_someone_elses_notice_is_a_404_and_stays_unread(app: Flask, db_session: Session) -> None:
    owner = make_user(db_session, Role.YOUTH)
    stranger = make_user(db_session, Role.YOUTH)
    note = notifications.notify(db_session, owner.id, "profile.notice.verified", now=NOW)
    client = app.test_client()
    login(client, stranger)
    assert client.get(f"/notifications/{note.id}").status_code == 404
    db_session.refresh(note)
    assert note.read_at is None


def test_mark_all_read_from_the_dashboard_returns_there(app: Flask, db_session: Session) -> None:
    user = make_user(db_session, Role.YOUTH)
    notifications.notify(db_session, user.id, "profile.notice.verified", now=NOW)
    client = app.test_client()
    login(client, user)
    response = client.post("/notifications/read", data={"back": "dashboard"})
    assert response.headers["Location"] == "/dashboard"
    assert notifications.unread_count(db_session, user.id) == 0


def test_a_coordinators_notice_links_to_the_approval_page(app: Flask, db_session: Session) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    org = make_organisation(db_session, approval_policy=ApprovalPolicy.ALWAYS)
    coordinator = make_coordinator(db_session, org)
    expert = peer(db_session, org)
    match = proposal(db_session, open_request(db_session, youth(db_session, age=14)), expert)
    proposals_service.accept(db_session, match.id, expert.user, now=NOW, origin=ORIGIN)
    assert match.status is ProposalStatus.AWAITING_APPROVAL
    note = db_session.query(Notification).filter_by(user_id=coordinator.id).one()
    assert note.link == f"/matches/approvals/{match.id}"
