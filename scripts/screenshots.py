"""Phone and desktop screenshots of each demo role's main pages, for people who look rather than read.

Runs a throwaway server on a fresh SQLite database with the demo data (never the developer's
database) and drives Debian's Chromium through Playwright (never ``playwright install``).
Usage: ``python -m scripts.screenshots [output-dir]`` (default ``docs/screenshots``).
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

from peermatch import demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
VIEWPORTS = {"phone": (360, 740), "desktop": (1280, 800)}

#: (file-name prefix, demo account or None for a visitor, pages to photograph).
ROLES: list[tuple[str, str | None, list[tuple[str, str]]]] = [
    ("visitor", None, [("home", "/"), ("login", "/login")]),
    (
        "youth",
        "jongere@example.org",
        [
            ("dashboard", "/dashboard"),
            ("requests", "/requests/"),
            ("request-form", "/requests/new"),
            ("sessions", "/sessions"),
            ("menu", "/dashboard#menu"),
        ],
    ),
    (
        "peer-expert",
        "lotte@example.org",
        [
            ("dashboard", "/dashboard"),
            ("profile", "/profile"),
            ("incoming", "/matches/incoming"),
            ("availability", "/availability"),
        ],
    ),
    (
        "coordinator",
        "coordinator@example.org",
        [
            ("dashboard", "/dashboard"),
            ("approvals", "/matches/approvals"),
            ("verification", "/verification"),
        ],
    ),
    ("team-member", "team@example.org", [("dashboard", "/dashboard"), ("team", "/requests/team")]),
    ("admin", "admin@example.org", [("dashboard", "/dashboard"), ("outbox", "/admin/outbox")]),
]


def _start_server(workdir: Path) -> tuple[str, object]:
    from config import load_config
    from peermatch import create_app, migrate
    from peermatch.db import make_engine, make_sessionmaker, session_scope

    url = f"sqlite:///{workdir / 'screenshots.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        demo.load(session)
    engine.dispose()
    values = load_config("testing")
    values.update(DATABASE_URL=url, WTF_CSRF_ENABLED=True, MAIL_BACKEND="null")
    server = make_server("127.0.0.1", 0, create_app(values), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def _measure(page: object) -> str:
    """Header height and page width, the two numbers the phone layout is judged by."""
    header, width, inner = page.evaluate(  # type: ignore[attr-defined]
        "() => [document.querySelector('body > header').getBoundingClientRect().height,"
        " document.documentElement.scrollWidth, window.innerWidth]"
    )
    return f"header {header:.0f}px, page width {width}px of {inner}px"


def take(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        base, server = _start_server(Path(tmp))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            for device, (width, height) in VIEWPORTS.items():
                for prefix, email, pages in ROLES:
                    context = browser.new_context(
                        locale="nl-NL", viewport={"width": width, "height": height}
                    )
                    page = context.new_page()
                    if email:
                        page.goto(f"{base}/login")
                        page.get_by_label("E-mailadres").fill(email)
                        page.get_by_label("Wachtwoord").fill(demo.DEMO_PASSWORD)
                        page.get_by_role("button", name="Inloggen").click()
                        page.wait_for_url("**/dashboard")
                    for name, path in pages:
                        page.goto(base + path.split("#")[0])
                        if path.endswith("#menu"):
                            if device == "desktop":
                                continue
                            menu = page.locator("details.site-menu > summary")
                            if menu.count():
                                menu.first.click()
                        if device == "phone":
                            print(f"{prefix:12} {path:22} {_measure(page)}")
                        target = out / f"{prefix}-{name}-{device}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written.append(target)
                    context.close()
            browser.close()
        server.shutdown()  # type: ignore[attr-defined]
    return written


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for path in take(out):
        print(path)


if __name__ == "__main__":
    main()
