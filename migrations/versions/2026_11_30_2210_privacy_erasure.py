"""Privacy rights: erasure with a grace period, and pseudonymised requests.

``users.erasure_requested_at``/``erasure_due_at``: a pending erasure (cancelled by logging
in); ``users.erased_at``: the final step ran and the row is a pseudonym. Requests remember
when retention pseudonymised them (``contact_requests.pseudonymised_at``) so the rule is
idempotent.

Revision ID: privacy_erasure
Revises: twofa_secret_encrypted
Create Date: 2026-11-30 21:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "privacy_erasure"
down_revision: str | None = "twofa_secret_encrypted"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("erasure_requested_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("erasure_due_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_users_erasure_due_at", ["erasure_due_at"])
    with op.batch_alter_table("contact_requests") as batch:
        batch.add_column(sa.Column("pseudonymised_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact_requests") as batch:
        batch.drop_column("pseudonymised_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_erasure_due_at")
        batch.drop_column("erased_at")
        batch.drop_column("erasure_due_at")
        batch.drop_column("erasure_requested_at")
