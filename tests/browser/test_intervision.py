"""Done-when for intervision: a coordinator plans a group meeting through the pages, and it
reaches every invited peer expert's own calendar feed (the .ics behind their private link).
Real Chromium on a phone-sized screen; the peer experts are made here with unique names."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch import demo
from peermatch.auth.passwords import hash_password
from peermatch.db import make_engine
from peermatch.models import (
    Intervision,
    OrganisationMembership,
    PeerExpertProfile,
    User,
    UserRole,
)
from peermatch.models.enums import MembershipRole, ProfileStatus, Role
from tests.browser.conftest import LiveServer, login_as, open_menu, serious_violations

PASSWORD = "een lang en sterk wachtwoord"


def _make_peer_experts(live_server: LiveServer, tag: str, count: int) -> list[tuple[str, str]]:
    """Verified peer experts in the demo coordinator's organisation: (email, name)."""
    engine = make_engine(live_server.database_url)
    made: list[tuple[str, str]] = []
    try:
        with engine.begin() as conn, Session(bind=conn) as session:
            coordinator = session.scalars(
                select(User).where(User.email == "coordinator@example.org")
            ).one()
            org_id = session.scalars(
                select(OrganisationMembership.organisation_id).where(
                    OrganisationMembership.user_id == coordinator.id,
                    OrganisationMembership.role == MembershipRole.COORDINATOR,
                )
            ).first()
            for n in range(count):
                email = f"iv{n}.{tag}@example.org"
                name = f"Intervisor{n} {tag}"
                user = User(
                    email=email,
                    display_name=name,
                    password_hash=hash_password(PASSWORD),
                    birth_year=1999,
                    roles=[UserRole(role=Role.PEER_EXPERT)],
                )
                session.add(user)
                session.flush()
                session.add(
                    OrganisationMembership(
                        organisation_id=org_id, user_id=user.id, role=MembershipRole.MEMBER
                    )
                )
                session.add(
                    PeerExpertProfile(
                        user_id=user.id,
                        organisation_id=org_id,
                        status=ProfileStatus.ACTIVE,
                        languages=["nl"],
                        modes=["video"],
                        audiences=["adult_18_plus"],
                    )
                )
                made.append((email, name))
            session.flush()
    finally:
        engine.dispose()
    return made


def _meeting(live_server: LiveServer, title: str) -> tuple[str, dt.datetime]:
    engine = make_engine(live_server.database_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                select(Intervision.ical_uid, Intervision.starts_at).where(
                    Intervision.title == title
                )
            ).one()
            return str(row[0]), row[1]
    finally:
        engine.dispose()


def _feed_events(page: Any, base_url: str) -> list[icalendar.Event]:
    """Make the peer expert's private calendar link through the page, then fetch it as a
    calendar app would (no login: the link is the key)."""
    page.goto(base_url + "/calendar")
    page.get_by_role("button", name="Maak een agendalink").click()
    url = page.locator("#calendar-link").input_value()
    assert url.endswith(".ics")
    response = page.context.request.get(url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    return list(calendar.walk("VEVENT"))


def test_an_intervision_reaches_every_invited_peer_experts_calendar(
    browser: Any, live_server: LiveServer
) -> None:
    tag = uuid.uuid4().hex[:6]
    invited = _make_peer_experts(live_server, tag, 3)[:2]  # the third is not invited
    title = f"Intervisie {tag}"
    day = (dt.datetime.now(ZoneInfo("Europe/Amsterdam")) + dt.timedelta(days=7)).date()

    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    login_as(page, live_server.url, "coordinator@example.org", demo.DEMO_PASSWORD)
    open_menu(page)
    page.get_by_role("link", name="Intervisie", exact=True).first.click()
    page.get_by_role("button", name="Plan een intervisie").click()
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Van", exact=True).fill("15:00")
    page.get_by_label("Tot", exact=True).fill("16:30")
    page.get_by_label("Videobellen").check()
    for _, name in invited:
        page.get_by_label(name).check()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Verder").click()

    assert page.get_by_role("heading", name="Controleer voor je verstuurt").is_visible()
    page.get_by_role("button", name="Ja, verstuur de uitnodigingen").click()
    page.get_by_text("2 ervaringsdeskundigen kregen een uitnodiging").wait_for()
    assert page.get_by_role("heading", name=title).is_visible()
    context.close()

    uid, starts_at = _meeting(live_server, title)
    assert starts_at == dt.datetime.combine(day, dt.time(15), ZoneInfo("Europe/Amsterdam"))
    for email, _ in invited:
        peer_context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
        peer_page = peer_context.new_page()
        peer_page.set_default_timeout(20_000)
        login_as(peer_page, live_server.url, email, PASSWORD)
        assert peer_page.get_by_role("heading", name="Intervisie binnenkort").is_visible()
        assert serious_violations(peer_page) == []
        peer_page.get_by_role("link", name=title).first.click()
        assert serious_violations(peer_page) == []
        events = [e for e in _feed_events(peer_page, live_server.url) if str(e["UID"]) == uid]
        assert len(events) == 1, f"{email}'s calendar has no intervision"
        [event] = events
        assert str(event["SUMMARY"]) == "PeerMatch-intervisie"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event.decoded("DTSTART") == starts_at
        assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=90)
        assert title not in event.to_ical().decode()  # calendars stay neutral
        peer_context.close()
