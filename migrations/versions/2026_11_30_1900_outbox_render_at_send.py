"""The outbox stores what to say (kind, parameters, link); the sender renders it at send time.

Services used to render emails while queueing them, so they needed templates and a Flask
app context. Now a queued message carries its kind, JSON parameters and a link; subject
and bodies stay empty until the sender renders them in the recipient's language and sets
``rendered_at``. Messages already in the outbox were rendered when queued.

Downgrade: messages not yet rendered cannot be sent by the old code, so they are marked
failed (with a reason admins can read).

Revision ID: outbox_render_at_send
Revises: safeguard_note_guardian
Create Date: 2026-11-30 19:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "outbox_render_at_send"
down_revision: str | None = "safeguard_note_guardian"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("link", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE outbox_messages SET rendered_at = created_at")


def downgrade() -> None:
    op.execute(
        "UPDATE outbox_messages SET status = 'failed', "
        "last_error = 'not rendered before a downgrade' "
        "WHERE rendered_at IS NULL AND status = 'pending'"
    )
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("rendered_at")
        batch.drop_column("link")
        batch.drop_column("params")
