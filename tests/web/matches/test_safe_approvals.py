"""Before approving, a coordinator sees who asks and how old, who consented (or referred),
the peer expert's VOG on every planned session, and the pair's history; the approval list
shows the same summary without a query per row."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.lifecycles.proposals import ProposalStatus
from peermatch.models import Booking, MatchProposal
from peermatch.models.enums import BookingStatus
from tests.conftest import QueryCounter
from tests.factories import login, make_coordinator, make_organisation
from tests.integration.matches.builders import NOW, met_before, open_request, peer, youth

VOG_LAST_DAY = dt.date(2026, 12, 10)  # a VOG issued 10 December 2023


def _awaiting(session: Session, request_age: int, **request_kw: object) -> tuple:  # type: ignore[type-arg]
    org = make_organisation(session)
    coordinator = make_coordinator(session, org, locale="en")
    expert = peer(session, org, name="Noor", vog_date=dt.date(2023, 12, 10))
    young = youth(session, age=request_age, display_name="Sam")
    request = open_request(session, young, organisation_id=org.id, **request_kw)
    proposal = MatchProposal(
        request_id=request.id, profile_id=expert.id, status=ProposalStatus.AWAITING_APPROVAL,
        responded_at=NOW - dt.timedelta(hours=2),
    )  # fmt: skip
    session.add(proposal)
    session.flush()
    return coordinator, expert, request, proposal


def test_a_15_year_olds_match_shows_consent_and_vog_on_each_session(
    app: Flask, db_session: Session
) -> None:
    coordinator, _, _, proposal = _awaiting(
        db_session, 15, guardian_consented_at=NOW - dt.timedelta(days=1),
        guardian_consent_name="Ans de Vries", guardian_consent_relation="parent",
    )  # fmt: skip
    for day in (3, 20):  # before and after the VOG's last day
        start = NOW + dt.timedelta(days=day)
        db_session.add(
            Booking(proposal_id=proposal.id, status=BookingStatus.REQUESTED,
                    starts_at=start, ends_at=start + dt.timedelta(hours=1))
        )  # fmt: skip
    db_session.flush()
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)
    page = client.get(f"/matches/approvals/{proposal.id}").get_data(as_text=True)
    safety = page.split('id="safety-h"', 1)[1].split("</section>", 1)[0]
    assert "Sam, 12 to 15 years" in safety
    assert "Ans de Vries (parent) agreed on" in safety
    assert "Expires soon" in safety and "10 December 2026" in safety
    assert safety.count("VOG not valid on this date") == 1
    assert "Needs your attention" in safety

    queue = client.get("/matches/approvals").get_data(as_text=True)
    assert "Guardian agreed" in queue and "Expires soon" in queue


def test_no_consent_yet_and_an_earlier_do_not_match_again_are_flagged(
    app: Flask, db_session: Session
) -> None:
    coordinator, expert, request, proposal = _awaiting(db_session, 14)
    met_before(db_session, request, expert, author=expert.user, rating=2, do_not_match_again=True)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)
    page = client.get(f"/matches/approvals/{proposal.id}").get_data(as_text=True)
    assert "No guardian has agreed yet" in page
    assert "They were matched once before." in page
    assert "One of them asked not to be matched again." in page
    assert "No guardian consent yet" in client.get("/matches/approvals").get_data(as_text=True)


def test_an_adult_needs_no_consent_and_no_vog_lines(app: Flask, db_session: Session) -> None:
    coordinator, _, _, proposal = _awaiting(db_session, 20)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)
    page = client.get(f"/matches/approvals/{proposal.id}").get_data(as_text=True)
    safety = page.split('id="safety-h"', 1)[1].split("</section>", 1)[0]
    assert "18 years or older" in safety
    assert "Consent or referral" not in safety and "Needs your attention" not in safety


def test_the_approval_list_costs_the_same_statements_for_more_matches(
    app: Flask, db_session: Session, count_queries: QueryCounter
) -> None:
    coordinator, expert, _, _ = _awaiting(db_session, 15)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)

    def statements() -> int:
        with count_queries() as seen:
            assert client.get("/matches/approvals").status_code == 200
        return len(seen)

    one = statements()
    for age in (14, 16, 19, 22):
        request = open_request(db_session, youth(db_session, age=age))
        db_session.add(
            MatchProposal(request_id=request.id, profile_id=expert.id,
                          status=ProposalStatus.AWAITING_APPROVAL, responded_at=NOW)
        )  # fmt: skip
    db_session.flush()
    assert statements() == one
