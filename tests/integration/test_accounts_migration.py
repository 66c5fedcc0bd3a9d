"""The email-verification migration counts everyone who already exists as verified."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from peermatch import migrate
from peermatch.db import make_engine
from tests.dbutil import create_test_database, drop_test_database


@pytest.fixture
def scratch_url(backend: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    url = create_test_database(backend, "pm_accounts_migration", tmp_path_factory)
    yield url
    drop_test_database(backend, url)


def test_existing_users_are_backfilled_as_verified_at_their_creation(scratch_url: str) -> None:
    migrate.upgrade(scratch_url, "accounts_password_reset")
    created = dt.datetime(2026, 3, 4, 5, 6, tzinfo=dt.UTC)
    engine = make_engine(scratch_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (email, display_name, locale, time_zone, is_active, "
                "login_id, created_at) VALUES ('oud@example.org', 'Oud', 'nl', "
                "'Europe/Amsterdam', :yes, 'login-1', :created)"
            ),
            {"yes": True, "created": created},
        )
    engine.dispose()
    migrate.upgrade(scratch_url)
    engine = make_engine(scratch_url)
    with engine.connect() as conn:
        verified = conn.scalar(text("SELECT email_verified_at FROM users"))
    engine.dispose()
    assert verified is not None
    if isinstance(verified, str):  # SQLite hands back text through a raw query
        verified = dt.datetime.fromisoformat(verified)
    assert verified.replace(tzinfo=verified.tzinfo or dt.UTC) == created
