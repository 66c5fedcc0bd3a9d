"""A peer expert's own maximum number of sessions per day, next to the weekly cap.

``peer_expert_profiles.max_sessions_per_day``: NULL means no daily maximum besides the
weekly one, so existing profiles keep offering exactly the slots they offered before.

Revision ID: daily_session_cap
Revises: intervision
Create Date: 2026-12-01 00:30:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "daily_session_cap"
down_revision: str | None = "intervision"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("peer_expert_profiles") as batch:
        batch.add_column(sa.Column("max_sessions_per_day", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("peer_expert_profiles") as batch:
        batch.drop_column("max_sessions_per_day")
