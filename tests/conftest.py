"""Shared fixtures: every database test runs on SQLite and, when configured, PostgreSQL.

Set PEERMATCH_TEST_POSTGRES_URL (CI does) to add PostgreSQL; an unreachable server then
fails the tests instead of skipping them.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from config import TestingConfig
from peermatch.auth import passwords
from peermatch.security import encrypted
from tests.dbutil import BACKENDS, create_test_database, drop_test_database

# Encrypted columns need a key before any app exists (services on a bare session, migrations).
encrypted.configure(encrypted.parse_keys(TestingConfig.ENCRYPTION_KEYS))
# Factory accounts and bare-service tests hash with the testing profile too (see passwords.py).
passwords.configure(TestingConfig.PASSWORD_HASHING)

settings.register_profile(
    "ci",
    deadline=None,
    max_examples=200,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=60, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS, scope="session")


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A freshly migrated database for this backend, shared by the session's tests."""
    from peermatch import migrate

    url = create_test_database(backend, "pm", tmp_path_factory)
    migrate.upgrade(url)
    yield url
    shared = _SHARED_APPS.pop(url, None)
    if shared is not None:
        dispose_app(shared[0])
    drop_test_database(backend, url)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    from peermatch.db import make_engine

    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """One connection per test inside an outer transaction that is always rolled back."""
    conn = engine.connect()
    trans = conn.begin()
    yield conn
    trans.rollback()
    conn.close()


@pytest.fixture
def db_session(connection: Connection) -> Iterator[Session]:
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield session
    session.close()


#: `with count_queries() as statements:` collects the SQL the block sends on the test's
#: connection, so a test can prove a page or list costs the same statements for 3 or 30 rows.
QueryCounter = Callable[[], AbstractContextManager[list[str]]]


@pytest.fixture
def count_queries(connection: Connection) -> QueryCounter:
    """SQL statements sent on the test's connection (services and bound apps use it)."""

    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []

        def before(_conn: object, _cursor: object, statement: str, *_: object) -> None:
            statements.append(statement)

        event.listen(connection, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(connection, "before_cursor_execute", before)

    return counting


def make_test_app(database_url: str, **overrides: object) -> Flask:
    from config import load_config
    from peermatch import create_app

    values = load_config("testing")
    values.update(DATABASE_URL=database_url, **overrides)
    return create_app(values)


def dispose_app(flask_app: Flask) -> None:
    flask_app.extensions["peermatch_db"].engine.dispose()


@pytest.fixture
def app_factory(database_url: str, connection: Connection) -> Iterator[Callable[..., Flask]]:
    """Build apps with config overrides, bound to the test's connection; disposed afterwards."""
    from peermatch.extensions import db, limiter

    made: list[Flask] = []

    def build(bind: bool = True, **overrides: object) -> Flask:
        flask_app = make_test_app(overrides.pop("DATABASE_URL", database_url), **overrides)  # type: ignore[arg-type]
        if bind:
            db.bind_to(flask_app, connection, join_transaction_mode="create_savepoint")
        if flask_app.config["RATELIMIT_ENABLED"]:
            with flask_app.app_context():
                limiter.reset()
        made.append(flask_app)
        return flask_app

    yield build
    for flask_app in made:
        dispose_app(flask_app)


#: One app per database and worker, shared by the tests that take the plain `app` fixture:
#: building one (500 routes, fresh Jinja templates) costs more than most tests. Each test
#: rebinds it to its own rolled-back connection and gets the configuration and clock back
#: as they were. A test that changes the app itself (adds a route) marks itself `fresh_app`.
_SHARED_APPS: dict[str, tuple[Flask, dict[str, object]]] = {}


@pytest.fixture
def app(
    request: pytest.FixtureRequest,
    app_factory: Callable[..., Flask],
    database_url: str,
    connection: Connection,
) -> Iterator[Flask]:
    # No app context is pushed here: each request must get its own (locale, db session).
    if request.node.get_closest_marker("fresh_app"):
        yield app_factory()
        return
    from peermatch.extensions import db, limiter

    if database_url not in _SHARED_APPS:
        built = make_test_app(database_url)
        _SHARED_APPS[database_url] = (built, copy.deepcopy(dict(built.config)))
    flask_app, pristine = _SHARED_APPS[database_url]
    db.bind_to(flask_app, connection, join_transaction_mode="create_savepoint")
    # Flask-Limiter keeps `enabled` on the one extension object, set by the app built last.
    limiter.enabled = flask_app.config["RATELIMIT_ENABLED"]
    yield flask_app
    flask_app.config.clear()
    flask_app.config.update(copy.deepcopy(pristine))
    flask_app.extensions["peermatch_clock"].set(None)
    db.bind_to(flask_app, flask_app.extensions["peermatch_db"].engine)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def artifacts_dir() -> Path:
    path = Path(__file__).resolve().parent.parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
