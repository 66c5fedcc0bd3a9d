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
            # Followed from the dashboard: the time picker of the match waiting to be booked.
            ("time-picker", "/dashboard>a[href$='/book']"),
            ("session", "BOOK"),
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
            ("sessions", "/sessions"),
            # Followed from the list above: the first session's own page.
            ("session", "/sessions>a[href^='/sessions/']:not([href$='.ics'])"),
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


def _approved_match(session: object) -> None:
    """The demo youth Sam with an approved match with Lotte, so the pictures can show the
    time picker and, once a time is confirmed there, a session page."""
    import datetime as dt

    from sqlalchemy import select

    from peermatch.lifecycles.proposals import ProposalStatus
    from peermatch.models import ContactRequest, MatchProposal, PeerExpertProfile, User
    from peermatch.models.enums import RequestKind, RequestStatus

    now = dt.datetime.now(dt.UTC)
    youth = session.scalars(select(User).where(User.email == "jongere@example.org")).one()  # type: ignore[attr-defined]
    lotte = session.scalars(  # type: ignore[attr-defined]
        select(PeerExpertProfile)
        .join(User, User.id == PeerExpertProfile.user_id)
        .where(User.email == "lotte@example.org")
    ).one()
    request = ContactRequest(
        kind=RequestKind.YOUTH, status=RequestStatus.MATCHED, requester_id=youth.id,
        organisation_id=lotte.organisation_id, submitted_at=now - dt.timedelta(days=3),
        modes=["video"], languages=["nl"],
    )  # fmt: skip
    session.add(request)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    session.add(  # type: ignore[attr-defined]
        MatchProposal(
            request_id=request.id,
            profile_id=lotte.id,
            status=ProposalStatus.APPROVED,
            asked_at=now - dt.timedelta(days=2),
            responded_at=now - dt.timedelta(days=1),
            decided_at=now - dt.timedelta(hours=2),
        )
    )


def _start_server(workdir: Path) -> tuple[str, object]:
    from config import load_config
    from peermatch import create_app, migrate
    from peermatch.db import make_engine, make_sessionmaker, session_scope

    url = f"sqlite:///{workdir / 'screenshots.db'}"
    values = load_config("testing")
    values.update(DATABASE_URL=url, WTF_CSRF_ENABLED=True, MAIL_BACKEND="null")
    app = create_app(values)  # first: it sets the encryption keys the demo data is written with
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        demo.load(session)
        _approved_match(session)
    engine.dispose()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def _measure(page: object) -> str:
    """Header height and page width, the two numbers the phone layout is judged by."""
    header, width, inner = page.evaluate(  # type: ignore[attr-defined]
        "() => [document.querySelector('body > header').getBoundingClientRect().height,"
        " document.documentElement.scrollWidth, window.innerWidth]"
    )
    return f"header {header:.0f}px, page width {width}px of {inner}px"


def _book_first_time(page: object, base: str) -> bool:
    """On the time picker: the first time, then "Bevestigen"; ends on the session's page."""
    slot = page.locator("main a.slot-time")  # type: ignore[attr-defined]
    if not slot.count():
        print("youth        (time picker)          no free time to book")
        return False
    slot.first.click()
    page.get_by_role("button", name="Bevestigen").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    link = page.locator("main a[href^='/sessions/']:not([href$='.ics'])")  # type: ignore[attr-defined]
    if link.count():
        page.goto(base + str(link.first.get_attribute("href")))  # type: ignore[attr-defined]
    return "/sessions/" in page.url  # type: ignore[attr-defined]


def _log_in(page: object, base: str, email: str, trusted: dict[str, object]) -> None:
    """Password, then (staff) the demo's second step once; the remembered device after."""
    if email in trusted:
        page.context.add_cookies([trusted[email]])  # type: ignore[attr-defined]
    page.goto(f"{base}/login")  # type: ignore[attr-defined]
    page.get_by_label("E-mailadres").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("Wachtwoord").fill(demo.DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Inloggen").click()  # type: ignore[attr-defined]
    page.wait_for_url(lambda url: "/dashboard" in url or "/login/code" in url)  # type: ignore[attr-defined]
    if "/login/code" in page.url:  # type: ignore[attr-defined]
        import pyotp

        page.get_by_label("Code", exact=True).fill(pyotp.TOTP(demo.DEMO_TOTP_SECRET).now())  # type: ignore[attr-defined]
        page.get_by_label("Onthoud dit apparaat 30 dagen").check()  # type: ignore[attr-defined]
        page.get_by_role("button", name="Inloggen").click()  # type: ignore[attr-defined]
        page.wait_for_url("**/dashboard")  # type: ignore[attr-defined]
        for cookie in page.context.cookies():  # type: ignore[attr-defined]
            if cookie["name"] == "pm_trusted_device":
                trusted[email] = cookie


def take(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    trusted: dict[str, object] = {}
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
                        _log_in(page, base, email, trusted)
                    for name, path in pages:
                        if path == "BOOK":
                            if not _book_first_time(page, base):
                                continue
                            path = page.url.removeprefix(base)
                        path, _, follow = path.partition(">")
                        page.goto(base + path.split("#")[0])
                        if follow:
                            link = page.locator(f"main {follow}")
                            if not link.count():
                                print(f"{prefix:12} {path:22} nothing to follow ({follow})")
                                continue
                            page.goto(base + str(link.first.get_attribute("href")))
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
