"""Encryption at rest for sensitive text columns (a youth's own words, meeting details, ...).

Why: a database dump, a backup or a read-only SQL account must not reveal what people wrote
about themselves (AVG art. 32, NEN 7510). Values are encrypted with Fernet (AES-128-CBC with
an HMAC-SHA256, so tampering is detected) before they reach the database and decrypted on
the way back; code above the model layer never sees ciphertext.

Keys: a process-wide :class:`~cryptography.fernet.MultiFernet` built from a list of keys,
newest first. The newest encrypts; every key in the list decrypts, so a new key can be
added first and ``flask --app wsgi keys rotate`` re-encrypts everything under it before the
old key is removed. Where the keys come from:

- production: ``PEERMATCH_ENCRYPTION_KEYS`` (comma-separated); the app refuses to start
  without it (``config.config_problems``);
- development: ``instance/encryption.key``, generated once with file mode 0600;
- tests: ``TestingConfig.ENCRYPTION_KEYS`` (a fixed, public, test-only key).

Encrypted columns cannot be searched, compared or sorted in SQL (each encryption of the
same text differs): never put them in WHERE, ORDER BY or LIKE.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

#: Environment variable holding the keys in production: comma-separated, newest first.
KEYS_ENV = "PEERMATCH_ENCRYPTION_KEYS"
#: Development key file, under the instance folder.
DEV_KEY_FILE = "encryption.key"
#: Every Fernet token starts with the version byte 0x80, base64url-encoded as "gAAAAA".
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - a format marker, not a secret


class EncryptionKeyError(RuntimeError):
    """No usable key: the app must not read or write sensitive text without one."""


class _Keyring:
    def __init__(self) -> None:
        self.keys: tuple[str, ...] = ()
        self.fernet: MultiFernet | None = None


_KEYRING = _Keyring()


def parse_keys(value: str | Iterable[str] | None) -> list[str]:
    """Keys from a comma-separated string or a list; blanks dropped, order kept."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip() for item in items if item and item.strip()]


def key_problems(keys: Sequence[str]) -> list[str]:
    """Why these keys are unusable (never repeats a key itself)."""
    problems = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            problems.append(
                f"encryption key #{position} is not a Fernet key (32 url-safe base64 bytes; "
                "make one with `flask --app wsgi keys generate`)."
            )
    return problems


def configure(keys: Sequence[str]) -> None:
    """Use these keys (newest first) for every encrypted column in this process."""
    keys = parse_keys(keys)
    if not keys:
        raise EncryptionKeyError("no encryption key configured")
    problems = key_problems(keys)
    if problems:
        raise EncryptionKeyError("; ".join(problems))
    _KEYRING.keys = tuple(keys)
    _KEYRING.fernet = MultiFernet([Fernet(k.encode()) for k in keys])


def configured_keys() -> tuple[str, ...]:
    return _KEYRING.keys


def generate_key() -> str:
    return Fernet.generate_key().decode()


def development_key(instance_dir: Path) -> str:
    """The development key, created once under ``instance/`` readable by the owner only."""
    path = instance_dir / DEV_KEY_FILE
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(generate_key() + "\n")
    return path.read_text().strip()


def keys_for_config(values: dict[str, Any], instance_dir: Path) -> list[str]:
    """The keys a configuration asks for: configured ones, else the development key file."""
    keys = parse_keys(values.get("ENCRYPTION_KEYS"))
    if keys:
        return keys
    if values.get("ENCRYPTION_DEV_KEY_FILE"):
        return [development_key(instance_dir)]
    if _KEYRING.keys:
        # A plain-mapping configuration (tests) in a process that already has its keys.
        return list(_KEYRING.keys)
    raise EncryptionKeyError(f"{KEYS_ENV} is not set")


def ensure_configured() -> None:
    """For code running without an app (Alembic from the command line): load the keys the
    configuration (``PEERMATCH_CONFIG``) asks for, if nothing configured them yet."""
    if _KEYRING.fernet is not None:
        return
    from config import INSTANCE_DIR, load_config

    configure(keys_for_config(load_config(None), INSTANCE_DIR))


def _fernet() -> MultiFernet:
    if _KEYRING.fernet is None:
        ensure_configured()
    assert _KEYRING.fernet is not None
    return _KEYRING.fernet


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise EncryptionKeyError(
            "an encrypted value cannot be read with the configured keys (wrong key, a key "
            "removed before rotation, or tampering)"
        ) from exc


def looks_encrypted(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


def rotate_token(token: str) -> str:
    """The same plaintext under the newest key (MultiFernet.rotate keeps the timestamp)."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def is_current(token: str) -> bool:
    """Whether the newest key already encrypted this token (so rotation can skip it)."""
    newest = Fernet(_KEYRING.keys[0].encode()) if _KEYRING.keys else None
    if newest is None:
        _fernet()
        newest = Fernet(_KEYRING.keys[0].encode())
    try:
        newest.decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


class EncryptedText(TypeDecorator[str]):
    """A text column stored as a Fernet token; in Python it is the plain ``str``.

    The database column stays TEXT (no schema drift); its contents are unreadable without
    the key. Don't filter, sort or search on it in SQL; ``IS NULL`` works (None stays NULL).
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value)

    def compare_values(self, x: Any, y: Any) -> bool:
        return bool(x == y)
