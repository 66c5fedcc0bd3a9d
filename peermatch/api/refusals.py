"""How a service's refusal (a ``DomainError``) reaches an API client: problem+json.

The endpoint runner (``peermatch.api.openapi.endpoint``) is the one place that answers a
refusal; an endpoint module whose refusal carries more for the client (a lost race's next
free times) registers those extra members here instead of an error handler of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response

from peermatch.edge.problems import domain_problem
from peermatch.services.errors import DomainError

E = TypeVar("E", bound=DomainError)
Extras = Callable[[Any], dict[str, object]]

_EXTRAS: dict[type[DomainError], Extras] = {}


def problem_extras(
    kind: type[E],
) -> Callable[[Callable[[E], dict[str, object]]], Callable[[E], dict[str, object]]]:
    """Add the members ``build(err)`` returns to the problem+json of every ``kind`` refusal."""

    def register(build: Callable[[E], dict[str, object]]) -> Callable[[E], dict[str, object]]:
        _EXTRAS[kind] = build
        return build

    return register


def refusal_problem(err: DomainError) -> Response:
    """``err`` as problem+json: status, title, translated detail, code, and any extras."""
    for kind in type(err).__mro__:
        build = _EXTRAS.get(kind)
        if build is not None:
            return domain_problem(err, **build(err))
    return domain_problem(err)
