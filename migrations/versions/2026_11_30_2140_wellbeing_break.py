"""Wellbeing: a peer expert's break until a date, and coordinators acknowledging low check-ins.

Revision ID: wellbeing_break
Revises: vog_followup
Create Date: 2026-11-30 21:40:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "wellbeing_break"
down_revision: str | None = "vog_followup"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("peer_expert_profiles") as batch:
        batch.add_column(sa.Column("paused_until", sa.Date(), nullable=True))
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("acknowledged_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_feedback_acknowledged_by_id_users",
            "users",
            ["acknowledged_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_constraint("fk_feedback_acknowledged_by_id_users", type_="foreignkey")
        batch.drop_column("acknowledged_by_id")
        batch.drop_column("acknowledged_at")
    with op.batch_alter_table("peer_expert_profiles") as batch:
        batch.drop_column("paused_until")
