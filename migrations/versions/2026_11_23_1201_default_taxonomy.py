"""Seed the default experience taxonomy (Dutch and English labels, no severity).

The data lives in migrations/data/taxonomy_default.json, frozen with this revision.

Revision ID: 0002_default_taxonomy
Revises: 0001_baseline
Create Date: 2026-11-23 12:01:00+00:00
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0002_default_taxonomy"
down_revision: str | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "taxonomy_default.json"

domains = sa.table(
    "experience_domains",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("parent_id", sa.Integer),
    sa.column("label_nl", sa.String),
    sa.column("label_en", sa.String),
    sa.column("youth_label_nl", sa.String),
    sa.column("youth_label_en", sa.String),
    sa.column("position", sa.Integer),
    sa.column("is_active", sa.Boolean),
)


def _entries() -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return entries


def upgrade() -> None:
    conn = op.get_bind()
    ids: dict[str, int] = {}
    for entry in _entries():  # parents come before their children in the file
        parent = entry.get("parent")
        conn.execute(
            domains.insert().values(
                slug=entry["slug"],
                parent_id=ids[str(parent)] if parent else None,
                label_nl=entry["label_nl"],
                label_en=entry["label_en"],
                youth_label_nl=entry["youth_label_nl"],
                youth_label_en=entry["youth_label_en"],
                position=entry["position"],
                is_active=True,
            )
        )
        ids[str(entry["slug"])] = conn.execute(
            sa.select(domains.c.id).where(domains.c.slug == entry["slug"])
        ).scalar_one()


def downgrade() -> None:
    conn = op.get_bind()
    for entry in reversed(_entries()):
        conn.execute(domains.delete().where(domains.c.slug == entry["slug"]))
