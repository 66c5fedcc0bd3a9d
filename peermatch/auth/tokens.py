"""Random secrets that are stored only as hashes (API tokens, calendar feeds, consent links)."""

from __future__ import annotations

import hashlib
import secrets


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """SHA-256 is enough: the secrets are 256-bit random, not human passwords."""
    return hashlib.sha256(secret.encode()).hexdigest()
