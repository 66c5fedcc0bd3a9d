"""Refusals of the pure cores, each carrying its kind.

The kind says how an edge should answer: ``input`` (what was typed or picked is wrong: fix
it and try again, 422) or ``conflict`` (the thing's current state says no, 409). The core
knows which one it means at the point it refuses, so no list of keys elsewhere has to guess.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorKind(StrEnum):
    INPUT = "input"
    CONFLICT = "conflict"


class Refusal(Exception):
    """A translation key with parameters (never a finished sentence) and its kind."""

    def __init__(self, key: str, *, kind: ErrorKind = ErrorKind.CONFLICT, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.kind = kind
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, {self.kind.value}, {self.params!r})"
