"""The page shell: one header line with an unread badge, and a menu per role that holds
log out and language. Phone layout itself is measured in tests/browser/test_phone_crawl.py."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from peermatch.models import UserRole
from peermatch.models.enums import Role
from peermatch.services import notifications
from peermatch.web.shell import MENUS, avatar_colour, initials, menu_for
from tests.factories import login, make_user

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def _menu(html: str) -> str:
    """The part of the page inside the menu button's <details>."""
    match = re.search(r'<details class="site-menu">(.*?)</details>', html, re.S)
    assert match, "no menu"
    return match.group(1)


def _header(html: str) -> str:
    match = re.search(r'<header class="site-header">(.*?)</header>', html, re.S)
    assert match, "no header"
    return match.group(1)


def test_the_header_counts_unread_notices_until_they_are_read(
    app: Flask, db_session: Session
) -> None:
    youth = make_user(db_session, Role.YOUTH)
    other = make_user(db_session, Role.YOUTH)
    for _ in range(3):
        notifications.notify(db_session, youth.id, "profile.notice.verified", now=NOW)
    notifications.notify(db_session, other.id, "profile.notice.verified", now=NOW)
    client = app.test_client()
    login(client, youth)
    header = _header(client.get("/account").get_data(as_text=True))
    assert "3 ongelezen meldingen" in header
    assert '<span class="unread-badge" aria-hidden="true">3</span>' in header
    client.post("/notifications/read")
    header = _header(client.get("/account").get_data(as_text=True))
    assert "unread-badge" not in header
    assert "ongelezen" not in header


def test_one_unread_notice_is_singular_and_english_in_english(
    app: Flask, db_session: Session
) -> None:
    youth = make_user(db_session, Role.YOUTH, locale="en")
    notifications.notify(db_session, youth.id, "profile.notice.verified", now=NOW)
    client = app.test_client()
    login(client, youth)
    client.post("/language", data={"locale": "en", "next": "/account"})
    header = _header(client.get("/account").get_data(as_text=True))
    assert "1 unread notification<" in header


def test_the_unread_count_costs_the_same_statements_for_one_or_many_notices(
    app: Flask, db_session: Session, connection: Connection
) -> None:
    youth = make_user(db_session, Role.YOUTH)
    client = app.test_client()
    login(client, youth)

    def statements_for_a_page() -> int:
        seen: list[str] = []

        def count(*args: Any) -> None:
            seen.append(args[2])

        event.listen(connection, "before_cursor_execute", count)
        try:
            assert client.get("/account").status_code == 200
        finally:
            event.remove(connection, "before_cursor_execute", count)
        return len(seen)

    notifications.notify(db_session, youth.id, "profile.notice.verified", now=NOW)
    with_one = statements_for_a_page()
    for _ in range(25):
        notifications.notify(db_session, youth.id, "profile.notice.verified", now=NOW)
    assert statements_for_a_page() == with_one
    assert notifications.unread_count(db_session, youth.id) == 26


def test_each_role_gets_its_own_menu_with_log_out_and_language_inside(
    app: Flask, db_session: Session
) -> None:
    expected = {
        Role.YOUTH: ('href="/requests/"', 'href="/sessions"'),
        Role.PEER_EXPERT: ('href="/matches/incoming"', 'href="/availability"'),
        Role.COORDINATOR: ('href="/matches/approvals"', 'href="/verification"'),
        Role.TEAM_MEMBER: ('href="/requests/team"', 'href="/sessions"'),
        Role.ADMIN: ('href="/admin/outbox"', 'href="/staff/users/new"'),
    }
    not_for = {
        Role.YOUTH: 'href="/matches/approvals"',
        Role.PEER_EXPERT: 'href="/requests/team"',
        Role.COORDINATOR: 'href="/requests/"',
        Role.TEAM_MEMBER: 'href="/availability"',
        Role.ADMIN: 'href="/matches/incoming"',
    }
    for role, links in expected.items():
        user = make_user(db_session, role)
        client = app.test_client()
        login(client, user)
        html = client.get("/dashboard").get_data(as_text=True)
        menu = _menu(html)
        for link in links:
            assert link in menu, (role, link)
        assert not_for[role] not in menu, role
        assert 'action="/logout"' in menu and 'action="/language"' in menu
        outside = html.replace(menu, "")
        assert 'action="/logout"' not in outside, "log out belongs in the menu"
        assert 'aria-current="page"' in menu  # the dashboard is marked as where you are


def test_a_visitor_gets_log_in_in_the_header_and_sign_up_in_the_menu(app: Flask) -> None:
    html = app.test_client().get("/").get_data(as_text=True)
    header = _header(html)
    menu = _menu(html)
    assert 'class="header-login"' in header and "Inloggen" in header
    assert 'href="/register"' in menu and 'action="/language"' in menu
    assert "/logout" not in html
    assert "unread-badge" not in html


def test_a_person_with_two_roles_gets_both_menus_once(app: Flask, db_session: Session) -> None:
    user = make_user(db_session, Role.PEER_EXPERT)
    user.roles.append(UserRole(role=Role.COORDINATOR))
    db_session.flush()
    items = menu_for(user.role_names)
    endpoints = [i.endpoint for i in items]
    assert len(endpoints) == len(set(endpoints))
    assert {"matches.incoming", "matches.approvals"} <= set(endpoints)
    client = app.test_client()
    login(client, user)
    menu = _menu(client.get("/dashboard").get_data(as_text=True))
    assert menu.count('href="/dashboard"') == 1


def test_every_menu_entry_opens_for_its_role(app: Flask, db_session: Session) -> None:
    for role, items in MENUS.items():
        user = make_user(db_session, role)
        client = app.test_client()
        login(client, user)
        for item in items:
            with app.test_request_context():
                from flask import url_for

                url = url_for(item.endpoint)
            assert client.get(url).status_code == 200, (role, url)


def test_initials_and_avatar_colours_are_stable_and_spread() -> None:
    assert initials("Sam (demo)") == "S"
    assert initials("Lotte de Vries") == "LD"
    assert initials("Anne-Fleur") == "AF"
    assert initials("  ") == "?"
    assert avatar_colour(42) == avatar_colour(42)
    assert len({avatar_colour(i) for i in range(1, 40)}) == 8


def test_the_dashboard_greets_with_an_avatar_and_offers_the_youth_one_main_action(
    app: Flask, db_session: Session
) -> None:
    youth = make_user(db_session, Role.YOUTH, display_name="Lotte de Vries")
    client = app.test_client()
    login(client, youth)
    html = client.get("/dashboard").get_data(as_text=True)
    colour = avatar_colour(youth.id)
    assert f'<span class="avatar avatar-c{colour} avatar-lg" aria-hidden="true">LD</span>' in html
    assert '<a href="/requests/new" role="button" class="button-wide">' in html
