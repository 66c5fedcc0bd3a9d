"""A peer expert's credentials: trainings, first aid and other certificates, each checked.

Recorded the way the VOG is: the peer expert enters name and dates, a coordinator of their
organisation sees the original and records only when, by whom and a short note (never a
copy of the document), or says why it cannot be accepted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base, utcnow
from peermatch.models.enums import CredentialKind, CredentialStatus
from peermatch.models.profiles import PeerExpertProfile
from peermatch.models.types import str_enum
from peermatch.models.users import User

MAX_NAME = 120
MAX_NOTE = 300


class Credential(Base):
    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("peer_expert_profiles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CredentialKind] = mapped_column(str_enum(CredentialKind))
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    obtained_on: Mapped[dt.date] = mapped_column(Date)
    #: The last day it counts; None: it does not expire.
    expires_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[CredentialStatus] = mapped_column(
        str_enum(CredentialStatus), default=CredentialStatus.TO_CHECK, index=True
    )
    #: The coordinator saw the original (no copy is kept): when, who, and a short note.
    verified_at: Mapped[dt.datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    seen_note: Mapped[str | None] = mapped_column(String(MAX_NOTE))
    #: Why a coordinator could not accept it, for the peer expert to read.
    rejection_reason: Mapped[str | None] = mapped_column(String(MAX_NOTE))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    profile: Mapped[PeerExpertProfile] = relationship()
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
