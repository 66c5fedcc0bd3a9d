"""Test factories in one package: small functions that build just what a test needs.

``people`` makes users, organisations, teams and peer experts; ``profiles`` makes
profiles complete enough to submit and their experience entries. Everything is
re-exported here, so ``from tests.factories import ...`` is the one import tests need.
"""

from tests.factories.people import (
    PASSWORD,
    add_member,
    domain,
    login,
    make_coordinator,
    make_organisation,
    make_peer_expert,
    make_team,
    make_user,
    password_hash,
)
from tests.factories.profiles import NOW, add_entry, complete_draft

__all__ = [
    "NOW",
    "PASSWORD",
    "add_entry",
    "add_member",
    "complete_draft",
    "domain",
    "login",
    "make_coordinator",
    "make_organisation",
    "make_peer_expert",
    "make_team",
    "make_user",
    "password_hash",
]
