"""Deny-by-default access: every view declares who may use it.

A view without a declaration is refused for everyone (and the access test fails), so
forgetting the decorator can never open a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

from peermatch.models.enums import Role

F = TypeVar("F", bound=Callable[..., Any])

ACCESS_ATTR: Final = "_peermatch_access"
PUBLIC: Final = "public"
AUTHENTICATED: Final = "authenticated"

AccessRule = str | frozenset[Role]


def public(view: F) -> F:
    """Anyone, also without an account."""
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def authenticated(view: F) -> F:
    """Any signed-in user, whatever their role."""
    setattr(view, ACCESS_ATTR, AUTHENTICATED)
    return view


def roles(*allowed: Role) -> Callable[[F], F]:
    """Only users holding at least one of these roles."""
    if not allowed:
        raise ValueError("roles() needs at least one role")

    def decorate(view: F) -> F:
        setattr(view, ACCESS_ATTR, frozenset(allowed))
        return view

    return decorate


def access_rule(view: Callable[..., Any] | None) -> AccessRule | None:
    if view is None:
        return None
    rule: AccessRule | None = getattr(view, ACCESS_ATTR, None)
    return rule
