"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106).

The test suite alone may choose a cheap argon2id profile (``PASSWORD_HASHING = "test-only"``):
a real hash at the RFC's cost takes ~0.1 s of CPU and 64 MiB, paid on every factory-made
account and every login of thousands of tests. Production refuses that profile
(``config_problems``), and a hash made cheaply is rehashed at full cost on the next login
because ``needs_rehash`` compares it with the configured profile.
"""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from peermatch.auth.password_policy import MIN_PASSWORD_LENGTH

#: Named hashing profiles; "rfc9106" is the default everywhere but the test suite.
HASHING_PROFILES = {
    "rfc9106": profiles.RFC_9106_LOW_MEMORY,
    "test-only": profiles.CHEAPEST,
}
DEFAULT_PROFILE = "rfc9106"

_hasher = PasswordHasher.from_parameters(HASHING_PROFILES[DEFAULT_PROFILE])

__all__ = [
    "HASHING_PROFILES",
    "MIN_PASSWORD_LENGTH",
    "configure",
    "hash_password",
    "needs_rehash",
    "verify_password",
]


def configure(profile: str) -> None:
    """Use a named profile for new hashes and rehash checks (called by create_app)."""
    global _hasher  # one hasher per process, like the encryption keys
    parameters = HASHING_PROFILES[profile]
    if _hasher.time_cost == parameters.time_cost and _hasher.memory_cost == parameters.memory_cost:
        return
    _hasher = PasswordHasher.from_parameters(parameters)
    dummy_hash.cache_clear()


def current_parameters() -> tuple[int, int, int]:
    """(time cost, memory KiB, parallelism) of the hasher in use, for tests and checks."""
    return (_hasher.time_cost, _hasher.memory_cost, _hasher.parallelism)


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
