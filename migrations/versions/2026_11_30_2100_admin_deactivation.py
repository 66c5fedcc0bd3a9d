"""Administration: when an account or organisation was deactivated, when a domain retired.

``users.is_active`` and ``experience_domains.is_active`` stay the flags every query reads;
the new timestamps say since when (shown to admins, kept in the audit trail's spirit).
Organisations had no flag at all: ``deactivated_at`` NULL means active.

Revision ID: admin_deactivation
Revises: accounts_email_verified
Create Date: 2026-11-30 21:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "admin_deactivation"
down_revision: str | None = "accounts_email_verified"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("experience_domains") as batch:
        batch.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("experience_domains") as batch:
        batch.drop_column("retired_at")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("deactivated_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("deactivated_at")
