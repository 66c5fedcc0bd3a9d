"""The fixed cost of a request: who is asking is known after one statement, and the staff
pages cost the same statements for few or many rows (see also test_statement_counts)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models.enums import ProfileStatus
from tests.conftest import QueryCounter
from tests.factories import login
from tests.factories.people import make_coordinator, make_organisation, make_peer_expert
from tests.integration.matches.builders import youth
from tests.web.api.builders import bearer, token_for


def _statements(
    client: FlaskClient, path: str, count_queries: QueryCounter, **kw: object
) -> list[str]:
    with count_queries() as statements:
        response = client.get(path, **kw)  # type: ignore[arg-type]
    assert response.status_code == 200, path
    # the test's own transaction wraps each request in a savepoint: not the app's work
    return [s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO"))]


def test_a_token_call_knows_token_user_and_roles_after_one_statement(
    app_factory: Callable[..., Flask], db_session: Session, count_queries: QueryCounter
) -> None:
    app = app_factory()
    person = youth(db_session)
    headers = bearer(token_for(db_session, person))
    client = app.test_client()
    client.get("/api/v1/me", headers=headers)  # the first call records the token's use
    statements = _statements(client, "/api/v1/me", count_queries, headers=headers)
    # The first statement knows the caller; what follows is /me's own answer (2FA, consent).
    assert "api_tokens" in statements[0] and "user_roles" in statements[0], statements
    later = [s for s in statements[1:] if "api_tokens" in s or "user_roles" in s]
    assert later == [], statements


def test_a_signed_in_page_loads_the_user_with_the_roles(
    app_factory: Callable[..., Flask], db_session: Session, count_queries: QueryCounter
) -> None:
    app = app_factory()
    person = youth(db_session)
    client = app.test_client()
    login(client, person)
    statements = _statements(client, "/notifications", count_queries)
    loading_user = [s for s in statements if "FROM users" in s and "login_id" in s]
    assert len(loading_user) == 1 and "user_roles" in loading_user[0], statements
    # no second statement for the roles
    assert not [s for s in statements if s.lstrip().startswith("SELECT user_roles")], statements


def test_the_coordinators_pages_cost_the_same_statements_for_one_or_five_peer_experts(
    app_factory: Callable[..., Flask], db_session: Session, count_queries: QueryCounter
) -> None:
    app = app_factory()
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    make_peer_expert(db_session, org, status=ProfileStatus.SUBMITTED)
    make_peer_expert(db_session, org)
    client = app.test_client()
    login(client, coordinator)
    pages = ["/dashboard", "/verification", "/matches/approvals", "/coordinator/sessions"]
    few = [len(_statements(client, page, count_queries)) for page in pages]
    for _ in range(4):
        make_peer_expert(db_session, org, status=ProfileStatus.SUBMITTED)
        make_peer_expert(db_session, org)
    db_session.flush()
    many = [len(_statements(client, page, count_queries)) for page in pages]
    assert few == many, dict(zip(pages, zip(few, many, strict=True), strict=True))
