"""Administration: when an account or organisation was deactivated, when a domain retired.

``users.is_active`` and ``experience_domains.is_active`` stay the flags every query reads;
the new timestamps say since when (shown to admins, kept in the audit trail's spirit).
Organisations had no flag at all: ``deactivated_at`` NULL means active.

Revision ID: admin_deactivation
Revises: crypto_encrypt_sensitive_text
Create Date: 2026-11-30 22:30:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "admin_deactivation"
down_revision: str | None = "crypto_encrypt_sensitive_text"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COLUMNS = (
    ("users", "deactivated_at"),
    ("organisations", "deactivated_at"),
    ("experience_domains", "retired_at"),
)


def upgrade() -> None:
    for table, column in COLUMNS:
        op.add_column(table, sa.Column(column, sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+ has it): a batch copy would drop and
    # recreate experience_domains, whose rows refer to each other (parent_id), which the
    # foreign-key check refuses.
    for table, column in reversed(COLUMNS):
        op.drop_column(table, column)
