"""A person's own choices about their data: which emails they get, and their consent history.

The current consent stays on the user (``privacy_consent_version``/``_at``); this history
shows when consent was given for which version of the statement, and when it was withdrawn.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from peermatch.db import Base, utcnow


class EmailOptOut(Base):
    """A group of emails this person chose not to get; no row means: send them."""

    __tablename__ = "email_opt_outs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    group: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PrivacyConsentEvent(Base):
    __tablename__ = "privacy_consent_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: "given" or "withdrawn".
    action: Mapped[str] = mapped_column(String(16))
    version: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
