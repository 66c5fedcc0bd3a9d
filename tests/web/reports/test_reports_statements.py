"""The hours report (page and CSV), every figure's CSV and a peer expert's own hours cost the
same statements for one copy of the world as for four: no query per peer expert, month or
row. The reports page itself is counted in test_reports_pages."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import Booking, MatchProposal, PeerExpertProfile
from peermatch.models.enums import BookingStatus
from tests.conftest import QueryCounter
from tests.factories import login, make_coordinator, make_organisation
from tests.web.reports.test_reports_pages import NOW, PERIOD, build_world


@pytest.mark.parametrize(
    "path",
    [
        "/reports/hours",
        "/reports/hours?format=csv",
        "/reports/activity.csv",
        "/reports/waiting.csv",
        "/reports/satisfaction.csv",
    ],
)
def test_coordinator_reports_cost_the_same_statements_as_data_grows(
    app: Flask, db_session: Session, count_queries: QueryCounter, path: str
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    build_world(db_session, org)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)
    url, _, query = path.partition("?")
    args = {**PERIOD, **dict([query.split("=")] if query else [])}

    def statements() -> int:
        with count_queries() as seen:
            assert client.get(url, query_string=args).status_code == 200
        return len(seen)

    small = statements()
    build_world(db_session, org, copies=3)
    for _ in range(2):  # more peer experts too, each with their own held sessions
        build_world(db_session, org)
    assert statements() == small


def test_a_peer_experts_own_hours_cost_the_same_statements_as_data_grows(
    app: Flask, db_session: Session, count_queries: QueryCounter
) -> None:
    org = make_organisation(db_session)
    build_world(db_session, org)
    profile = db_session.scalars(
        select(PeerExpertProfile).where(PeerExpertProfile.organisation_id == org.id)
    ).one()
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, profile.user)

    def statements() -> int:
        with count_queries() as seen:
            assert client.get("/reports/my-hours", query_string=PERIOD).status_code == 200
        return len(seen)

    small = statements()
    proposal = db_session.scalars(
        select(MatchProposal).where(MatchProposal.profile_id == profile.id)
    ).first()
    assert proposal is not None
    for day in range(1, 7):  # six more held sessions of their own, across both months
        start = dt.datetime(2026, 10 + day % 2, 10 + day, 10, tzinfo=dt.UTC)
        db_session.add(
            Booking(proposal_id=proposal.id, status=BookingStatus.COMPLETED,
                    starts_at=start, ends_at=start + dt.timedelta(minutes=45))
        )  # fmt: skip
    db_session.flush()
    assert statements() == small
