"""A dashboard or list never runs a query per row: the same statements for few and many."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.models import Notification
from tests.conftest import QueryCounter
from tests.factories import login
from tests.integration.matches.builders import open_request, youth


def _statements(client: FlaskClient, path: str, count_queries: QueryCounter) -> int:
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


def test_the_youths_pages_cost_the_same_statements_for_one_or_five_rows(
    app_factory: Callable[..., Flask], db_session: Session, count_queries: QueryCounter
) -> None:
    app = app_factory()
    person = youth(db_session)
    open_request(db_session, person)
    db_session.add(Notification(user_id=person.id, kind="attention", params={}))
    db_session.flush()
    client = app.test_client()
    login(client, person)
    pages = ["/dashboard", "/requests/", "/notifications", "/sessions"]
    few = [_statements(client, page, count_queries) for page in pages]
    for _ in range(4):
        open_request(db_session, person)
        db_session.add(
            Notification(
                user_id=person.id,
                kind="attention",
                params={},
                created_at=dt.datetime.now(dt.UTC),
            )
        )
    db_session.flush()
    many = [_statements(client, page, count_queries) for page in pages]
    assert few == many, dict(zip(pages, zip(few, many, strict=True), strict=True))
