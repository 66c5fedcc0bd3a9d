"""From login to a booked session, led by each dashboard's next action, counting the taps.

The demo youth Daan asks for a peer expert and chooses Lotte; Lotte answers from her request
card; the coordinator approves from the dashboard; Daan books from the dashboard's next
action. Only Daan's taps that load a page are counted (filling in the form is not): the
figure is printed, and the test fails if the walk grows past today's count.
"""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import LiveServer, login_as, open_menu

YOUTH = "jongere22@example.org"
PEER = "lotte@example.org"
COORDINATOR = "coordinator@example.org"
#: Page-loading taps from login to the session page (login, ask, send, see who fits, send the
#: choice; login, plan, pick a time, confirm, open the session). It was 11: the dashboard now
#: leads straight to booking instead of through the match's status page.
MAX_TAPS = 10


class Walk:
    """Counts the youth's taps and the kinds of page they load."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.taps = 0
        self.kinds: list[str] = []

    def tap(self, locator: Any) -> None:
        self.taps += 1
        locator.click()
        self.page.wait_for_load_state()
        path = self.page.url.split("://", 1)[1].split("/", 1)[1].split("?")[0]
        self.kinds.append(re.sub(r"\d+", "<id>", path))


def _next_action(page: Any) -> Any:
    return page.locator("section.next-action a[role=button]")


def _logout(page: Any) -> None:
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/")


def _login(walk: Walk, email: str, base: str) -> None:
    walk.taps += 1  # the "Inloggen" tap
    login_as(walk.page, base, email)
    walk.kinds.append("dashboard")


def test_the_dashboards_lead_from_login_to_a_booked_session(
    browser: Any, live_server: LiveServer
) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    walk = Walk(page)
    base = live_server.url

    # Daan: the next action is to ask; then choose Lotte.
    _login(walk, YOUTH, base)
    assert "Vraag een ervaringsdeskundige" in _next_action(page).inner_text()
    walk.tap(_next_action(page))
    page.locator("summary", has_text="Hoe ik me voel").click()
    page.locator(
        "fieldset.domain-choice",
        has=page.locator("legend", has_text="Ik ben vaak bang of gespannen"),
    ).locator("input[value=most]").check()
    page.locator("input[name=hopes][value=few_talks]").check()
    page.locator("input[name=languages][value=nl]").check()
    page.locator("input[name=modes][value=video]").check()
    page.locator("input[name=weekly][value='0-evening']").check()
    page.locator("input[name=weekly][value='2-evening']").check()
    walk.tap(page.get_by_role("button", name="Versturen"))
    walk.tap(page.get_by_text("Bekijk wie bij je past"))
    choice = page.locator("select[name=choice_1] option", has_text="Lotte").first
    page.locator("select[name=choice_1]").select_option(value=choice.get_attribute("value"))
    walk.tap(page.get_by_role("button", name="Verstuur mijn keuze"))
    proposal_path = "/" + page.url.split("://", 1)[1].split("/", 1)[1]
    assert re.fullmatch(r"/matches/\d+", proposal_path), proposal_path
    # Back on the dashboard, Daan is told whom we wait for (no dead end).
    page.goto(base + "/dashboard")
    assert "We wachten op Lotte" in page.locator("section.next-action").inner_text()
    _logout(page)

    # Lotte: the dashboard leads to the request card, the card to the answer.
    login_as(page, base, PEER)
    assert "Beantwoord" in page.locator("section.next-action").inner_text()
    _next_action(page).click()
    page.wait_for_load_state()
    if "/matches/incoming" in page.url:
        page.locator(f"main a[href='{proposal_path}']").click()
        page.wait_for_load_state()
    assert page.url.endswith(proposal_path)
    assert "Je hebt tot" in page.content() and "om te antwoorden" in page.content()
    page.get_by_role("button", name="Ja, dat wil ik").click()
    page.wait_for_load_state()
    page.goto(base + "/matches/incoming")
    card = page.locator("article.request-card", has=page.locator(f"a[href='{proposal_path}']"))
    assert "Je zei ja" in card.inner_text()
    assert "Jongere, 18 jaar of ouder" in card.inner_text() and "Daan" in card.inner_text()
    _logout(page)

    # The coordinator's notice and dashboard lead to the approval page itself.
    login_as(page, base, COORDINATOR)
    approval_path = proposal_path.replace("/matches/", "/matches/approvals/")
    assert approval_path in page.content() or "/matches/approvals" in page.content()
    page.goto(base + approval_path)
    page.get_by_role("button", name="Goedkeuren", exact=True).click()
    page.get_by_role("button", name="Ja, goedkeuren").click()
    page.wait_for_url("**/matches/approvals")
    _logout(page)

    # Daan books from the dashboard's next action: choose a time, confirm, see the session.
    _login(walk, YOUTH, base)
    assert "Plan je gesprek met Lotte" in page.locator("section.next-action").inner_text()
    walk.tap(_next_action(page))
    assert re.search(r"/matches/\d+/book$", page.url)
    walk.tap(page.locator(".slot-list a.slot-time").first)
    assert "/book/confirm" in page.url
    walk.tap(page.get_by_role("button", name="Bevestigen", exact=True))
    assert re.search(r"/sessions/\d+/confirmed$", page.url)
    walk.tap(page.get_by_role("button", name="Bekijk het gesprek"))
    assert re.search(r"/sessions/\d+$", page.url)
    page.goto(base + "/dashboard")
    assert "Je volgende gesprek" in page.locator("section.next-action").inner_text()

    kinds = sorted(set(walk.kinds))
    print(f"\nyouth: {walk.taps} taps on {len(kinds)} page types: {kinds}")
    assert walk.taps <= MAX_TAPS, walk.kinds
    context.close()
