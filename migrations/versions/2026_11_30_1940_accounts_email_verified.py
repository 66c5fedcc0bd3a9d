"""Email verification: when a user's address was confirmed (NULL: not yet).

Everyone who exists already counts as verified (they were created before verification
existed, by staff, the CLI or the demo data), so the backfill stamps their creation time.

Revision ID: accounts_email_verified
Revises: accounts_password_reset
Create Date: 2026-11-30 19:40:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "accounts_email_verified"
down_revision: str | None = "accounts_password_reset"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET email_verified_at = created_at WHERE email_verified_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email_verified_at")
