"""A person's second factor (TOTP) and their one-time recovery codes.

Staff see many people's data, so for them a stolen password alone must not open an account.
The TOTP secret lives in one column (``secret``) read and written only through
:attr:`TwoFactorEnrolment.totp_secret`: encryption at rest swaps the column's type and
nothing else changes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base, utcnow
from peermatch.models.users import User


class TwoFactorEnrolment(Base):
    __tablename__ = "two_factor_enrolments"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    #: Base32 TOTP secret. Read it through ``totp_secret`` only (the encryption seam).
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: None while the person has scanned the code but not yet typed a first code.
    confirmed_at: Mapped[dt.datetime | None]
    #: The last 30-second time step whose code was accepted: a code is never accepted twice.
    last_used_step: Mapped[int | None] = mapped_column(BigInteger)

    user: Mapped[User] = relationship()

    @property
    def totp_secret(self) -> str:
        return self.secret

    @totp_secret.setter
    def totp_secret(self, value: str) -> None:
        self.secret = value

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(Base):
    """One single-use code for when the phone is gone; only a hash is stored."""

    __tablename__ = "two_factor_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    used_at: Mapped[dt.datetime | None]
