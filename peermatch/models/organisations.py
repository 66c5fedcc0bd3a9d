"""Organisations (youth councils, care institutions), their members and clinician teams."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base, utcnow
from peermatch.models.enums import ApprovalPolicy, MembershipRole, OrganisationKind
from peermatch.models.types import str_enum
from peermatch.models.users import User


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(str_enum(OrganisationKind))
    # When a coordinator must approve a match before it opens the booking step.
    approval_policy: Mapped[ApprovalPolicy] = mapped_column(
        str_enum(ApprovalPolicy), default=ApprovalPolicy.ALWAYS
    )
    first_session_needs_approval: Mapped[bool] = mapped_column(default=False)
    reschedule_needs_approval: Mapped[bool] = mapped_column(default=False)
    hold_hours: Mapped[int] = mapped_column(default=48)
    proposal_response_hours: Mapped[int] = mapped_column(default=72)
    trajectory_max_sessions: Mapped[int] = mapped_column(default=5)
    late_cancellation_hours: Mapped[int] = mapped_column(default=24)
    # The organisation's own video service (e.g. its Jitsi): each video session booked for
    # it gets an unguessable room under this https address. None: the peer expert pastes one.
    video_base_url: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Deactivated organisations keep their history but take no new accounts, and their
    # peer experts are not proposed (None: active).
    deactivated_at: Mapped[dt.datetime | None]

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None

    memberships: Mapped[list[OrganisationMembership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    teams: Mapped[list[Team]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )


class OrganisationMembership(Base):
    __tablename__ = "organisation_memberships"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[MembershipRole] = mapped_column(str_enum(MembershipRole))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")


class Team(Base):
    """A clinician team of a care institution."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="teams")
    members: Mapped[list[TeamMembership]] = relationship(
        back_populates="team", cascade="all, delete-orphan"
    )


class TeamMembership(Base):
    __tablename__ = "team_memberships"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    # A person's teams are looked up by person (their sessions, their requests): the key
    # leads with the team.
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    team: Mapped[Team] = relationship(back_populates="members")
    user: Mapped[User] = relationship()
