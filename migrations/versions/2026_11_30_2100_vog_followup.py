"""VOG follow-up: the original seen by a coordinator, and minors' audiences set aside.

Revision ID: vog_followup
Revises: accounts_email_verified
Create Date: 2026-11-30 21:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "vog_followup"
down_revision: str | None = "accounts_email_verified"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("peer_expert_profiles") as batch:
        batch.add_column(sa.Column("vog_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("vog_seen_by_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("suspended_audiences", sa.JSON(), nullable=False, server_default="[]")
        )
        batch.add_column(
            sa.Column("minors_suspended_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.create_foreign_key(
            "fk_peer_expert_profiles_vog_seen_by_id_users",
            "users",
            ["vog_seen_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("peer_expert_profiles") as batch:
        batch.alter_column("suspended_audiences", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("peer_expert_profiles") as batch:
        batch.drop_constraint("fk_peer_expert_profiles_vog_seen_by_id_users", type_="foreignkey")
        batch.drop_column("minors_suspended_at")
        batch.drop_column("suspended_audiences")
        batch.drop_column("vog_seen_by_id")
        batch.drop_column("vog_seen_at")
