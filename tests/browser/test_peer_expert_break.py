"""A peer expert takes a break until a date in a real browser: the page lists their planned
sessions, the confirm step says until when, and words follow. A youth's candidates then
leave them out; once the app's clock is past that date and the ``breaks-end`` job has run,
they are ranked again.

The world speaks Frisian, which no demo peer expert does, so only its own two peer experts
can fit the youth's request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from peermatch.jobs.registry import JOBS
from peermatch.models import Booking, BookingParticipant, MatchProposal
from peermatch.models.enums import BookingStatus, ParticipantRole, ProposalStatus
from tests.browser.conftest import LiveServer, login_as
from tests.browser.world import AMSTERDAM, live_db, today, unique_email, youth_aged
from tests.factories import PASSWORD, make_organisation
from tests.integration.matches.builders import open_request, peer

LANGUAGE = "fy"


def _planned_session(session: Any, org: Any, expert: Any) -> Booking:
    """An approved match with another young person and a confirmed session in three days."""
    request = open_request(session, youth_aged(session, 19, "Daan"), organisation_id=org.id)
    proposal = MatchProposal(
        request_id=request.id, profile_id=expert.id, status=ProposalStatus.APPROVED
    )
    session.add(proposal)
    session.flush()
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    start += dt.timedelta(days=3)
    end = start + dt.timedelta(hours=1)
    booking = Booking(
        proposal_id=proposal.id, status=BookingStatus.CONFIRMED, starts_at=start, ends_at=end
    )
    session.add(booking)
    session.flush()
    session.add(
        BookingParticipant(
            booking_id=booking.id, user_id=expert.user_id, role=ParticipantRole.PEER_EXPERT,
            block_start=start, block_end=end,
        )
    )  # fmt: skip
    session.flush()
    return booking


def _candidate_names(page: Any, url: str) -> str:
    page.goto(url)
    return str(page.locator("main").inner_text())


def test_a_break_hides_a_peer_expert_until_the_date_then_they_are_ranked_again(
    browser: Any, page: Any, live_server: LiveServer
) -> None:
    peer_email, youth_email = unique_email("noor"), unique_email("sam")
    with live_db(live_server) as session:
        org = make_organisation(session)
        noor = peer(session, org, name="Noor", languages=[LANGUAGE])
        noor.user.email = peer_email
        peer(session, org, name="Bram", languages=[LANGUAGE])
        booking = _planned_session(session, org, noor)
        young = youth_aged(session, 19, "Sam", email=youth_email)
        request = open_request(session, young, organisation_id=org.id, languages=[LANGUAGE])
    base = live_server.url
    candidates_url = f"{base}/matches/requests/{request.id}/candidates"
    until = today() + dt.timedelta(days=7)

    # Noor takes a break: the planned session is listed, then the confirm step.
    login_as(page, base, peer_email, PASSWORD)
    page.goto(f"{base}/profile/break")
    assert page.locator(f"main a[href='/sessions/{booking.id}']").count() == 1
    page.get_by_label("Laatste dag van mijn pauze").fill(until.isoformat())
    page.get_by_role("button", name="Verder").click()
    assert page.get_by_role("heading", name="Even controleren").is_visible()
    assert "Je pauze duurt tot en met" in page.content()
    assert "Je geplande sessies hieronder blijven staan." in page.content()
    assert page.locator(f"main a[href='/sessions/{booking.id}']").count() == 1
    page.get_by_role("button", name="Ja, start mijn pauze").click()
    page.wait_for_url("**/profile/break")
    assert "Geniet van je pauze." in page.content()

    # Sam's candidates leave Noor out while the break lasts.
    youth_context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    youth_page = youth_context.new_page()
    youth_page.set_default_timeout(15_000)
    login_as(youth_page, base, youth_email, PASSWORD)
    during = _candidate_names(youth_page, candidates_url)
    assert "Bram" in during and "Noor" not in during

    # The day after the last day of the break: the breaks-end job makes Noor active again.
    clock = live_server.app.extensions["peermatch_clock"]
    after = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(9), AMSTERDAM)
    (breaks_end,) = [job for job in JOBS if job.name == "breaks-end"]
    try:
        clock.set(after.astimezone(dt.UTC))
        with live_server.app.app_context():
            summary = breaks_end.run(live_server.app, after.astimezone(dt.UTC))
        back = _candidate_names(youth_page, candidates_url)
    finally:
        clock.set(None)
        youth_context.close()
    assert summary.startswith("ended=") and summary != "ended=0"
    assert "Bram" in back and "Noor" in back
