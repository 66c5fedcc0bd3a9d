"""Pool sizes and the PostgreSQL statement timeout come from the environment."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from peermatch.db import make_engine, server_settings_from_env


def test_server_settings_are_read_from_the_environment() -> None:
    assert server_settings_from_env({}) == {"pool_pre_ping": False, "pool_recycle": 1800}
    assert server_settings_from_env(
        {
            "PEERMATCH_DB_POOL_SIZE": "8",
            "PEERMATCH_DB_MAX_OVERFLOW": "2",
            "PEERMATCH_DB_POOL_RECYCLE": "600",
            "PEERMATCH_DB_PRE_PING": "1",
            "PEERMATCH_DB_STATEMENT_TIMEOUT_MS": "5000",
        }
    ) == {
        "pool_pre_ping": True,
        "pool_recycle": 600,
        "pool_size": 8,
        "max_overflow": 2,
        "connect_args": {"options": "-c statement_timeout=5000"},
    }
    with pytest.raises(ValueError, match="PEERMATCH_DB_POOL_SIZE must be a whole number"):
        server_settings_from_env({"PEERMATCH_DB_POOL_SIZE": "many"})
    with pytest.raises(ValueError, match="PEERMATCH_DB_PRE_PING must be 0 or 1"):
        server_settings_from_env({"PEERMATCH_DB_PRE_PING": "yes"})


def test_the_engine_applies_them_on_postgresql_and_sqlite_ignores_them(
    database_url: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEERMATCH_DB_POOL_SIZE", "3")
    monkeypatch.setenv("PEERMATCH_DB_STATEMENT_TIMEOUT_MS", "1500")
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            if backend == "postgresql":
                assert conn.scalar(text("SHOW statement_timeout")) == "1500ms"
                assert engine.pool.size() == 3  # type: ignore[attr-defined]
                # no ping round trip per checkout unless asked for; old connections renewed
                assert engine.pool._pre_ping is False  # type: ignore[attr-defined]
                assert engine.pool._recycle == 1800  # type: ignore[attr-defined]
                with pytest.raises(Exception, match="statement timeout"):
                    conn.execute(text("SELECT pg_sleep(3)"))
            else:
                assert conn.scalar(text("SELECT 1")) == 1
    finally:
        engine.dispose()
