"""Every main page, signed in as the demo person who uses it: axe finds nothing serious."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LiveServer, login_as, serious_violations

PAGES = {
    "jongere@example.org": [
        "/dashboard",
        "/requests/",
        "/requests/new",
        "/sessions",
        "/account",
        "/account/access-log",
        "/calendar",
        "/notifications",
    ],
    "lotte@example.org": [
        "/profile",
        "/profile/onboarding/1",
        "/profile/onboarding/2",
        "/profile/onboarding/4",
        "/profile/onboarding/6",
        "/profile/experiences",
        "/profile/preview",
        "/profile/credentials",
        "/profile/credentials/new",
        "/availability",
    ],
    "coordinator@example.org": [
        "/verification",
        "/verification/vog",
        "/verification/credentials?show=all",
        "/coordinator/sessions",
        "/coordinator/access-log",
        "/staff/users/new",
    ],
    "team@example.org": ["/requests/team", "/requests/team/new", "/requests/refer"],
    "admin@example.org": ["/admin/outbox"],
}


@pytest.mark.parametrize("email", sorted(PAGES))
def test_pages_have_no_serious_accessibility_violations(
    page: Any, live_server: LiveServer, email: str
) -> None:
    login_as(page, live_server.url, email)
    found = {}
    for path in PAGES[email]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        violations = serious_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
