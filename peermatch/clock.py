"""The one place that reads the wall clock, so tests can move time."""

from __future__ import annotations

import datetime as dt


class Clock:
    def __init__(self, fixed: dt.datetime | None = None) -> None:
        self._fixed = fixed

    def now(self) -> dt.datetime:
        return self._fixed if self._fixed is not None else dt.datetime.now(dt.UTC)

    def set(self, when: dt.datetime | None) -> None:
        if when is not None and when.tzinfo is None:
            raise ValueError("Clock needs an aware datetime")
        self._fixed = when
