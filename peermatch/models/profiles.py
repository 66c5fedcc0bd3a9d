"""A peer expert's profile, their per-domain disclosure choices and availability."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import Date, ForeignKey, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base, utcnow
from peermatch.models.enums import (
    DomainEntryStatus,
    DomainVisibility,
    ExceptionKind,
    Gender,
    ProfileStatus,
    TrainingStatus,
)
from peermatch.models.organisations import Organisation
from peermatch.models.taxonomy import ExperienceDomain
from peermatch.models.types import str_enum
from peermatch.models.users import User
from peermatch.security.encrypted import EncryptedText


def new_public_key() -> str:
    """A random, stable key: used as the matching tie-break so order is never alphabetical."""
    return secrets.token_hex(8)


class PeerExpertProfile(Base):
    __tablename__ = "peer_expert_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    public_key: Mapped[str] = mapped_column(String(16), unique=True, default=new_public_key)
    status: Mapped[ProfileStatus] = mapped_column(
        str_enum(ProfileStatus), default=ProfileStatus.DRAFT, index=True
    )
    onboarding_step: Mapped[int] = mapped_column(default=1)
    pronouns: Mapped[str | None] = mapped_column(String(40))
    gender: Mapped[Gender | None] = mapped_column(str_enum(Gender))
    languages: Mapped[list[str]] = mapped_column(default=list)
    modes: Mapped[list[str]] = mapped_column(default=list)
    audiences: Mapped[list[str]] = mapped_column(default=list)
    place_id: Mapped[int | None]  # GeoNames id of the place of residence (peermatch.places)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    max_travel_km: Mapped[int | None]
    introduction: Mapped[str | None] = mapped_column(Text)
    what_helped: Mapped[str | None] = mapped_column(Text)
    training_status: Mapped[TrainingStatus] = mapped_column(
        str_enum(TrainingStatus), default=TrainingStatus.NONE
    )
    training_year: Mapped[int | None]
    vog_date: Mapped[dt.date | None] = mapped_column(Date)
    #: A coordinator saw the original certificate (no copy is kept): when and who.
    vog_seen_at: Mapped[dt.datetime | None]
    vog_seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Minors' audiences a coordinator set aside until the VOG is renewed (restored then).
    suspended_audiences: Mapped[list[str]] = mapped_column(default=list)
    minors_suspended_at: Mapped[dt.datetime | None]
    #: A break the peer expert took: paused until (and including) this Dutch date.
    paused_until: Mapped[dt.date | None] = mapped_column(Date)
    session_lengths: Mapped[list[int]] = mapped_column(default=lambda: [60])
    buffer_before_minutes: Mapped[int] = mapped_column(default=15)
    buffer_after_minutes: Mapped[int] = mapped_column(default=15)
    min_notice_hours: Mapped[int] = mapped_column(default=48)
    horizon_weeks: Mapped[int] = mapped_column(default=6)
    max_sessions_per_week: Mapped[int] = mapped_column(default=3)
    #: The peer expert's own daily maximum (their local calendar day); None: only the weekly cap.
    max_sessions_per_day: Mapped[int | None]
    max_active_matches: Mapped[int] = mapped_column(default=3)
    meeting_details: Mapped[str | None] = mapped_column(
        EncryptedText
    )  # video link template / place
    review_message: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[dt.datetime | None]
    verified_at: Mapped[dt.datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    vog_seen_by: Mapped[User | None] = relationship(foreign_keys=[vog_seen_by_id])
    organisation: Mapped[Organisation | None] = relationship()
    domains: Mapped[list[ProfileDomain]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )
    availability_rules: Mapped[list[AvailabilityRule]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )
    availability_exceptions: Mapped[list[AvailabilityException]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )


class ProfileDomain(Base):
    """One experience domain on a profile: what is shared, with whom, for which audiences."""

    __tablename__ = "profile_domains"
    __table_args__ = (UniqueConstraint("profile_id", "domain_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("peer_expert_profiles.id", ondelete="CASCADE"), index=True
    )
    domain_id: Mapped[int] = mapped_column(ForeignKey("experience_domains.id"), index=True)
    share_text: Mapped[str | None] = mapped_column(EncryptedText)
    visibility: Mapped[DomainVisibility] = mapped_column(
        str_enum(DomainVisibility), default=DomainVisibility.AFTER_MATCH
    )
    audiences: Mapped[list[str]] = mapped_column(default=list)
    ready_to_share: Mapped[bool] = mapped_column(default=False)
    status: Mapped[DomainEntryStatus] = mapped_column(
        str_enum(DomainEntryStatus), default=DomainEntryStatus.ACTIVE
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    profile: Mapped[PeerExpertProfile] = relationship(back_populates="domains")
    domain: Mapped[ExperienceDomain] = relationship()


class AvailabilityRule(Base):
    """A weekly recurring window in the peer expert's own time zone (wall-clock times)."""

    __tablename__ = "availability_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("peer_expert_profiles.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]  # 0 = Monday
    start_time: Mapped[dt.time] = mapped_column(Time)
    end_time: Mapped[dt.time] = mapped_column(Time)

    profile: Mapped[PeerExpertProfile] = relationship(back_populates="availability_rules")


class AvailabilityException(Base):
    """A date exception: unavailable (a day, part of a day, or an absence) or an extra window."""

    __tablename__ = "availability_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("peer_expert_profiles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ExceptionKind] = mapped_column(str_enum(ExceptionKind))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    note: Mapped[str | None] = mapped_column(String(200))

    profile: Mapped[PeerExpertProfile] = relationship(back_populates="availability_exceptions")
