"""Contact requests from youths and clinician teams."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base, utcnow
from peermatch.models.enums import Gender, Importance, RequestKind, RequestStatus
from peermatch.models.organisations import Organisation, Team
from peermatch.models.taxonomy import ExperienceDomain
from peermatch.models.types import str_enum
from peermatch.models.users import User
from peermatch.security.encrypted import EncryptedText


class ContactRequest(Base):
    __tablename__ = "contact_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RequestKind] = mapped_column(str_enum(RequestKind))
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus), default=RequestStatus.DRAFT, index=True
    )
    requester_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    not_sure: Mapped[bool] = mapped_column(default=False)
    own_words: Mapped[str | None] = mapped_column(EncryptedText)
    hopes: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    modes: Mapped[list[str]] = mapped_column(default=list)
    place_id: Mapped[int | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    max_distance_km: Mapped[int | None]
    gender_preference: Mapped[str] = mapped_column(String(16), default="none")
    preferred_gender: Mapped[Gender | None] = mapped_column(str_enum(Gender))
    prefers_age_close: Mapped[bool] = mapped_column(default=False)
    # Weekly parts ([{"weekday": 0, "part": "evening"}]) and/or concrete UTC windows.
    time_preferences: Mapped[dict[str, Any]] = mapped_column(default=dict)
    purpose: Mapped[str | None] = mapped_column(String(32))  # team requests
    peer_experts_wanted: Mapped[int] = mapped_column(default=1)
    guardian_name: Mapped[str | None] = mapped_column(String(120))
    guardian_email: Mapped[str | None] = mapped_column(String(254))
    guardian_token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    guardian_consented_at: Mapped[dt.datetime | None]
    # What the guardian stated when consenting: their name and relation to the youth.
    guardian_consent_name: Mapped[str | None] = mapped_column(String(120))
    guardian_consent_relation: Mapped[str | None] = mapped_column(String(16))
    expires_at: Mapped[dt.datetime | None]
    submitted_at: Mapped[dt.datetime | None]
    withdrawn_at: Mapped[dt.datetime | None]
    # When retention (or an erasure) removed every free text: only the counts remain.
    pseudonymised_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    referred_by: Mapped[User | None] = relationship(foreign_keys=[referred_by_id])
    team: Mapped[Team | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    domains: Mapped[list[RequestDomain]] = relationship(
        back_populates="request", cascade="all, delete-orphan"
    )


class RequestDomain(Base):
    __tablename__ = "request_domains"
    __table_args__ = (UniqueConstraint("request_id", "domain_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("contact_requests.id", ondelete="CASCADE"), index=True
    )
    domain_id: Mapped[int] = mapped_column(ForeignKey("experience_domains.id"))
    importance: Mapped[Importance] = mapped_column(str_enum(Importance), default=Importance.MOST)

    request: Mapped[ContactRequest] = relationship(back_populates="domains")
    domain: Mapped[ExperienceDomain] = relationship()
