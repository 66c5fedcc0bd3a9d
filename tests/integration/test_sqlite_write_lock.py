"""SQLite's write lock is taken when a writing request starts, never half-way.

A real SQLite file with real commits (the rollback fixture would hide the locking).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from peermatch import migrate
from peermatch.db import lock_for_write, make_engine, make_sessionmaker
from peermatch.extensions import db
from peermatch.models import Organisation, User
from peermatch.models.enums import Role
from tests.conftest import dispose_app, make_test_app
from tests.dbutil import create_test_database
from tests.factories import PASSWORD, make_organisation, make_user


@pytest.fixture
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = create_test_database("sqlite", "pm_lock", tmp_path_factory)
    migrate.upgrade(url)
    return url


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    eng = make_engine(sqlite_url)
    yield eng
    eng.dispose()


def _statements(engine: Engine) -> list[str]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()[:2]).upper())

    event.listen(engine, "before_cursor_execute", record)
    return seen


def test_a_writing_request_locks_before_it_reads_and_a_reading_one_never_locks(
    sqlite_url: str,
) -> None:
    engine = make_engine(sqlite_url)
    with make_sessionmaker(engine)() as session:
        user = make_user(session, Role.YOUTH)
        email = user.email
        session.commit()
    engine.dispose()

    app = make_test_app(sqlite_url)
    try:
        with app.app_context():
            seen = _statements(db.engine)
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302
        assert seen[0] == "BEGIN IMMEDIATE", seen
        assert "BEGIN" not in seen[1:], seen  # one transaction: nothing committed part-way
        seen.clear()
        assert client.get("/dashboard").status_code == 200
        assert seen[0] == "BEGIN" and "BEGIN IMMEDIATE" not in seen, seen
    finally:
        dispose_app(app)


def test_lock_for_write_restarts_a_reading_transaction_with_the_lock(engine: Engine) -> None:
    seen = _statements(engine)
    with make_sessionmaker(engine)() as session:
        session.scalar(select(func.count()).select_from(User))
        lock_for_write(session)
        lock_for_write(session)  # already held: nothing happens
        make_organisation(session)
        session.commit()
    assert seen.count("BEGIN IMMEDIATE") == 1
    assert seen.index("BEGIN IMMEDIATE") > seen.index("BEGIN")


def test_lock_for_write_refuses_to_commit_earlier_writes(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session:
        make_organisation(session)  # flushed, not committed
        with pytest.raises(RuntimeError, match="already wrote"):
            lock_for_write(session)
        session.rollback()
    with make_sessionmaker(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_many_requests_at_once_wait_for_the_lock_never_for_a_pooled_connection(
    sqlite_url: str,
) -> None:
    """The dev server answered 500 ("QueuePool limit reached") when sixty requests arrived
    at once on a busy machine: on a SQLite file the pool never makes anyone wait."""
    engine = make_engine(sqlite_url)
    engine.pool._timeout = 0.5  # type: ignore[attr-defined]  # a limit would show at once
    try:
        held = [engine.connect() for _ in range(40)]
        assert all(c.exec_driver_sql("select 1").scalar() == 1 for c in held)
        for connection in held:
            connection.close()
    finally:
        engine.dispose()
