"""Video rooms: an organisation's video base URL and each session's own room link.

Revision ID: sessions_video_rooms
Revises: wellbeing_break
Create Date: 2026-11-30 21:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "sessions_video_rooms"
down_revision: str | None = "wellbeing_break"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("video_base_url", sa.String(length=200), nullable=True))
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("video_room_url", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("video_room_url")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("video_base_url")
