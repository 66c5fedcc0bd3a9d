"""Refusals carry a translation key and parameters so every edge can word them in Dutch or
English; the message is never built here."""

from __future__ import annotations

from typing import Any


class BookingError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, {self.params!r})"


class BookingTransitionError(BookingError):
    """The action is not allowed now, for this actor, from this state."""


class OverlapError(BookingError):
    """A person would hold two active sessions at once (buffers included)."""
