"""Two-step login in a real browser: a coordinator sets it up from the QR code's text key,
logs out, logs in with a code, then with a recovery code, which then no longer works.

A code is accepted once per 30-second step, so the test moves the live server's clock
(and computes codes for that time) instead of waiting; it puts the clock back afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pyotp
from sqlalchemy.orm import Session

from peermatch.auth.passwords import hash_password
from peermatch.db import make_engine
from peermatch.models import User, UserRole
from peermatch.models.enums import Role
from tests.browser.conftest import LiveServer, login_as, open_menu, serious_violations

PASSWORD = "coördineren met twee stappen"


def _make_coordinator(live_server: LiveServer, email: str) -> None:
    engine = make_engine(live_server.database_url)
    try:
        with engine.begin() as conn, Session(bind=conn) as session:
            session.add(
                User(
                    email=email,
                    display_name="Coby",
                    password_hash=hash_password(PASSWORD),
                    roles=[UserRole(role=Role.COORDINATOR)],
                )
            )
            session.flush()
    finally:
        engine.dispose()


def _logout(page: Any) -> None:
    open_menu(page)
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    page.wait_for_url("**/")


def _password_step(page: Any, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/login/code")


def _code_step(page: Any, code: str) -> None:
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_a_coordinator_sets_up_two_step_login_and_uses_a_code_and_a_recovery_code(
    browser: Any, live_server: LiveServer
) -> None:
    clock = live_server.app.extensions["peermatch_clock"]
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    email = f"coby.{uuid.uuid4().hex[:8]}@example.org"
    _make_coordinator(live_server, email)
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        clock.set(start)
        login_as(page, live_server.url, email, PASSWORD)
        page.goto(live_server.url + "/account")
        page.get_by_role("link", name="Inloggen in twee stappen instellen").click()
        page.get_by_role("button", name="Inloggen in twee stappen instellen").click()
        page.wait_for_selector("#totp-secret")
        assert serious_violations(page) == []
        assert page.get_by_role("img", name="QR-code voor je authenticator-app").is_visible()
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        totp = pyotp.TOTP(secret)
        page.get_by_label("Code uit je app").fill(totp.at(start))
        page.get_by_role("button", name="Inloggen in twee stappen aanzetten").click()
        page.wait_for_selector("ul.recovery-codes")
        codes = re.findall(
            r"[a-z2-9]{5}-[a-z2-9]{5}", page.locator("ul.recovery-codes").inner_text()
        )
        assert len(set(codes)) == 10
        page.get_by_role("button", name="Ik heb mijn codes bewaard").click()
        _logout(page)

        # Log in with a code from the app (a later 30-second step than the first code).
        later = start + dt.timedelta(seconds=90)
        clock.set(later)
        _password_step(page, live_server.url, email)
        assert serious_violations(page) == []
        assert "/dashboard" not in page.url
        _code_step(page, totp.at(later))
        page.wait_for_url("**/dashboard")
        _logout(page)

        # Lost the phone: a recovery code works once.
        _password_step(page, live_server.url, email)
        _code_step(page, codes[0])
        page.wait_for_url("**/dashboard")
        assert "Je hebt er nog 9" in page.content()
        _logout(page)
        _password_step(page, live_server.url, email)
        _code_step(page, codes[0])
        assert "Deze code klopt niet, of is al gebruikt" in page.content()
        assert "/login/code" in page.url
    finally:
        clock.set(None)
        context.close()
