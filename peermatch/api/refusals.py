"""How a service's refusal (a ``DomainError``) reaches an API client: problem+json.

The endpoint runner (``peermatch.api.openapi.endpoint``) is the one place that answers a
refusal; an endpoint module whose refusal carries more for the client (a lost race's next
free times) registers those extra members here instead of an error handler of its own, and
one whose service refuses input by key (``InvalidInput``) names the body field each key is
about (``refusal_fields``), so the 422 lists the error under that field, not under ``$``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import Response

from peermatch.edge.problems import domain_problem
from peermatch.services.errors import DomainError

E = TypeVar("E", bound=DomainError)
Extras = Callable[[Any], dict[str, object]]

_EXTRAS: dict[type[DomainError], Extras] = {}
_FIELDS: dict[str, str] = {}


def problem_extras(
    kind: type[E],
) -> Callable[[Callable[[E], dict[str, object]]], Callable[[E], dict[str, object]]]:
    """Add the members ``build(err)`` returns to the problem+json of every ``kind`` refusal."""

    def register(build: Callable[[E], dict[str, object]]) -> Callable[[E], dict[str, object]]:
        _EXTRAS[kind] = build
        return build

    return register


def refusal_fields(fields: Mapping[str, str]) -> None:
    """Name the body field (a JSON path) each of these input refusal keys is about."""
    for key, field in fields.items():
        if _FIELDS.setdefault(key, field) != field:
            raise RuntimeError(f"refusal {key!r} already names the field {_FIELDS[key]!r}")


def refusal_problem(err: DomainError) -> Response:
    """``err`` as problem+json: status, title, translated detail, code, and any extras."""
    field = _FIELDS.get(err.key)
    if field is not None and err.status == 422 and "field" not in err.params:
        err = type(err)(err.key, **err.params, field=field)
    for kind in type(err).__mro__:
        build = _EXTRAS.get(kind)
        if build is not None:
            return domain_problem(err, **build(err))
    return domain_problem(err)
