"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from peermatch.auth.password_policy import MIN_PASSWORD_LENGTH

_hasher = PasswordHasher()

__all__ = ["MIN_PASSWORD_LENGTH", "hash_password", "needs_rehash", "verify_password"]


@cache
def dummy_hash() -> str:
    """A real argon2 hash of nothing anyone knows, so an unknown email costs a full verify."""
    return _hasher.hash(secrets.token_urlsafe(32))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Always runs one argon2 verification, even without a hash (unknown email, account without
    password), so the answer time does not tell whether an account exists."""
    try:
        return _hasher.verify(password_hash or dummy_hash(), password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
