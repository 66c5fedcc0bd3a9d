"""Accounts as admins see them: search, deactivate, reactivate, change roles.

Deactivation is the one rule for "this person may no longer use PeerMatch": the flag that
login, the session loader and the API token check all read, a new login id (every open
session ends at once), every API token revoked, and (in matching) no longer a candidate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from peermatch.models import ApiToken, Organisation, OrganisationMembership, User, UserRole
from peermatch.models.enums import Role
from peermatch.models.users import new_login_id
from peermatch.services import accounts, audit
from peermatch.services.administration.common import ensure_admin, record
from peermatch.services.errors import Conflict, InvalidInput, NotFound

MAX_PAGE_SIZE = 100
MAX_QUERY = 100


@dataclass(frozen=True, slots=True)
class UserFilter:
    """Every part optional: ``text`` matches name or email (case-insensitive, anywhere)."""

    text: str = ""
    role: Role | None = None
    organisation_id: int | None = None
    active: bool | None = None


@dataclass(frozen=True, slots=True)
class UserPage:
    users: list[User]
    page: int
    has_more: bool


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _filtered(wanted: UserFilter) -> Select[User]:
    query = select(User)
    text = " ".join(wanted.text.split())
    if len(text) > MAX_QUERY:
        raise InvalidInput("admin.error.query_too_long", max=MAX_QUERY)
    if text:
        pattern = _like(text)
        query = query.where(
            or_(
                func.lower(User.display_name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
            )
        )
    if wanted.role is not None:
        query = query.where(
            User.id.in_(select(UserRole.user_id).where(UserRole.role == wanted.role))
        )
    if wanted.organisation_id is not None:
        query = query.where(
            User.id.in_(
                select(OrganisationMembership.user_id).where(
                    OrganisationMembership.organisation_id == wanted.organisation_id
                )
            )
        )
    if wanted.active is not None:
        query = query.where(User.is_active.is_(wanted.active))
    return query


def search_users(
    session: Session, wanted: UserFilter, *, page: int = 1, per_page: int = 50
) -> UserPage:
    """One page, by name then id; never more than ``MAX_PAGE_SIZE`` rows from the database."""
    if not 1 <= per_page <= MAX_PAGE_SIZE:
        raise InvalidInput("admin.error.page_size", max=MAX_PAGE_SIZE)
    if not 1 <= page <= 100_000:
        raise InvalidInput("admin.error.page_invalid")
    rows = list(
        session.scalars(
            _filtered(wanted)
            .order_by(func.lower(User.display_name), User.id)
            .offset((page - 1) * per_page)
            .limit(per_page + 1)
        )
    )
    return UserPage(users=rows[:per_page], page=page, has_more=len(rows) > per_page)


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("admin.error.user_not_found")
    return user


def organisations_of(session: Session, user: User) -> list[tuple[Organisation, str]]:
    """(organisation, membership role) pairs, by organisation name."""
    rows = session.execute(
        select(Organisation, OrganisationMembership.role)
        .join(OrganisationMembership, OrganisationMembership.organisation_id == Organisation.id)
        .where(OrganisationMembership.user_id == user.id)
        .order_by(func.lower(Organisation.name))
    )
    return [(org, role.value) for org, role in rows]


def _active_admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.ADMIN, User.is_active.is_(True))
        )
        or 0
    )


def deactivate(
    session: Session,
    user: User,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
    checked: bool = False,
) -> User:
    """Admins (or, through ``members``, a coordinator of the person's only organisation)."""
    if not checked:
        ensure_admin(actor)
    if actor is not None and actor.id == user.id:
        raise Conflict("admin.error.not_yourself")
    if not user.is_active:
        raise Conflict("admin.error.already_inactive")
    if user.has_role(Role.ADMIN) and _active_admins(session) <= 1:
        raise Conflict("admin.error.last_admin")
    user.is_active = False
    user.deactivated_at = now
    user.login_id = new_login_id()  # every session cookie carries the old one: all end now
    revoked = session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.flush()
    record(
        session,
        "account.deactivated",
        actor=actor,
        origin=origin,
        now=now,
        subject_type="user",
        subject_id=user.id,
        tokens_revoked=int(getattr(revoked, "rowcount", 0) or 0),
    )
    return user


def reactivate(
    session: Session,
    user: User,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
    checked: bool = False,
) -> User:
    """The account works again with its password; revoked API tokens stay revoked."""
    if not checked:
        ensure_admin(actor)
    if user.is_active:
        raise Conflict("admin.error.already_active")
    user.is_active = True
    user.deactivated_at = None
    session.flush()
    record(
        session,
        "account.reactivated",
        actor=actor,
        origin=origin,
        now=now,
        subject_type="user",
        subject_id=user.id,
    )
    return user


def set_roles(
    session: Session,
    user: User,
    roles: frozenset[Role],
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> User:
    """Make ``roles`` exactly the person's roles. Any change rotates the login id (in
    ``accounts.grant_role``/``revoke_role``), so sessions with the old rights end."""
    ensure_admin(actor)
    if not roles:
        raise InvalidInput("admin.error.roles_required")
    if actor is not None and actor.id == user.id and Role.ADMIN not in roles:
        raise Conflict("admin.error.not_yourself")
    current = user.role_names
    losing_admin = Role.ADMIN in current and Role.ADMIN not in roles and user.is_active
    if losing_admin and _active_admins(session) <= 1:
        raise Conflict("admin.error.last_admin")
    for role in sorted(roles - current):
        accounts.grant_role(session, user, role, actor=actor, origin=origin)
    for role in sorted(current - roles):
        accounts.revoke_role(session, user, role, actor=actor, origin=origin)
    return user
