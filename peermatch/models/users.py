"""People and their roles, personal API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base, utcnow
from peermatch.models.enums import Gender, Role
from peermatch.models.types import str_enum

if TYPE_CHECKING:
    from peermatch.models.organisations import OrganisationMembership
    from peermatch.models.two_factor import TwoFactorEnrolment


def new_login_id() -> str:
    return secrets.token_urlsafe(24)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored normalised (lower-case), which makes uniqueness case-insensitive on every backend.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    locale: Mapped[str] = mapped_column(String(8), default="nl")
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Amsterdam")
    birth_year: Mapped[int | None]
    gender: Mapped[Gender | None] = mapped_column(str_enum(Gender))
    is_active: Mapped[bool] = mapped_column(default=True)
    # When an admin or coordinator deactivated the account (None while active).
    deactivated_at: Mapped[dt.datetime | None]
    # Rotated on password change and "log out everywhere": old session cookies stop working.
    login_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_login_id)
    privacy_consent_version: Mapped[str | None] = mapped_column(String(32))
    privacy_consent_at: Mapped[dt.datetime | None]
    calendar_token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[dt.datetime | None]
    # When the address was confirmed. Verified by default: staff, CLI and demo accounts are
    # vouched for by whoever made them; only self-registration sets None until the link is used.
    email_verified_at: Mapped[dt.datetime | None] = mapped_column(default=utcnow)
    # Erasure (AVG art. 17, ``services.privacy.erasure``): asked for at, final after the grace
    # period (logging in before then cancels it); ``erased_at`` set once only a pseudonym is left.
    erasure_requested_at: Mapped[dt.datetime | None]
    erasure_due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    erased_at: Mapped[dt.datetime | None]

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    memberships: Mapped[list[OrganisationMembership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    #: Read-only view of the person's 2FA enrolment, eager-loaded where a request needs it
    #: anyway (the API's token lookup); ``services.two_factor`` owns every change to it.
    two_factor: Mapped[TwoFactorEnrolment | None] = relationship(viewonly=True, lazy="select")

    @property
    def role_names(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.roles)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.role_names.intersection(roles))

    # Flask-Login protocol, without importing Flask into the model layer.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.login_id

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(str_enum(Role), primary_key=True)
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")


class ApiToken(Base):
    """A personal access token for /api/v1; only a hash is stored."""

    __tablename__ = "api_tokens"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()
