"""A coordinator approves a 15-year-old's match in a real browser: the safety check shows
who gave consent (name, relation, when) and the peer expert's VOG on each planned date,
the confirm step comes before the change and words follow it. An expired VOG flags the
match as needing attention, on the approval page and on the confirm step."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select

from peermatch.models import Booking, MatchProposal, User
from peermatch.models.enums import BookingStatus, ProposalStatus
from tests.browser.conftest import LiveServer, login_as, serious_violations
from tests.browser.world import live_db, today, unique_email, youth_aged
from tests.factories import PASSWORD, make_coordinator, make_organisation
from tests.integration.matches.builders import open_request, peer


def _awaiting(session: Any, org: Any, young: User, expert: Any) -> MatchProposal:
    now = dt.datetime.now(dt.UTC)
    request = open_request(
        session, young, organisation_id=org.id,
        guardian_consented_at=now - dt.timedelta(days=2),
        guardian_consent_name="Ans de Vries", guardian_consent_relation="parent",
    )  # fmt: skip
    proposal = MatchProposal(
        request_id=request.id, profile_id=expert.id, status=ProposalStatus.AWAITING_APPROVAL,
        responded_at=now - dt.timedelta(hours=2),
    )  # fmt: skip
    session.add(proposal)
    session.flush()
    start = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=5)
    session.add(
        Booking(proposal_id=proposal.id, status=BookingStatus.REQUESTED,
                starts_at=start, ends_at=start + dt.timedelta(hours=1))
    )  # fmt: skip
    session.flush()
    return proposal


def _status(live_server: LiveServer, proposal_id: int) -> ProposalStatus:
    with live_db(live_server) as session:
        return session.scalars(
            select(MatchProposal.status).where(MatchProposal.id == proposal_id)
        ).one()


def test_a_coordinator_checks_consent_and_vog_confirms_and_an_expired_vog_is_flagged(
    page: Any, live_server: LiveServer
) -> None:
    email = unique_email("coordinator")
    with live_db(live_server) as session:
        org = make_organisation(session)
        make_coordinator(session, org, email=email, locale="nl")
        noor = peer(session, org, name="Noor", vog_date=today() - dt.timedelta(days=365))
        bram = peer(session, org, name="Bram", vog_date=today() - dt.timedelta(days=3 * 366 + 10))
        valid = _awaiting(session, org, youth_aged(session, 15, "Sam"), noor)
        expired = _awaiting(session, org, youth_aged(session, 15, "Mila"), bram)
    base = live_server.url
    login_as(page, base, email, PASSWORD)

    # The safety check: who asks and how old, who consented and when, the VOG on the date.
    page.goto(f"{base}/matches/approvals/{valid.id}")
    safety = page.locator("section", has=page.locator("#safety-h"))
    assert safety.locator("h2").inner_text() == "Veiligheidscheck"
    facts = safety.inner_text()
    assert "Sam, 12 tot en met 15 jaar" in facts
    assert re.search(r"Ans de Vries \(ouder\) gaf toestemming op \w+ \d+ \w+", facts), facts
    assert "Geldig tot en met" in facts
    assert safety.locator("dd li").count() == 1  # the planned session, with its day
    assert "VOG niet geldig op deze dag" not in facts
    assert "Vraagt je aandacht" not in facts

    # Approve: the confirm step names the pair and changes nothing yet.
    page.get_by_role("button", name="Goedkeuren", exact=True).click()
    page.wait_for_url(f"**/matches/approvals/{valid.id}/approve")
    assert page.get_by_role("heading", level=1).inner_text() == "Deze match goedkeuren?"
    assert "Sam en Noor zijn dan gematcht" in page.content()
    assert "Vraagt je aandacht" not in page.content()
    assert _status(live_server, valid.id) is ProposalStatus.AWAITING_APPROVAL
    assert serious_violations(page) == []
    page.get_by_role("button", name="Ja, goedkeuren").click()
    page.wait_for_url("**/matches/approvals")
    assert "De match is goedgekeurd. Ze kunnen nu een eerste gesprek plannen." in page.content()
    assert _status(live_server, valid.id) is ProposalStatus.APPROVED

    # An expired VOG: flagged on the page, on the planned date and again on the confirm step.
    page.goto(f"{base}/matches/approvals/{expired.id}")
    facts = page.locator("section", has=page.locator("#safety-h")).inner_text()
    assert "Vraagt je aandacht" in facts
    assert "Verlopen" in facts and "VOG niet geldig op deze dag" in facts
    page.get_by_role("button", name="Goedkeuren", exact=True).click()
    page.wait_for_url(f"**/matches/approvals/{expired.id}/approve")
    assert "Vraagt je aandacht" in page.content()
    page.get_by_role("button", name="Nee, ga terug").click()
    page.wait_for_url(f"**/matches/approvals/{expired.id}")
    assert _status(live_server, expired.id) is ProposalStatus.AWAITING_APPROVAL
