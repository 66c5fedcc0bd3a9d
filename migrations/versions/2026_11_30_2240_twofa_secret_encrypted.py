"""The TOTP secret is stored encrypted, like the other sensitive texts.

Two-step login and encryption at rest were built side by side; this joins them: the column
becomes TEXT (a Fernet token is longer than the 64 characters a base32 secret needs) and the
existing secrets are encrypted in place. Downgrade decrypts them and narrows the column.

Revision ID: twofa_secret_encrypted
Revises: admin_deactivation
Create Date: 2026-11-30 22:40:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from peermatch.security import encrypted, reencrypt

revision: str = "twofa_secret_encrypted"
down_revision: str | None = "admin_deactivation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SECRET = reencrypt.ColumnRef("two_factor_enrolments", "secret", key="user_id")


def upgrade() -> None:
    with op.batch_alter_table("two_factor_enrolments") as batch:
        batch.alter_column("secret", type_=sa.Text(), existing_nullable=False)
    encrypted.ensure_configured()
    reencrypt.rewrite(op.get_bind(), SECRET, reencrypt.encrypt_plaintext)


def downgrade() -> None:
    encrypted.ensure_configured()
    reencrypt.rewrite(op.get_bind(), SECRET, reencrypt.decrypt_token)
    with op.batch_alter_table("two_factor_enrolments") as batch:
        batch.alter_column("secret", type_=sa.String(length=64), existing_nullable=False)
