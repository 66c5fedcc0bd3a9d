"""A youth sees their data (the JSON download and the readable page), deletes their account
with their password, and logging in during the grace period offers to cancel: one click
keeps the account. Real Chromium, the person made here with a unique address."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.auth.passwords import hash_password
from peermatch.db import make_engine
from peermatch.models import ContactRequest, User, UserRole
from peermatch.models.enums import RequestKind, RequestStatus, Role
from tests.browser.conftest import LiveServer, login_as, serious_violations

PASSWORD = "een oud maar sterk wachtwoord"
OWN_WORDS = "Ik wil praten met iemand die ook moest verhuizen"


def _make_youth(live_server: LiveServer, email: str) -> None:
    engine = make_engine(live_server.database_url)
    try:
        with engine.begin() as conn, Session(bind=conn) as session:
            youth = User(
                email=email,
                display_name="Sam",
                password_hash=hash_password(PASSWORD),
                birth_year=2008,
                roles=[UserRole(role=Role.YOUTH)],
            )
            session.add(youth)
            session.flush()
            session.add(
                ContactRequest(
                    kind=RequestKind.YOUTH,
                    status=RequestStatus.DRAFT,
                    requester_id=youth.id,
                    own_words=OWN_WORDS,
                )
            )
            session.flush()
    finally:
        engine.dispose()


def _erasure_due(live_server: LiveServer, email: str) -> Any:
    engine = make_engine(live_server.database_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(User.erasure_due_at).where(User.email == email))
    finally:
        engine.dispose()


def test_a_youth_downloads_their_data_deletes_the_account_and_cancels_by_logging_in(
    browser: Any, live_server: LiveServer
) -> None:
    email = f"sam.{uuid.uuid4().hex[:8]}@example.org"
    _make_youth(live_server, email)
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 390, "height": 844}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    login_as(page, live_server.url, email, PASSWORD)

    page.goto(live_server.url + "/account")
    assert page.get_by_role("heading", name="Je gegevens en privacy").is_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download mijn gegevens (JSON)").click()
    with open(info.value.path(), encoding="utf-8") as fh:
        document = json.load(fh)
    assert document["account"]["email"] == email
    assert document["requests"][0]["own_words"] == OWN_WORDS

    page.get_by_role("button", name="Bekijk mijn gegevens").click()
    page.wait_for_url("**/account/privacy/export")
    assert page.get_by_role("heading", name="Jouw gegevens", level=1).is_visible()
    assert OWN_WORDS in page.content()
    assert serious_violations(page) == []

    page.goto(live_server.url + "/account")
    page.get_by_role("button", name="Verwijder mijn account").click()
    page.wait_for_url("**/account/privacy/delete")
    assert serious_violations(page) == []
    page.get_by_label("Je wachtwoord").fill("niet mijn wachtwoord")
    page.get_by_role("button", name="Ja, verwijder mijn account").click()
    page.wait_for_load_state()
    assert _erasure_due(live_server, email) is None
    page.get_by_label("Je wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Ja, verwijder mijn account").click()
    page.wait_for_url("**/login")
    assert "Je account wordt op" in page.content()
    assert _erasure_due(live_server, email) is not None

    # Logging in within the grace period: "Je account wordt op … verwijderd — Annuleer".
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/account/privacy/pending")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Je account wordt op") and heading.endswith("verwijderd")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Annuleer het verwijderen").click()
    page.wait_for_url("**/account")
    assert "Welkom terug: je account wordt niet verwijderd." in page.content()
    assert _erasure_due(live_server, email) is None
    context.close()
