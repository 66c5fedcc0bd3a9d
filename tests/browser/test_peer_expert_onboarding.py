"""A new peer expert in a real browser: register, walk the six onboarding steps, add two
experiences and submit; the demo coordinator verifies; the peer expert adds a weekly time
block and sees free times. axe checks every page on the way.

The live server's database is shared by the session's browser tests, so this person gets
a unique email address and name, and the demo organisation (the demo coordinator's) is
chosen in step 1.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from peermatch.db import make_engine
from peermatch.models import OutboxMessage
from tests.browser.conftest import LiveServer, login_as, open_menu, serious_violations

COORDINATOR = "coordinator@example.org"
DEMO_ORGANISATION = "Jongerenraad Demostad (demo)"
PASSWORD = "een lang en sterk wachtwoord"


def _checked(page: Any, found: dict[str, Any]) -> None:
    violations = serious_violations(page)
    if violations:
        found[page.url] = violations


def _verification_link(live_server: LiveServer, email: str) -> str:
    """The link from the queued verification email (the live server sends no real mail)."""
    engine = make_engine(live_server.database_url)
    try:
        with engine.connect() as conn:
            link = conn.scalar(
                select(OutboxMessage.link).where(
                    OutboxMessage.kind == "email_verify", OutboxMessage.to_email == email
                )
            )
    finally:
        engine.dispose()
    assert link, "no verification email queued"
    return str(link)


def _logout(page: Any) -> None:
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/")


def _next_step(page: Any, step: int) -> None:
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_url(f"**/profile/onboarding/{step + 1}")


def _add_experience(
    page: Any, domain_label: str, text: str, visibility: str, audiences: list[str]
) -> None:
    page.locator("select[name=domain_id]").select_option(label=domain_label)
    page.locator("textarea[name=share_text]").fill(text)
    page.locator(f"input[name=visibility][value={visibility}]").check()
    for audience in audiences:
        page.locator(f"input[name=audiences][value={audience}]").check()
    page.locator("input[name=ready_to_share]").check()
    page.get_by_role("button", name="Toevoegen aan mijn profiel").click()
    page.wait_for_load_state()
    assert "Toegevoegd aan je profiel" in page.content()


def test_a_new_peer_expert_registers_onboards_is_verified_and_adds_availability(
    browser: Any, live_server: LiveServer
) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    found: dict[str, Any] = {}
    suffix = uuid.uuid4().hex[:8]
    name = f"Iris {suffix}"
    email = f"iris.{suffix}@example.org"
    today = dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()

    # Register as a peer expert who turns 22 this year.
    page.goto(live_server.url + "/register")
    _checked(page, found)
    page.locator("input[name=role][value=peer_expert]").check()
    page.get_by_label("Hoe mogen we je noemen?").fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Geboortejaar").fill(str(today.year - 22))
    page.get_by_label("Ik heb de privacyverklaring gelezen en ga ermee akkoord.").check()
    page.get_by_role("button", name="Maak mijn account").click()
    # The same answer for a new and a taken address: log in next (no auto-login).
    page.wait_for_url("**/login")
    assert "Je account is klaar" in page.content()
    _checked(page, found)
    login_as(page, live_server.url, email, PASSWORD)
    _checked(page, found)
    # Until the address is confirmed, every page offers to send the link again.
    assert "Stuur de link opnieuw" in page.content()
    page.goto(live_server.url + _verification_link(live_server, email))
    assert "je e-mailadres is bevestigd" in page.content()
    assert "Stuur de link opnieuw" not in page.content()

    # Step 1: about you, with the demo organisation.
    page.goto(live_server.url + "/profile/onboarding/1")
    _checked(page, found)
    assert "Stap 1 van 6" in page.content()
    page.locator("input[name=pronouns]").fill("zij/haar")
    page.locator("select[name=organisation_id]").select_option(label=DEMO_ORGANISATION)
    _next_step(page, 1)

    # Step 2: how you meet, with the place found by name.
    _checked(page, found)
    for value in ("nl", "en"):
        page.locator(f"input[name=languages][value={value}]").check()
    for value in ("video", "in_person"):
        page.locator(f"input[name=modes][value={value}]").check()
    page.get_by_label("Woonplaats (om in het echt af te spreken)").fill("Utrecht")
    page.locator("input[name=max_travel_km]").fill("15")
    for value in ("youth_16_17", "adult_18_plus"):
        page.locator(f"input[name=audiences][value={value}]").check()
    _next_step(page, 2)

    # Step 3: your story.
    _checked(page, found)
    page.locator("textarea[name=introduction]").fill("Ik ben Iris en ik deel wat mij hielp.")
    _next_step(page, 3)

    # Step 4: two experiences with different visibility and groups.
    _checked(page, found)
    page.get_by_role("button", name="Ervaringen toevoegen of aanpassen").click()
    page.wait_for_url("**/profile/experiences")
    _checked(page, found)
    _add_experience(
        page,
        "Angst",
        "Spanning ken ik goed.",
        "candidate_viewers",
        ["youth_16_17", "adult_18_plus"],
    )
    _checked(page, found)
    _add_experience(
        page, "Pesten", "Dit vertel ik als we elkaar kennen.", "after_match", ["adult_18_plus"]
    )
    page.get_by_role("link", name="Terug naar stap 4").click()
    page.wait_for_url("**/profile/onboarding/4")
    assert "Angst" in page.content() and "Pesten" in page.content()
    _next_step(page, 4)

    # Step 5: training and a recent VOG (needed for young people under 18).
    _checked(page, found)
    page.locator("input[name=training_status][value=completed]").check()
    page.locator("input[name=training_year]").fill(str(today.year - 1))
    page.locator("input[name=vog_date]").fill((today - dt.timedelta(days=30)).isoformat())
    _next_step(page, 5)

    # Step 6: sessions and capacity.
    _checked(page, found)
    for minutes in ("45", "60"):
        page.locator(f"input[name=session_lengths][value='{minutes}']").check()
    page.locator("input[name=buffer_before_minutes]").fill("10")
    page.locator("input[name=buffer_after_minutes]").fill("10")
    page.locator("input[name=min_notice_hours]").fill("24")
    page.locator("input[name=horizon_weeks]").fill("4")
    page.locator("input[name=max_sessions_per_week]").fill("3")
    page.locator("input[name=max_active_matches]").fill("3")
    page.get_by_role("button", name="Opslaan en afronden").click()
    page.wait_for_url(re.compile(r".*/profile$"))
    _checked(page, found)
    assert "Nog te doen" not in page.content()

    # Submit.
    page.get_by_role("button", name="Mijn profiel versturen ter verificatie").click()
    page.wait_for_url(re.compile(r".*/profile$"))
    _checked(page, found)
    assert "Verstuurd: een coördinator bekijkt je profiel." in page.content()
    _logout(page)

    # The demo coordinator verifies from the queue.
    login_as(page, live_server.url, COORDINATOR)
    page.goto(live_server.url + "/verification")
    _checked(page, found)
    page.get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(r".*/verification/profiles/\d+$"))
    _checked(page, found)
    assert name in page.content() and "Spanning ken ik goed." in page.content()
    page.get_by_role("button", name="Dit profiel verifiëren").click()
    page.wait_for_url(re.compile(r".*/verification$"))
    _checked(page, found)
    assert f"{name} is geverifieerd en kan nu gematcht worden." in page.content()
    _logout(page)

    # The peer expert is active and adds a weekly time block.
    login_as(page, live_server.url, email, PASSWORD)
    page.goto(live_server.url + "/profile")
    _checked(page, found)
    assert "Actief: mensen kunnen jouw ervaringskennis vinden." in page.content()
    page.goto(live_server.url + "/availability")
    _checked(page, found)
    assert "Nog geen vrije tijden" in page.content()
    page.locator("select[name=window-weekday]").select_option(value="2")  # Wednesday
    page.locator("input[name=window-start]").fill("14:00")
    page.locator("input[name=window-end]").fill("17:00")
    page.get_by_role("button", name="Tijdblok toevoegen", exact=True).click()
    page.wait_for_url(re.compile(r".*/availability$"))
    _checked(page, found)
    assert "14:00–17:00" in page.content()
    slots = page.locator(".availability-preview .slot")
    assert slots.count() > 0
    assert slots.first.inner_text() >= "14:00"
    assert "woensdag" in page.locator(".availability-preview").inner_text()
    context.close()
    assert found == {}
