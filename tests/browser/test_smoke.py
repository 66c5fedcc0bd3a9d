"""The newcomer's path in a real browser, and no serious accessibility violations."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LiveServer, login_as, serious_violations


def test_demo_youth_logs_in_and_sees_their_dashboard(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Praat met iemand die het zelf heeft meegemaakt" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Inloggen").first.click()
    page.get_by_label("E-mailadres").fill("jongere@example.org")
    page.get_by_label("Wachtwoord").fill("demo-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/dashboard")
    assert "Hoi Sam!" in page.locator("h1").inner_text()


def test_wrong_password_shows_a_clear_dutch_error(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/login")
    page.get_by_label("E-mailadres").fill("jongere@example.org")
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    assert "komen niet overeen" in page.get_by_role("alert").inner_text()


@pytest.mark.parametrize("path", ["/", "/login", "/register"])
def test_public_pages_have_no_serious_accessibility_violations(
    page: Any, live_server: LiveServer, path: str
) -> None:
    page.goto(live_server.url + path)
    assert serious_violations(page) == []


def test_dashboard_has_no_serious_accessibility_violations(
    page: Any, live_server: LiveServer
) -> None:
    login_as(page, live_server.url, "jongere@example.org")
    assert serious_violations(page) == []
