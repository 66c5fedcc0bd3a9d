"""An empty request form in a real browser: the error summary appears with a link per
problem, focus moves to it, a link takes you to the field, and what was typed stays.
Also: the topic groups and choices are thumb-sized (44 px) and the page is Dutch."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import LiveServer, login_as, serious_violations

YOUTH = "jongere22@example.org"
PHONE = {"width": 360, "height": 740}


def test_an_empty_request_shows_the_summary_and_focus_moves_to_it(
    browser: Any, live_server: LiveServer
) -> None:
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    login_as(page, live_server.url, YOUTH)
    page.goto(live_server.url + "/requests/new")
    assert "maandagochtend" in page.content() and "Monday" not in page.content()
    assert page.locator("input[name=languages][value=nl]").is_checked()
    # Thumb-sized: the topic groups and every choice on the form at least 44 px high.
    heights = page.evaluate(
        """() => [...document.querySelectorAll(
            '.tap-form details > summary, .tap-form label:has(> input[type=checkbox]),'
            + ' .tap-form label:has(> input[type=radio])')]
            .filter(el => el.offsetParent !== null)
            .map(el => el.getBoundingClientRect().height)"""
    )
    assert heights and min(heights) >= 44, min(heights)

    page.locator("#own_words").fill("Ik wil graag met iemand praten.")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert summary.locator("h2").inner_text() == "Er is een probleem"
    assert page.title().startswith("Fout:")
    # Focus moved to the summary, so a screen reader reads the problems first.
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    links = summary.locator("a")
    assert links.count() >= 4
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs[0] == "#domains" and "#modes-0" in hrefs
    # What was typed stays; every message is also at its field.
    assert page.locator("#own_words").input_value() == "Ik wil graag met iemand praten."
    assert page.locator("#modes-error").is_visible()
    assert page.locator("#modes-0").get_attribute("aria-invalid") == "true"
    # A link takes you to its field.
    summary.locator('a[href="#modes-0"]').click()
    assert page.evaluate("document.activeElement.id") == "modes-0"
    assert serious_violations(page) == []
    context.close()
