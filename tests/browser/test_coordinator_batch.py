"""A coordinator matches three waiting requests at once in a real browser: keeps one
proposed pair, swaps one to an alternative, skips one, checks the confirm step and sends.
The kept and swapped peer experts are asked for the right young people; the skipped
request stays open and waiting on the batch page.

The world speaks Papiamentu, which no demo peer expert does, so only its own three peer
experts fit its requests.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from peermatch.models import ContactRequest, MatchProposal, Notification
from peermatch.models.enums import ProposalStatus, RequestStatus
from tests.browser.conftest import LiveServer, login_as
from tests.browser.world import live_db, unique_email, youth_aged
from tests.factories import PASSWORD, make_coordinator, make_organisation
from tests.integration.matches.builders import open_request, peer

LANGUAGE = "pap"


def _fieldset(page: Any, name: str) -> Any:
    return page.locator("fieldset", has=page.locator("legend", has_text=f"Aanvraag van {name}"))


def test_a_batch_keeps_one_pair_swaps_one_skips_one_and_sends(
    page: Any, live_server: LiveServer
) -> None:
    email = unique_email("coordinator")
    with live_db(live_server) as session:
        org = make_organisation(session)
        make_coordinator(session, org, email=email, locale="nl")
        for name in ("Noor", "Bram", "Fenna"):
            peer(session, org, name=name, languages=[LANGUAGE])
        requests = {
            name: open_request(
                session, youth_aged(session, 19, name), organisation_id=org.id, languages=["pap"]
            )
            for name in ("Sam", "Jesse", "Mila")
        }
        ids = {name: r.id for name, r in requests.items()}
        youth_ids = {name: r.requester_id for name, r in requests.items()}
    base = live_server.url
    login_as(page, base, email, PASSWORD)

    page.goto(f"{base}/matches/batch")
    for request_id in ids.values():
        page.locator(f"input[name=request_ids][value='{request_id}']").check()
    page.get_by_role("button", name="Maak een plan").click()
    page.wait_for_url("**/matches/batch/review")

    # Keep Sam's proposal, give Jesse the first alternative instead, skip Mila.
    kept = _fieldset(page, "Sam").locator(f"input[name=pick_{ids['Sam']}]").first
    assert kept.is_checked()
    kept_peer = int(kept.get_attribute("value"))
    jesse = _fieldset(page, "Jesse")
    proposed_for_jesse = jesse.locator("input[type=radio]:checked").get_attribute("value")
    alternative = jesse.locator("label", has_text="Liever").first
    swapped_name = alternative.inner_text().split("Liever ", 1)[1].split(" (", 1)[0]
    alternative.locator("input").check()
    swapped_peer = int(alternative.locator("input").get_attribute("value"))
    assert str(swapped_peer) != proposed_for_jesse
    _fieldset(page, "Mila").get_by_label("Sla deze aanvraag nu over").check()
    page.get_by_role("button", name="Verder").click()

    # The confirm step says who is asked for whom and what is skipped; nothing is sent yet.
    page.wait_for_url("**/matches/batch/confirm")
    summary = page.locator("main ul").first.inner_text()
    assert f"{swapped_name} krijgt de aanvraag van Jesse." in summary, summary
    assert "De aanvraag van Mila wordt nu overgeslagen." in summary, summary
    assert "krijgt de aanvraag van Sam." in summary, summary
    with live_db(live_server) as session:
        assert (
            session.scalars(
                select(MatchProposal).where(MatchProposal.request_id.in_(ids.values()))
            ).all()
            == []
        )
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/matches/batch")
    assert "2 ervaringsdeskundigen zijn gevraagd." in page.content()
    # Mila's request is still waiting to be matched.
    assert page.locator(f"input[name=request_ids][value='{ids['Mila']}']").count() == 1

    with live_db(live_server) as session:
        asked = {
            (p.request_id, p.profile_id, p.status)
            for p in session.scalars(
                select(MatchProposal).where(MatchProposal.request_id.in_(ids.values()))
            )
        }
        assert asked == {
            (ids["Sam"], kept_peer, ProposalStatus.ASKED),
            (ids["Jesse"], swapped_peer, ProposalStatus.ASKED),
        }
        mila = session.get(ContactRequest, ids["Mila"])
        assert mila is not None and mila.status is RequestStatus.OPEN
        told = set(
            session.scalars(
                select(Notification.user_id).where(
                    Notification.kind == "match.batch_proposed",
                    Notification.user_id.in_(youth_ids.values()),
                )
            )
        )
        assert told == {youth_ids["Sam"], youth_ids["Jesse"]}
