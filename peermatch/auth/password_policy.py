"""Which passwords PeerMatch refuses: short, common, or guessable from the account itself.

Offline on purpose (a bundled list, no breach API): the check must work on every machine and
must not send a password, or part of its hash, anywhere.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

MIN_PASSWORD_LENGTH = 10
MIN_DISTINCT_CHARACTERS = 4
#: Parts of an email address or name shorter than this are too common to refuse on.
MIN_PERSONAL_PART = 3

_EDGE_NOISE = re.compile(r"^[\d\W_]+|[\d\W_]+$")


class PasswordRefused(ValueError):
    """Why a password is refused, as a message key (``account.error.password_*``)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@cache
def common_passwords() -> frozenset[str]:
    text = files("peermatch.auth").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _personal_parts(email: str, display_name: str) -> list[str]:
    email = email.strip().lower()
    local = email.split("@", 1)[0]
    parts = [email, local, *re.split(r"[.\-_+]", local), display_name.strip().lower()]
    return [p for p in parts if len(p) >= MIN_PERSONAL_PART]


def check_password(password: str, *, email: str = "", display_name: str = "") -> None:
    """Raise ``PasswordRefused`` with the first reason the password is not good enough."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRefused("account.error.password_short", min=MIN_PASSWORD_LENGTH)
    lowered = password.lower()
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        raise PasswordRefused("account.error.password_common")
    common = common_passwords()
    core = _EDGE_NOISE.sub("", lowered)  # "Welkom2026!" is still "welkom"
    if lowered in common or (core and core in common) or lowered.replace(" ", "") in common:
        raise PasswordRefused("account.error.password_common")
    if any(part in lowered for part in _personal_parts(email, display_name)):
        raise PasswordRefused("account.error.password_personal")
