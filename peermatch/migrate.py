"""Run Alembic from Python (CLI, tests, make run) with PeerMatch's database URL."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig

from peermatch import PROJECT_DIR


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig(str(PROJECT_DIR / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_DIR / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)
