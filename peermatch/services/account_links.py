"""Email links that change an account: forgotten password and new email address.

Each link is single-use, expires, and only its hash is stored. Asking for a reset answers
the same whether or not the address has an account (the caller shows one text), and an
unknown address gets no email: the form cannot be used to learn who uses PeerMatch.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from peermatch.auth.passwords import hash_password, verify_password
from peermatch.auth.tokens import hash_secret, new_secret
from peermatch.models import AccountLink, User
from peermatch.services import audit, outbox
from peermatch.services.accounts import (
    Registration,
    check_password_strength,
    end_all_sessions,
    find_by_email,
    normalise_email,
)
from peermatch.services.accounts import register as accounts_register
from peermatch.services.errors import Conflict, InvalidInput

PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a secret
EMAIL_CHANGE = "email_change"
EMAIL_VERIFY = "email_verify"
RESET_VALID_FOR = dt.timedelta(hours=1)
EMAIL_CHANGE_VALID_FOR = dt.timedelta(hours=24)
VERIFY_VALID_FOR = dt.timedelta(days=7)


def reset_path(secret: str) -> str:
    """Path of the public reset page (the web route ``auth.reset_password``)."""
    return f"/password/reset/{secret}"


def email_confirm_path(secret: str) -> str:
    """Path of the confirmation page (the web route ``account.confirm_email``)."""
    return f"/account/email/confirm/{secret}"


def verify_path(secret: str) -> str:
    """Path of the verification page (the web route ``account.verify_email``)."""
    return f"/account/email/verify/{secret}"


def _issue(
    session: Session,
    user: User,
    purpose: str,
    *,
    now: dt.datetime,
    valid_for: dt.timedelta,
    new_email: str | None = None,
) -> str:
    """A fresh link; earlier unused links of the same purpose stop working (only the newest
    email counts, so an old one lying in an inbox opens nothing)."""
    session.execute(
        update(AccountLink)
        .where(
            AccountLink.user_id == user.id,
            AccountLink.purpose == purpose,
            AccountLink.used_at.is_(None),
        )
        .values(used_at=now)
    )
    secret = new_secret()
    session.add(
        AccountLink(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_secret(secret),
            new_email=new_email,
            created_at=now,
            expires_at=now + valid_for,
        )
    )
    session.flush()
    return secret


def _valid_link(session: Session, secret: str, purpose: str, *, now: dt.datetime) -> AccountLink:
    link = session.scalar(
        select(AccountLink).where(
            AccountLink.token_hash == hash_secret(secret), AccountLink.purpose == purpose
        )
    )
    if (
        link is None
        or link.used_at is not None
        or link.expires_at <= now
        or not link.user.is_active
    ):
        raise InvalidInput("account.error.link_invalid")
    return link


def request_password_reset(
    session: Session, email: str, *, now: dt.datetime, origin: audit.Origin
) -> None:
    """Email a reset link if the address belongs to an active account; otherwise nothing."""
    user = find_by_email(session, email)
    if user is None or not user.is_active:
        return
    secret = _issue(session, user, PASSWORD_RESET, now=now, valid_for=RESET_VALID_FOR)
    outbox.queue_email(
        session,
        user=user,
        kind="password_reset",
        now=now,
        link=reset_path(secret),
    )
    audit.record(
        session,
        "account.password_reset_requested",
        actor_id=None,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        at=now,
    )


def check_reset_link(session: Session, secret: str, *, now: dt.datetime) -> User:
    """The link's owner, or ``account.error.link_invalid`` (used, expired or unknown)."""
    return _valid_link(session, secret, PASSWORD_RESET, now=now).user


def reset_password(
    session: Session, secret: str, new_password: str, *, now: dt.datetime, origin: audit.Origin
) -> User:
    """Set the new password (same rules as registration), use up the link, end every session."""
    link = _valid_link(session, secret, PASSWORD_RESET, now=now)
    user = link.user
    check_password_strength(new_password, email=user.email, display_name=user.display_name)
    user.password_hash = hash_password(new_password)
    link.used_at = now
    if user.email_verified_at is None:
        user.email_verified_at = now  # the emailed link proves the address as well
    end_all_sessions(session, user, now=now, origin=origin, action="account.password_reset")
    return user


def request_email_change(
    session: Session,
    user: User,
    *,
    new_email: str,
    password: str,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    """Send a confirmation link to the new address and a notice to the old one; the address
    itself changes only when the link is opened (so a typo cannot lock anyone out)."""
    if not verify_password(user.password_hash, password):
        raise InvalidInput("account.error.current_password_wrong")
    address = normalise_email(new_email)
    if address == user.email:
        raise InvalidInput("account.error.email_unchanged")
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise Conflict("account.error.email_taken")
    secret = _issue(
        session, user, EMAIL_CHANGE, now=now, valid_for=EMAIL_CHANGE_VALID_FOR, new_email=address
    )
    outbox.queue_email(
        session,
        user=user,
        to_email=address,
        kind="email_change_confirm",
        now=now,
        link=email_confirm_path(secret),
    )
    outbox.queue_email(
        session,
        user=user,
        kind="email_change_notice",
        now=now,
        link="/account",
        params={"new_email": address},
    )
    audit.record(
        session,
        "account.email_change_requested",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        at=now,
    )


def confirm_email_change(
    session: Session, secret: str, *, now: dt.datetime, origin: audit.Origin
) -> User:
    """Switch to the confirmed address, unless someone else took it in the meantime."""
    link = _valid_link(session, secret, EMAIL_CHANGE, now=now)
    user = link.user
    address = link.new_email or ""
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise Conflict("account.error.email_taken")
    old = user.email
    user.email = address
    user.email_verified_at = now  # the link just proved this address is theirs
    link.used_at = now
    session.flush()
    audit.record(
        session,
        "account.email_changed",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"old_domain": old.rsplit("@", 1)[-1], "new_domain": address.rsplit("@", 1)[-1]},
        at=now,
    )
    return user


def send_verification(
    session: Session, user: User, *, now: dt.datetime, origin: audit.Origin
) -> None:
    """Email a confirmation link (at registration, and again on request); a newer link
    replaces older ones. Nothing to do for an address that is already confirmed."""
    if user.email_verified_at is not None:
        return
    secret = _issue(session, user, EMAIL_VERIFY, now=now, valid_for=VERIFY_VALID_FOR)
    outbox.queue_email(session, user=user, kind="email_verify", now=now, link=verify_path(secret))
    audit.record(
        session,
        "account.verification_sent",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        at=now,
    )


def verify_email(session: Session, secret: str, *, now: dt.datetime, origin: audit.Origin) -> User:
    link = _valid_link(session, secret, EMAIL_VERIFY, now=now)
    user = link.user
    link.used_at = now
    if user.email_verified_at is None:
        user.email_verified_at = now
        audit.record(
            session,
            "account.email_verified",
            actor_id=user.id,
            origin=origin,
            subject_type="user",
            subject_id=user.id,
            at=now,
        )
    session.flush()
    return user


def register(
    session: Session, data: Registration, *, now: dt.datetime, origin: audit.Origin
) -> User | None:
    """Self-registration: the account, then the link that confirms its address.

    Kept here rather than in ``accounts`` because the link machinery builds on ``accounts``;
    every front end that lets people register calls this, so no account skips the link.
    """
    user = accounts_register(session, data, now=now, origin=origin)
    if user is not None:
        send_verification(session, user, now=now, origin=origin)
    return user
