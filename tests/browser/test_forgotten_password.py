"""Forgotten password in a real browser: from the login page's link to the emailed link, a
new password that works, an old one that doesn't, and a link that opens nothing twice.

The live server queues email without sending it, so the test reads the link from the outbox
row, as a person would from their inbox. The person is created here with a unique address,
since the live server's database is shared by the session's browser tests.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.auth.passwords import hash_password
from peermatch.db import make_engine
from peermatch.models import OutboxMessage, User, UserRole
from peermatch.models.enums import Role
from tests.browser.conftest import LiveServer, login_as, serious_violations

OLD = "een oud maar sterk wachtwoord"
NEW = "fietsen door de polder bij avond"


def _make_person(live_server: LiveServer, email: str) -> None:
    engine = make_engine(live_server.database_url)
    try:
        with engine.begin() as conn, Session(bind=conn) as session:
            session.add(
                User(
                    email=email,
                    display_name="Sam",
                    password_hash=hash_password(OLD),
                    birth_year=2004,
                    roles=[UserRole(role=Role.YOUTH)],
                )
            )
            session.flush()
    finally:
        engine.dispose()


def _reset_link(live_server: LiveServer, email: str) -> str:
    engine = make_engine(live_server.database_url)
    try:
        with engine.connect() as conn:
            link = conn.scalar(
                select(OutboxMessage.link).where(
                    OutboxMessage.kind == "password_reset", OutboxMessage.to_email == email
                )
            )
    finally:
        engine.dispose()
    assert link, "no reset email queued"
    return str(link)


def test_a_forgotten_password_is_reset_by_email_and_the_link_works_once(
    browser: Any, live_server: LiveServer
) -> None:
    email = f"sam.{uuid.uuid4().hex[:8]}@example.org"
    _make_person(live_server, email)
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)

    page.goto(live_server.url + "/login")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    page.wait_for_url("**/password/forgot")
    assert serious_violations(page) == []
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_role("button", name="Stuur me een link").click()
    page.wait_for_url("**/login")
    assert "Als dit e-mailadres bij een PeerMatch-account hoort" in page.content()

    link = live_server.url + _reset_link(live_server, email)
    page.goto(link)
    assert serious_violations(page) == []
    page.get_by_label("Nieuw wachtwoord").fill(NEW)
    page.get_by_role("button", name="Bewaar mijn nieuwe wachtwoord").click()
    page.wait_for_url("**/login")
    assert "Je nieuwe wachtwoord is ingesteld" in page.content()

    # The old password no longer opens the account; the new one does.
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(OLD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    assert "Dit e-mailadres en wachtwoord komen niet overeen" in page.content()
    assert "/dashboard" not in page.url
    login_as(page, live_server.url, email, NEW)

    # The same link a second time: a clear message, no form.
    page.goto(link)
    assert "Deze link werkt niet meer" in page.content()
    assert page.locator("input[name=new_password]").count() == 0
    context.close()
