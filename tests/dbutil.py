"""Creating and dropping throw-away test databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "PEERMATCH_TEST_POSTGRES_URL"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get(POSTGRES_ENV) else [])


def _pg_admin_url() -> str:
    return os.environ[POSTGRES_ENV]


def worker_suffix() -> str:
    """Separates databases of parallel runs (xdist workers, or several checkouts at once)."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main").replace("-", "_")


def create_test_database(backend: str, name: str, tmp: pytest.TempPathFactory) -> str:
    name = f"{name}_{worker_suffix()}"
    if backend == "sqlite":
        return f"sqlite:///{tmp.mktemp(name) / 'test.sqlite3'}"
    base = make_url(_pg_admin_url())
    db_name = f"{base.database}_{name}".lower()
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{db_name}"'))
    admin.dispose()
    return base.set(database=db_name).render_as_string(hide_password=False)


def drop_test_database(backend: str, url: str) -> None:
    if backend == "sqlite":
        return
    base = make_url(_pg_admin_url())
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()
