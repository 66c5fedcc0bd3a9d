"""The request's user is read with the columns nearly every request uses; the rest (password
hash, login and erasure dates, ...) load together, in one statement, when a use case reads
one of them, never one statement per column."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.edge import access
from peermatch.extensions import db, login_manager
from peermatch.models import User
from tests.conftest import QueryCounter
from tests.factories import make_user
from tests.web.api.builders import bearer, token_for

LOGGED_IN = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC)


def _person(db_session: Session) -> User:
    person = make_user(db_session, display_name="Noor", gender=None)
    person.last_login_at = LOGGED_IN
    db_session.flush()
    return person


def _reads(user: User, count_queries: QueryCounter) -> tuple[list[str], list[str]]:
    with count_queries() as every_request:
        assert user.display_name == "Noor"
        seen = (user.email, user.locale, user.time_zone, user.birth_year, user.gender)
        assert all(value is not None for value in seen[:4])
        assert user.is_active and user.email_verified and user.role_names
    with count_queries() as later:
        assert user.last_login_at == LOGGED_IN
        assert user.password_hash and user.created_at and user.erasure_due_at is None
    return every_request, later


def test_a_token_users_other_columns_load_in_one_statement(
    app: Flask, db_session: Session, count_queries: QueryCounter
) -> None:
    person = _person(db_session)
    token = token_for(db_session, person)
    with app.test_request_context("/api/v1/me", headers=bearer(token)):
        user = access._token_user()
        assert user is not None and user.id == person.id
        every_request, later = _reads(user, count_queries)
    assert every_request == []
    assert len(later) == 1, later


def test_a_logged_in_users_other_columns_load_in_one_statement(
    app: Flask, db_session: Session, count_queries: QueryCounter
) -> None:
    person = _person(db_session)
    with app.test_request_context("/dashboard"):
        load = login_manager._user_callback
        assert load is not None
        user = load(person.login_id)
        assert user is not None and user.id == person.id
        every_request, later = _reads(user, count_queries)
    assert every_request == []
    assert len(later) == 1, later


def test_columns_the_session_holds_already_are_kept(app: Flask, db_session: Session) -> None:
    """A user the request's session loaded (or changed) before keeps those values."""
    person = _person(db_session)
    token = token_for(db_session, person)
    with app.test_request_context("/api/v1/me", headers=bearer(token)):
        mine = db.session.get(User, person.id)
        assert mine is not None
        mine.last_login_at = LOGGED_IN + dt.timedelta(days=1)
        with db.session.no_autoflush:  # the change stays unsaved while the token is read
            user = access._token_user()
        assert user is mine
        assert user.last_login_at == LOGGED_IN + dt.timedelta(days=1)
