"""Lotte adds a first-aid certificate on a phone (check step, words after it) and her
coordinator checks it from the certificates list. Real Chromium, the demo people."""

from __future__ import annotations

import uuid
from typing import Any

from tests.browser.conftest import LiveServer, login_as, open_menu, serious_violations


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_a_peer_expert_adds_a_certificate_and_the_coordinator_checks_it(
    browser: Any, live_server: LiveServer
) -> None:
    name = f"EHBO {uuid.uuid4().hex[:6]}"
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login_as(page, live_server.url, "lotte@example.org")
        page.goto(live_server.url + "/profile")
        page.get_by_role("button", name="Mijn certificaten").click()
        page.get_by_role("button", name="Certificaat toevoegen").click()
        assert serious_violations(page) == []
        page.get_by_label("EHBO").check()
        page.get_by_label("Naam van de training of het certificaat").fill(name)
        page.get_by_label("Datum waarop je het kreeg").fill("2025-05-01")
        page.get_by_label("Laatste geldige dag (als het verloopt)").fill("2027-05-01")
        page.get_by_role("button", name="Verder").click()
        page.get_by_role("heading", name="Controleer voor je opslaat").wait_for()
        _fits_the_phone(page)
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_text(f"Opgeslagen: ‘{name}’. Je coördinator gaat het controleren.").wait_for()
        _fits_the_phone(page)
        assert serious_violations(page) == []
        open_menu(page)
        page.get_by_role("button", name="Uitloggen").click()

        login_as(page, live_server.url, "coordinator@example.org")
        page.goto(live_server.url + "/verification/credentials")
        _fits_the_phone(page)
        assert serious_violations(page) == []
        # The filters stay whole words on a phone ("Te controleren", not "Te controlere|n").
        lines_per_filter = page.locator("ul.filter-links li").evaluate_all(
            """items => items.map(item => {
                const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
                const tops = new Set();
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    if (!node.textContent.trim()) continue;
                    const text = document.createRange();
                    text.selectNodeContents(node);
                    for (const r of text.getClientRects()) tops.add(Math.round(r.top));
                }
                return tops.size;
            })"""
        )
        assert lines_per_filter == [1, 1, 1, 1]
        page.locator(f"tr:has-text('{name}')").get_by_role("link").click()
        page.get_by_role("button", name="Verder").first.click()
        page.get_by_role("button", name="Bevestigen").click()
        page.get_by_text(f"Opgeslagen: je zag het origineel van ‘{name}’").wait_for()
        _fits_the_phone(page)
    finally:
        context.close()
