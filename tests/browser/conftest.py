"""Real Chromium (Debian's package) against a real server with the demo data.

Runs when /usr/bin/chromium exists; with PEERMATCH_REQUIRE_BROWSER=1 (CI) a missing
browser is a failure, not a skip. Never downloads a browser.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from peermatch import demo
from peermatch.db import make_engine, make_sessionmaker, session_scope
from tests.conftest import make_test_app
from tests.dbutil import create_test_database, drop_test_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("PEERMATCH_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required here but /usr/bin/chromium is missing")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    return CHROMIUM


class LiveServer:
    def __init__(self, url: str, app: Any, database_url: str) -> None:
        self.url = url
        self.app = app
        self.database_url = database_url


@pytest.fixture(scope="session")
def live_server(
    backend: str, chromium_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    from peermatch import migrate

    database_url = create_test_database(backend, "pm_browser", tmp_path_factory)
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    with session_scope(make_sessionmaker(engine)) as session:
        demo.load(session)
    engine.dispose()
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True, MAIL_BACKEND="null")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, database_url)
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["peermatch_db"].engine.dispose()
    drop_test_database(backend, database_url)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core in the page; keep serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


#: "Remember this device" cookies of the demo staff, per server: their second step is
#: answered once, later logins skip it (a TOTP code is accepted only once per 30 seconds).
_TRUSTED_DEVICES: dict[tuple[str, str], dict[str, Any]] = {}


def login_as(page: Any, base_url: str, email: str, password: str = demo.DEMO_PASSWORD) -> None:
    remembered = _TRUSTED_DEVICES.get((base_url, email))
    if remembered is not None:
        page.context.add_cookies([remembered])
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/dashboard" in url or "/login/code" in url)
    if "/login/code" in page.url:
        import pyotp

        page.get_by_label("Code", exact=True).fill(pyotp.TOTP(demo.DEMO_TOTP_SECRET).now())
        page.get_by_label("Onthoud dit apparaat 30 dagen").check()
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/dashboard")
        for cookie in page.context.cookies():
            if cookie["name"] == "pm_trusted_device":
                _TRUSTED_DEVICES[(base_url, email)] = cookie


def open_menu(page: Any) -> None:
    """On a phone the menu (log out, language, the role's places) sits behind the menu button."""
    menu = page.locator("details.site-menu")
    if (
        menu.get_attribute("open") is None
        and page.locator("details.site-menu > summary").is_visible()
    ):
        page.locator("details.site-menu > summary").click()
