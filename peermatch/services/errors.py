"""Domain errors: carry a translation key and parameters, never a finished sentence."""

from __future__ import annotations

from typing import Any

from peermatch.lifecycles import ErrorKind, Refusal


class DomainError(Exception):
    """A rule said no. ``status`` is the HTTP status the edges should answer with."""

    status = 422

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class InvalidInput(DomainError):
    status = 422


def from_refusal(err: Refusal) -> DomainError:
    """A pure core's refusal as the domain error its kind calls for."""
    if err.kind is ErrorKind.INPUT:
        return InvalidInput(err.key, **err.params)
    return Conflict(err.key, **err.params)
