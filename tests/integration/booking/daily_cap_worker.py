"""One booking attempt in its own process for the daily-maximum race (importable for spawn)."""

from __future__ import annotations

from typing import Any

from tests.integration.booking import race_worker


def attempt(job: dict[str, Any]) -> str:
    """ "won", "taken", or the refusal's key (e.g. "booking.error.day_full")."""
    result = race_worker.attempt(job)
    if result.startswith("InvalidInput: "):
        return result.removeprefix("InvalidInput: ")
    return result
