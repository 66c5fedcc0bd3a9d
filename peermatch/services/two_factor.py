"""Two-factor authentication with a time-based code (TOTP, RFC 6238) and recovery codes.

Coordinators and admins must use it (they see many young people's data); anyone else may.
A code is accepted once: the accepted time step is stored, so a code seen over someone's
shoulder cannot be replayed within its validity window. Recovery codes are random, shown
once, stored as hashes and each works once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import pyotp
from sqlalchemy import delete, func, inspect, select
from sqlalchemy.orm import Session

from peermatch.auth.tokens import hash_secret
from peermatch.models import RecoveryCode, TwoFactorEnrolment, User
from peermatch.models.enums import Role
from peermatch.services import audit, outbox
from peermatch.services.accounts import end_all_sessions
from peermatch.services.errors import Conflict, Forbidden, InvalidInput, NotFound

ISSUER = "PeerMatch"
#: Roles that must have a second factor before they can do anything else.
REQUIRED_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
RECOVERY_CODE_COUNT = 10
#: Accept the code of the previous and the next 30 seconds too (clocks on phones drift).
VALID_WINDOW = 1
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (0/o, 1/l/i)


def required_for(user: User) -> bool:
    return user.has_role(*REQUIRED_ROLES)


def enrolment(session: Session, user: User) -> TwoFactorEnrolment | None:
    return session.get(TwoFactorEnrolment, user.id)


def is_active(session: Session, user: User) -> bool:
    """Whether the person logs in with a second step. Answered from the eager-loaded
    enrolment when the request already has it (the API's token lookup), else looked up."""
    if "two_factor" in inspect(user).dict:
        loaded = user.two_factor
        return loaded is not None and loaded.active
    found = enrolment(session, user)
    return found is not None and found.active


def provisioning_uri(enrolled: TwoFactorEnrolment, user: User) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(enrolled.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def start_enrolment(session: Session, user: User, *, now: dt.datetime) -> TwoFactorEnrolment:
    """A fresh secret to scan; an unconfirmed earlier one is replaced (a new QR code each
    time is harmless), a confirmed one is never overwritten from here."""
    found = enrolment(session, user)
    if found is not None and found.active:
        raise Conflict("two_factor.error.already_on")
    if found is None:
        found = TwoFactorEnrolment(user_id=user.id, secret="", created_at=now)
        session.add(found)
    found.totp_secret = pyotp.random_base32()
    found.created_at = now
    found.last_used_step = None
    session.flush()
    return found


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _accept_totp(enrolled: TwoFactorEnrolment, code: str, now: dt.datetime) -> bool:
    """True for a right code from a time step later than the last one used."""
    digits = _normalise(code)
    if len(digits) != 6 or not digits.isdigit():
        return False
    totp = pyotp.TOTP(enrolled.totp_secret)
    current = totp.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        expected = totp.generate_otp(step)
        if hmac.compare_digest(expected, digits):
            if enrolled.last_used_step is not None and step <= enrolled.last_used_step:
                return False  # this code (or an older one) was already used: a replay
            enrolled.last_used_step = step
            return True
    return False


def confirm_enrolment(
    session: Session, user: User, code: str, *, now: dt.datetime, origin: audit.Origin
) -> list[str]:
    """The first right code switches the second factor on; returns the recovery codes,
    which are shown this once."""
    found = enrolment(session, user)
    if found is None:
        raise Conflict("two_factor.error.not_started")
    if found.active:
        raise Conflict("two_factor.error.already_on")
    if not _accept_totp(found, code, now):
        raise InvalidInput("two_factor.error.code_wrong")
    found.confirmed_at = now
    codes = _new_recovery_codes(session, user, now=now)
    _tell_owner(session, user, "enabled", now=now)
    audit.record(
        session,
        "two_factor.enabled",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        at=now,
    )
    return codes


def _tell_owner(session: Session, user: User, change: str, *, now: dt.datetime) -> None:
    """An account-security email (never switched off): the owner hears of every change."""
    outbox.queue_email(
        session,
        user=user,
        kind="two_factor_changed",
        now=now,
        link="/account/two-factor",
        params={"change": change},
    )


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _hash_recovery(user: User, code: str) -> str:
    # The user id is part of the hash, so equal codes of two people never collide.
    return hash_secret(f"{user.id}:{_normalise(code)}")


def _new_recovery_codes(session: Session, user: User, *, now: dt.datetime) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_hash_recovery(user, c), created_at=now)
        for c in codes
    )
    session.flush()
    return codes


def recovery_codes_left(session: Session, user: User) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    used_recovery_code: bool = False


def check_code(
    session: Session, user: User, code: str, *, now: dt.datetime, origin: audit.Origin
) -> CheckResult:
    """Check a login code: a TOTP code, or else an unused recovery code (then spent).
    Every attempt is audited, without the code."""
    found = enrolment(session, user)
    if found is None or not found.active:
        return CheckResult(ok=False)
    result = CheckResult(ok=False)
    if _accept_totp(found, code, now):
        result = CheckResult(ok=True)
    else:
        row = session.scalar(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == _hash_recovery(user, code),
                RecoveryCode.used_at.is_(None),
            )
        )
        if row is not None:
            row.used_at = now
            result = CheckResult(ok=True, used_recovery_code=True)
    session.flush()
    action = "auth.two_factor_passed" if result.ok else "auth.two_factor_failed"
    details = {"recovery_code": True} if result.used_recovery_code else None
    audit.record(
        session,
        action,
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details=details,
        at=now,
    )
    return result


def regenerate_recovery_codes(
    session: Session, user: User, code: str, *, now: dt.datetime, origin: audit.Origin
) -> list[str]:
    """New codes (the old ones stop working); needs a current code from the app."""
    found = enrolment(session, user)
    if found is None or not found.active:
        raise Conflict("two_factor.error.not_on")
    if not _accept_totp(found, code, now):
        raise InvalidInput("two_factor.error.code_wrong")
    codes = _new_recovery_codes(session, user, now=now)
    audit.record(
        session,
        "two_factor.recovery_codes_renewed",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        at=now,
    )
    return codes


def _remove(session: Session, user: User) -> None:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.execute(delete(TwoFactorEnrolment).where(TwoFactorEnrolment.user_id == user.id))
    session.flush()


def disable(
    session: Session, user: User, code: str, *, now: dt.datetime, origin: audit.Origin
) -> None:
    """Switch it off yourself: only where it is optional, and only with a current code."""
    if required_for(user):
        raise Forbidden("two_factor.error.required")
    found = enrolment(session, user)
    if found is None or not found.active:
        raise Conflict("two_factor.error.not_on")
    if not _accept_totp(found, code, now):
        raise InvalidInput("two_factor.error.code_wrong")
    _remove(session, user)
    _tell_owner(session, user, "disabled", now=now)
    audit.record(
        session,
        "two_factor.disabled",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        at=now,
    )


def find_for_reset(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()[:254]))
    if user is None or not is_active(session, user):
        raise NotFound("two_factor.error.reset_unknown")
    return user


def reset_by_admin(
    session: Session, admin: User, target_id: int, *, now: dt.datetime, origin: audit.Origin
) -> User:
    """An admin removes someone's second factor (lost phone and codes). The person sets it
    up again at next login; every session and remembered device of theirs ends."""
    if not admin.has_role(Role.ADMIN):
        raise Forbidden("two_factor.error.reset_not_allowed")
    target = session.get(User, target_id)
    if target is None or not is_active(session, target):
        raise NotFound("two_factor.error.reset_unknown")
    if target.id == admin.id:
        raise Forbidden("two_factor.error.reset_self")
    _remove(session, target)
    _tell_owner(session, target, "reset", now=now)
    end_all_sessions(session, target, now=now, origin=origin, action="two_factor.sessions_ended")
    audit.record(
        session,
        "two_factor.reset",
        actor_id=admin.id,
        origin=origin,
        subject_type="user",
        subject_id=target.id,
        at=now,
    )
    return target


def device_fingerprint(session: Session, user: User) -> str | None:
    """What a "remember this device" cookie is bound to: the password hash and the current
    secret. A new password or a new (or reset) second factor makes old cookies worthless.
    None when the second factor is off."""
    found = enrolment(session, user)
    if found is None or not found.active:
        return None
    material = f"{user.id}|{user.password_hash or ''}|{found.totp_secret}".encode()
    return hashlib.sha256(material).hexdigest()[:32]
