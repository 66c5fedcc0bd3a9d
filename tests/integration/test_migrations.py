"""Migrations go up, down and up again on every backend, and match the models exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select

from migrations import hooks
from peermatch import migrate
from peermatch.db import Base, make_engine
from peermatch.models import ExperienceDomain
from tests.dbutil import create_test_database, drop_test_database


@pytest.fixture
def scratch_url(backend: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    url = create_test_database(backend, "pm_migrations", tmp_path_factory)
    yield url
    drop_test_database(backend, url)


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(scratch_url: str) -> None:
    migrate.upgrade(scratch_url)
    assert _tables(scratch_url) == set(Base.metadata.tables)
    migrate.downgrade(scratch_url, "base")
    assert _tables(scratch_url) == set()
    migrate.upgrade(scratch_url)
    assert _tables(scratch_url) == set(Base.metadata.tables)


def test_autogenerate_finds_no_drift(scratch_url: str) -> None:
    migrate.upgrade(scratch_url)
    engine = make_engine(scratch_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": hooks.include_object,
                "target_metadata": Base.metadata,
            },
        )
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_default_taxonomy_is_seeded_without_severity(scratch_url: str) -> None:
    migrate.upgrade(scratch_url)
    engine = make_engine(scratch_url)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(ExperienceDomain))
        children = conn.scalar(select(func.count()).where(ExperienceDomain.parent_id.is_not(None)))
        columns = {c["name"] for c in inspect(conn).get_columns("experience_domains")}
    engine.dispose()
    assert count is not None and 30 <= count <= 60
    assert children is not None and children >= 24
    assert not {c for c in columns if "sever" in c or "ernst" in c}
