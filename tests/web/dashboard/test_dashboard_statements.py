"""The dashboards and request cards cost the same statements for 3 rows as for 30."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, Notification, PeerExpertProfile, User
from peermatch.models.enums import ProposalStatus
from tests.conftest import QueryCounter
from tests.factories import login, make_coordinator, make_organisation
from tests.integration.matches.builders import NOW, open_request, peer, youth
from tests.web.dashboard.builders import proposal

S = ProposalStatus


def _statements(client: FlaskClient, path: str, count_queries: QueryCounter) -> int:
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


def _client(app_factory: Callable[..., Flask], user: User) -> FlaskClient:
    app = app_factory()
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, user)
    return client


def _requests(session: Session, requester: User, count: int) -> list[ContactRequest]:
    return [open_request(session, requester) for _ in range(count)]


def test_the_youths_dashboard_costs_the_same_for_3_or_30_matches(
    app_factory: Callable[..., Flask], db_session: Session, count_queries: QueryCounter
) -> None:
    young = youth(db_session)
    experts = [peer(db_session, free=False) for _ in range(3)]

    def add(n: int) -> None:
        for i, request in enumerate(_requests(db_session, young, n)):
            status = (S.APPROVED, S.ASKED, S.CHOSEN)[i % 3]
            proposal(db_session, request, experts[i % 3], status)

    add(3)
    client = _client(app_factory, young)
    few = _statements(client, "/dashboard", count_queries)
    add(27)
    assert _statements(client, "/dashboard", count_queries) == few


def test_the_peer_experts_dashboard_and_cards_cost_the_same_for_3_or_30_requests(
    app_factory: Callable[..., Flask], db_session: Session, count_queries: QueryCounter
) -> None:
    expert: PeerExpertProfile = peer(db_session, free=False)

    def add(n: int) -> None:
        for i in range(n):
            request = open_request(db_session, youth(db_session, age=13 + i % 10))
            proposal(db_session, request, expert, (S.ASKED, S.AWAITING_APPROVAL)[i % 2])

    add(3)
    client = _client(app_factory, expert.user)
    pages = ["/dashboard", "/matches/incoming"]
    few = [_statements(client, page, count_queries) for page in pages]
    add(27)
    assert [_statements(client, page, count_queries) for page in pages] == few


def test_the_coordinators_dashboard_costs_the_same_for_3_or_30_approvals(
    app_factory: Callable[..., Flask], db_session: Session, count_queries: QueryCounter
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    experts = [peer(db_session, org, free=False) for _ in range(3)]

    def add(n: int) -> None:
        for i in range(n):
            request = open_request(db_session, youth(db_session))
            proposal(db_session, request, experts[i % 3], S.AWAITING_APPROVAL)

    add(3)
    client = _client(app_factory, coordinator)
    few = _statements(client, "/dashboard", count_queries)
    add(27)
    assert _statements(client, "/dashboard", count_queries) == few


def test_the_dashboard_counts_all_unread_notices_for_the_badge_in_its_list_statement(
    app: Flask, db_session: Session, count_queries: QueryCounter
) -> None:
    person = youth(db_session)
    for i in range(7):
        db_session.add(
            Notification(
                user_id=person.id,
                kind="attention",
                params={},
                created_at=NOW - dt.timedelta(minutes=i),
            )
        )
    db_session.flush()
    client = app.test_client()
    login(client, person)
    client.get("/dashboard")
    with count_queries() as statements:
        html = client.get("/dashboard").get_data(as_text=True)
    assert '<span class="unread-badge" aria-hidden="true">7</span>' in html
    assert not [s for s in statements if "count(*) AS count_1" in s]  # no separate COUNT
    assert len(re.findall(r'href="/notifications/\d+', html)) == 5  # the newest five listed
