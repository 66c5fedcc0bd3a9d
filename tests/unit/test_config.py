from __future__ import annotations

import pytest

from config import ConfigError, load_config


def test_production_refuses_to_start_without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY and DATABASE_URL"):
        load_config("production")


def test_production_reads_secrets_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    values = load_config("production")
    assert values["SECRET_KEY"] == "s" * 40
    assert values["DATABASE_URL"] == "postgresql+psycopg://u@h/db"
    assert values["SESSION_COOKIE_SECURE"] is True


def test_development_uses_sqlite_under_instance() -> None:
    values = load_config("development")
    assert values["DATABASE_URL"].startswith("sqlite:///")
    assert values["DATABASE_URL"].endswith("instance/peermatch.sqlite3")
