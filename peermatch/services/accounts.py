"""Accounts: registration, sign-in, staff creation and role changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch import dutch_calendar
from peermatch.auth.password_policy import PasswordRefused, check_password
from peermatch.auth.passwords import hash_password, needs_rehash, verify_password
from peermatch.models import AuditEvent, Organisation, OrganisationMembership, User, UserRole
from peermatch.models.enums import MembershipRole, Role
from peermatch.models.users import new_login_id
from peermatch.services import audit, outbox
from peermatch.services.errors import Conflict, Forbidden, InvalidInput, NotFound

SELF_REGISTER_ROLES = frozenset({Role.YOUTH, Role.PEER_EXPERT})
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.TEAM_MEMBER, Role.ADMIN})
MIN_AGE_YOUTH = 12
MAX_AGE_YOUTH = 25
MIN_AGE_PEER_EXPERT = 16
SUPPORTED_LOCALES = ("nl", "en")


def normalise_email(email: str) -> str:
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput("account.error.email_invalid") from exc
    return result.normalized.lower()


# The age rule lives in ``peermatch.dutch_calendar`` (one rule: the Dutch calendar date).
age_in_year = dutch_calendar.age_in_year


def check_password_strength(password: str, *, email: str = "", display_name: str = "") -> None:
    """The password policy as a domain error, for every place a password is set."""
    try:
        check_password(password, email=email, display_name=display_name)
    except PasswordRefused as refused:
        raise InvalidInput(refused.key, **refused.params) from refused


def find_by_email(session: Session, email: str) -> User | None:
    try:
        normalised = normalise_email(email)
    except InvalidInput:
        return None
    return session.scalar(select(User).where(User.email == normalised))


@dataclass(frozen=True, slots=True)
class Registration:
    email: str
    password: str
    display_name: str
    birth_year: int
    role: Role
    privacy_version: str
    locale: str = "nl"
    time_zone: str = "Europe/Amsterdam"


def register(
    session: Session, data: Registration, *, now: dt.datetime, origin: audit.Origin
) -> User | None:
    """Create the account, or (address already in use) email its owner and return None.

    The caller answers both the same way, so the form cannot be used to learn who has an
    account here; the owner hears that someone tried (maybe themselves, who forgot).
    """
    if data.role not in SELF_REGISTER_ROLES:
        raise Forbidden("account.error.role_not_self_service")
    email = normalise_email(data.email)
    name = data.display_name.strip()
    if not name:
        raise InvalidInput("account.error.name_required")
    check_password_strength(data.password, email=email, display_name=name)
    age = dutch_calendar.age_at(data.birth_year, now)
    if data.birth_year > dutch_calendar.dutch_date(now).year or age < 0 or age > 120:
        raise InvalidInput("account.error.birth_year_invalid")
    if data.role is Role.YOUTH and age + 1 < MIN_AGE_YOUTH:
        raise InvalidInput("account.error.too_young", min=MIN_AGE_YOUTH)
    if data.role is Role.PEER_EXPERT and age + 1 < MIN_AGE_PEER_EXPERT:
        raise InvalidInput("account.error.peer_too_young", min=MIN_AGE_PEER_EXPERT)
    existing = session.scalar(select(User).where(User.email == email))
    if existing is not None:
        _tell_owner_of_signup_attempt(session, existing, now=now, origin=origin)
        hash_password(data.password)  # the same work as a new account: same answer time
        return None
    user = User(
        email=email,
        password_hash=hash_password(data.password),
        display_name=name,
        birth_year=data.birth_year,
        locale=data.locale if data.locale in SUPPORTED_LOCALES else "nl",
        time_zone=data.time_zone,
        privacy_consent_version=data.privacy_version,
        privacy_consent_at=now,
        roles=[UserRole(role=data.role)],
    )
    session.add(user)
    session.flush()
    # Unverified until the emailed link is opened (the column's default, "verified", is for
    # accounts that staff, the CLI or the demo create; an explicit None there still defaults).
    user.email_verified_at = None
    session.flush()
    audit.record(
        session,
        "account.registered",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"role": data.role.value, "privacy_version": data.privacy_version},
    )
    return user


def _tell_owner_of_signup_attempt(
    session: Session, owner: User, *, now: dt.datetime, origin: audit.Origin
) -> None:
    outbox.queue_email(session, user=owner, kind="account_exists", now=now, link="/login")
    audit.record(
        session,
        "account.signup_with_taken_email",
        actor_id=None,
        origin=origin,
        subject_type="user",
        subject_id=owner.id,
        at=now,
    )


class AccountDeactivated(Forbidden):
    """The right password for an account an admin or coordinator deactivated."""


def authenticate(
    session: Session, email: str, password: str, *, now: dt.datetime, origin: audit.Origin
) -> User | None:
    """Check credentials and audit the attempt; returns the user or None (raises
    ``AccountDeactivated`` only after the right password for a deactivated account)."""
    user = find_by_email(session, email)
    # Verify first, whatever the account: the answer time must not say whether it exists.
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not user.is_active or not password_ok:
        audit.record(
            session,
            "auth.login_failed",
            actor_id=user.id if user else None,
            origin=origin,
            details={"email": email.strip().lower()[:254]}
            | ({"reason": "deactivated"} if user is not None and password_ok else {}),
            at=now,
        )
        if user is not None and password_ok:
            # Only someone who knows the password learns the account is switched off.
            raise AccountDeactivated("account.error.deactivated")
        if user is not None:
            _warn_owner_after_repeated_failures(session, user, now=now, origin=origin)
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    audit.record(
        session,
        "auth.login",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
    )
    return user


#: After this many failed logins on one account within the window, its owner gets an email.
FAILED_LOGIN_ALERT_THRESHOLD = 5
FAILED_LOGIN_WINDOW = dt.timedelta(minutes=15)


def _warn_owner_after_repeated_failures(
    session: Session, user: User, *, now: dt.datetime, origin: audit.Origin
) -> None:
    """Tell the owner once per window that someone keeps guessing their password.

    Counted from the audit trail, so it holds across worker processes and restarts.
    """
    since = now - FAILED_LOGIN_WINDOW
    failures = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == "auth.login_failed",
            AuditEvent.actor_id == user.id,
            AuditEvent.at > since,
        )
    )
    if (failures or 0) < FAILED_LOGIN_ALERT_THRESHOLD:
        return
    already_warned = session.scalar(
        select(AuditEvent.id)
        .where(
            AuditEvent.action == "auth.failed_login_alert",
            AuditEvent.subject_id == user.id,
            AuditEvent.at > since,
        )
        .limit(1)
    )
    if already_warned is not None:
        return
    outbox.queue_email(session, user=user, kind="failed_logins", now=now, link="/login")
    audit.record(
        session,
        "auth.failed_login_alert",
        actor_id=None,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"failures": failures},
        at=now,
    )


def end_all_sessions(
    session: Session, user: User, *, now: dt.datetime, origin: audit.Origin, action: str
) -> None:
    """Every session cookie of this person stops working (they all carry the old login id)."""
    user.login_id = new_login_id()
    session.flush()
    audit.record(session, action, actor_id=user.id, origin=origin, at=now)


def change_password(
    session: Session,
    user: User,
    *,
    current: str,
    new: str,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    """A new password ends every other session: whoever knew the old one is out."""
    if not verify_password(user.password_hash, current):
        raise InvalidInput("account.error.current_password_wrong")
    check_password_strength(new, email=user.email, display_name=user.display_name)
    user.password_hash = hash_password(new)
    end_all_sessions(session, user, now=now, origin=origin, action="account.password_changed")


def ensure_verified(user: User) -> None:
    """THE rule: sending a request, or a profile for verification, needs a confirmed address,
    so the people who answer can reach the person behind it."""
    if user.email_verified_at is None:
        raise Forbidden("account.error.email_unverified")


def record_logout(session: Session, user: User, *, now: dt.datetime, origin: audit.Origin) -> None:
    """Logging out rotates the login id: a copy of the cookie taken before is worthless."""
    end_all_sessions(session, user, now=now, origin=origin, action="auth.logout")


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str,
    role: Role,
    organisation: Organisation | None = None,
    actor: User | None,
    origin: audit.Origin,
    birth_year: int | None = None,
) -> User:
    """Create any kind of account; used by admins, coordinators and the CLI."""
    if actor is not None:
        ensure_may_grant(actor, role, organisation)
    if organisation is not None and not organisation.is_active:
        raise Conflict("organisation.error.inactive")
    email_n = normalise_email(email)
    check_password_strength(password, email=email_n, display_name=display_name)
    if session.scalar(select(User.id).where(User.email == email_n)) is not None:
        raise Conflict("account.error.email_taken")
    user = User(
        email=email_n,
        password_hash=hash_password(password),
        display_name=display_name.strip() or email_n.split("@")[0],
        birth_year=birth_year,
        roles=[UserRole(role=role)],
    )
    session.add(user)
    session.flush()
    if organisation is not None:
        session.add(
            OrganisationMembership(
                organisation_id=organisation.id,
                user_id=user.id,
                role=MembershipRole.COORDINATOR
                if role is Role.COORDINATOR
                else MembershipRole.MEMBER,
            )
        )
    audit.record(
        session,
        "account.created",
        actor_id=actor.id if actor else None,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"role": role.value, "organisation_id": organisation.id if organisation else None},
    )
    audit.record(
        session,
        "role.granted",
        actor_id=actor.id if actor else None,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"role": role.value},
    )
    return user


def coordinator_organisation_ids(user: User) -> set[int]:
    """THE answer to "which organisations does this user coordinate?"; every service asks here."""
    return {m.organisation_id for m in user.memberships if m.role is MembershipRole.COORDINATOR}


def coordinates_any(user: User, organisation_ids: Iterable[int | None]) -> bool:
    """A coordinator (by role) of at least one of these organisations."""
    if not user.has_role(Role.COORDINATOR):
        return False
    return not coordinator_organisation_ids(user).isdisjoint(organisation_ids)


def coordinators_of(session: Session, organisation_ids: Collection[int] | None) -> list[User]:
    """The coordinators of these organisations (of every organisation when None), by id."""
    query = (
        select(User)
        .join(OrganisationMembership, OrganisationMembership.user_id == User.id)
        .where(OrganisationMembership.role == MembershipRole.COORDINATOR)
        .order_by(User.id)
    )
    if organisation_ids is not None:
        query = query.where(OrganisationMembership.organisation_id.in_(organisation_ids))
    return list(session.scalars(query).unique())


def manageable_organisations(session: Session, actor: User) -> list[Organisation]:
    """Organisations in which ``actor`` may create accounts: all for admins, own for coordinators."""
    query = (
        select(Organisation)
        .where(Organisation.deactivated_at.is_(None))
        .order_by(Organisation.name)
    )
    if not actor.has_role(Role.ADMIN):
        query = query.where(Organisation.id.in_(coordinator_organisation_ids(actor)))
    return list(session.scalars(query))


def ensure_may_grant(actor: User, role: Role, organisation: Organisation | None) -> None:
    """Admins grant anything; coordinators only team members and coordinators of their own org."""
    if actor.has_role(Role.ADMIN):
        return
    if (
        actor.has_role(Role.COORDINATOR)
        and role in {Role.TEAM_MEMBER, Role.COORDINATOR}
        and organisation is not None
        and organisation.id in coordinator_organisation_ids(actor)
    ):
        return
    raise Forbidden("account.error.may_not_grant_role")


def grant_role(
    session: Session, user: User, role: Role, *, actor: User | None, origin: audit.Origin
) -> None:
    if actor is not None and not actor.has_role(Role.ADMIN):
        raise Forbidden("account.error.may_not_grant_role")
    if role in user.role_names:
        return
    user.roles.append(UserRole(role=role))
    user.login_id = new_login_id()  # sessions started with the old rights end
    session.flush()
    audit.record(
        session,
        "role.granted",
        actor_id=actor.id if actor else None,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"role": role.value},
    )


def revoke_role(
    session: Session, user: User, role: Role, *, actor: User | None, origin: audit.Origin
) -> None:
    if actor is not None and not actor.has_role(Role.ADMIN):
        raise Forbidden("account.error.may_not_grant_role")
    kept = [r for r in user.roles if r.role is not role]
    if len(kept) == len(user.roles):
        return
    user.roles = kept
    user.login_id = new_login_id()  # sessions with the old rights end
    session.flush()
    audit.record(
        session,
        "role.revoked",
        actor_id=actor.id if actor else None,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"role": role.value},
    )


def set_locale(session: Session, user: User, locale: str) -> None:
    if locale not in SUPPORTED_LOCALES:
        raise InvalidInput("account.error.locale_unknown")
    user.locale = locale
    session.flush()


def get_organisation(session: Session, slug_or_id: str) -> Organisation:
    query = select(Organisation)
    org = session.scalar(
        query.where(Organisation.id == int(slug_or_id))
        if slug_or_id.isdigit()
        else query.where(Organisation.slug == slug_or_id)
    )
    if org is None:
        raise NotFound("organisation.error.not_found", organisation=slug_or_id)
    return org
