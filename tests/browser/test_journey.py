"""The whole journey in a real browser, as the demo people would walk it.

A youth asks for contact and chooses a peer expert, the peer expert accepts, the
coordinator approves, the youth books a time, both see the session, and the invitation
with its calendar file arrives at a real SMTP server. axe checks every page on the way.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar

from peermatch.db import make_engine, make_sessionmaker
from peermatch.notifications.delivery import deliver_pending
from tests.browser.conftest import LiveServer, login_as, open_menu, serious_violations
from tests.smtp import Collector, SmtpServer, free_port

YOUTH = "jongere@example.org"
PEER = "lotte@example.org"
COORDINATOR = "coordinator@example.org"


def _checked(page: Any, found: dict[str, Any]) -> None:
    """Run axe on the current page and remember any serious violation by URL."""
    violations = serious_violations(page)
    if violations:
        found[page.url] = violations


def _logout(page: Any) -> None:
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/")


def test_request_choose_accept_approve_book_and_the_invitation_arrives(
    browser: Any, live_server: LiveServer
) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    found: dict[str, Any] = {}

    # 1. The youth asks for contact: anxiety, Dutch, video, Monday and Wednesday evenings.
    login_as(page, live_server.url, YOUTH)
    page.goto(live_server.url + "/requests/new")
    _checked(page, found)
    assert "0800-0113" in page.content()
    page.locator("summary", has_text="Hoe ik me voel").click()
    anxiety = page.locator(
        "fieldset.domain-choice",
        has=page.locator("legend", has_text="Ik ben vaak bang of gespannen"),
    )
    anxiety.locator("input[value=most]").check()
    page.locator("input[name=hopes][value=few_talks]").check()
    page.locator("input[name=languages][value=nl]").check()
    page.locator("input[name=modes][value=video]").check()
    page.locator("input[name=weekly][value='0-evening']").check()
    page.locator("input[name=weekly][value='2-evening']").check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url(re.compile(r".*/requests/\d+$"))
    _checked(page, found)

    # 2. The youth sees explained candidates and chooses Lotte.
    page.get_by_text("Bekijk wie bij je past").click()
    _checked(page, found)
    assert "Lotte" in page.content()
    assert "0800-0113" in page.content()
    choice = page.locator("select[name=choice_1] option", has_text="Lotte").first
    page.locator("select[name=choice_1]").select_option(value=choice.get_attribute("value"))
    page.get_by_role("button", name="Verstuur mijn keuze").click()
    page.wait_for_load_state()
    _checked(page, found)
    _logout(page)

    # 3. Lotte accepts.
    login_as(page, live_server.url, PEER)
    page.goto(live_server.url + "/matches/incoming")
    _checked(page, found)
    page.locator("main a[href^='/matches/']").first.click()
    _checked(page, found)
    page.get_by_role("button", name="Ja, dat wil ik").click()
    page.wait_for_load_state()
    _logout(page)

    # 4. The coordinator approves from the queue.
    login_as(page, live_server.url, COORDINATOR)
    page.goto(live_server.url + "/matches/approvals")
    _checked(page, found)
    page.locator("main a[href^='/matches/approvals/']").first.click()
    _checked(page, found)
    page.get_by_role("button", name="Goedkeuren", exact=True).click()
    page.get_by_role("button", name="Ja, goedkeuren").click()
    page.wait_for_url("**/matches/approvals")
    _logout(page)

    # 5. The youth picks the first free time.
    login_as(page, live_server.url, YOUTH)
    page.goto(live_server.url + "/dashboard")
    _checked(page, found)
    # The dashboard's next action leads straight to choosing a time.
    page.locator("section.next-action a[role=button]").click()
    page.wait_for_url(re.compile(r".*/matches/\d+/book$"))
    _checked(page, found)
    # Day first: the strip of days, then that day's times, each with its date in the heading.
    assert page.locator(".day-strip a[aria-current='date']").count() == 1
    assert re.search(r"2\. Kies een tijd op \w+dag \d+ \w+", page.content())
    page.locator(".slot-list a.slot-time").first.click()
    # Choosing a time changes nothing: it opens the confirm step with day, time and who.
    page.wait_for_url(re.compile(r".*/book/confirm\?start=.*"))
    _checked(page, found)
    summary = page.locator(".confirm-when").inner_text()
    assert re.search(r"^[A-Z][a-z]+dag \d+ \w+, \d\d:\d\d–\d\d:\d\d, met Lotte", summary)
    confirm_url = page.url
    page.goto(live_server.url + "/sessions")
    assert not re.search(r'href="/sessions/\d+"', page.content())  # nothing booked yet
    page.goto(confirm_url)
    page.get_by_role("button", name="Bevestigen", exact=True).click()
    # The confirmation page names what happened and offers the calendar.
    page.wait_for_url(re.compile(r".*/sessions/\d+/confirmed$"))
    _checked(page, found)
    assert re.search(r"Je gesprek met Lotte[^<]* op \w+dag \d+ \w+ om \d\d:\d\d is", page.content())
    assert page.get_by_role("button", name="Google Calendar").count() == 1
    page.get_by_role("button", name="Bekijk het gesprek").click()
    page.wait_for_url(re.compile(r".*/sessions/\d+$"))
    _checked(page, found)
    # The session page says with whom, when (with its day), how and how long.
    assert page.locator("h1").inner_text() == "Gesprek met Lotte"
    facts = page.locator(".session-facts").inner_text()
    assert re.search(r"[A-Z][a-z]+dag \d+ \w+ \d{4}", facts) and "Hoe lang" in facts
    assert page.get_by_role("button", name="In Google Agenda zetten").count() == 1
    session_url = page.url
    page.goto(live_server.url + "/sessions")
    _checked(page, found)
    assert "Lotte" in page.content()
    _logout(page)

    # 6. Lotte sees the same session.
    login_as(page, live_server.url, PEER)
    page.goto(live_server.url + "/sessions")
    assert session_url.rsplit("/", 1)[1] in page.content()
    _checked(page, found)
    context.close()

    # 7. The invitation reaches a real SMTP server, with a calendar file that parses.
    smtp = SmtpServer("127.0.0.1", free_port(), Collector())
    smtp.start()
    engine = make_engine(live_server.database_url)
    try:
        # The sender renders each email in its recipient's language: it needs the app.
        with live_server.app.app_context():
            deliver_pending(
                make_sessionmaker(engine), now=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1),
                backend=smtp.backend(),
            )  # fmt: skip
    finally:
        engine.dispose()
        smtp.stop()
    to_youth = [r.message for r in smtp.received if YOUTH in r.rcpt_tos]
    invites = [
        part for message in to_youth for part in message.walk()
        if part.get_content_type() == "text/calendar"
    ]  # fmt: skip
    assert invites, [m["Subject"] for m in to_youth]
    assert any(str(m["Subject"]).startswith("Je gesprek met Lotte staat vast: ") for m in to_youth)
    calendar = Calendar.from_ical(invites[0].get_payload(decode=True))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert found == {}


def _wednesday_in_two_weeks() -> dt.date:
    today = dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date() + dt.timedelta(days=14)
    return today + dt.timedelta(days=(2 - today.weekday()) % 7)


def test_a_team_member_goes_from_team_request_to_approved_match(
    browser: Any, live_server: LiveServer
) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    found: dict[str, Any] = {}

    login_as(page, live_server.url, "team@example.org")
    page.goto(live_server.url + "/requests/team/new")
    _checked(page, found)
    page.locator("input[name=purpose][value=intervision]").check()
    page.get_by_label("Angst", exact=True).check()
    page.locator("#window_1_date").fill(_wednesday_in_two_weeks().isoformat())
    page.locator("#window_1_start").fill("16:00")
    page.locator("#window_1_end").fill("20:00")
    page.locator("input[name=modes][value=video]").check()
    page.locator("input[name=languages][value=nl]").check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url(re.compile(r".*/requests/\d+$"))
    _checked(page, found)
    page.get_by_text("Bekijk wie bij je past").click()
    _checked(page, found)
    choice = page.locator("select[name=choice_1] option", has_text="Lotte").first
    page.locator("select[name=choice_1]").select_option(value=choice.get_attribute("value"))
    page.get_by_role("button", name="Verstuur mijn keuze").click()
    page.wait_for_load_state()
    page.wait_for_url(re.compile(r".*/matches/\d+$"))
    proposal_path = urlsplit(page.url).path
    assert "Je koos Lotte" in page.content()
    _logout(page)

    login_as(page, live_server.url, PEER)
    page.goto(live_server.url + proposal_path)
    _checked(page, found)
    page.get_by_role("button", name="Ja, dat wil ik").click()
    page.wait_for_load_state()
    _logout(page)

    login_as(page, live_server.url, COORDINATOR)
    page.goto(live_server.url + proposal_path.replace("/matches/", "/matches/approvals/"))
    _checked(page, found)
    assert "Intervisie" in page.content()
    page.get_by_role("button", name="Goedkeuren", exact=True).click()
    page.get_by_role("button", name="Ja, goedkeuren").click()
    page.wait_for_url("**/matches/approvals")
    _logout(page)

    login_as(page, live_server.url, "team@example.org")
    page.goto(live_server.url + proposal_path)
    _checked(page, found)
    assert "Plan je gesprekken" in page.content()
    context.close()
    assert found == {}
