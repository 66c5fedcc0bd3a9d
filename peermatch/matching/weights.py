"""Factor weights, tunable per deployment from plain configuration."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields

SHARED_EXPERIENCE = "shared_experience"
GENDER = "gender"
AGE_CLOSENESS = "age_closeness"
LANGUAGE = "language"
SOONEST_SLOT = "soonest_slot"
FAIR_SPREAD = "fair_spread"
CONTINUITY = "continuity"

FACTOR_NAMES: tuple[str, ...] = (
    SHARED_EXPERIENCE,
    GENDER,
    AGE_CLOSENESS,
    LANGUAGE,
    SOONEST_SLOT,
    FAIR_SPREAD,
    CONTINUITY,
)


@dataclass(frozen=True, slots=True)
class Weights:
    """One non-negative weight per soft factor; shared experience leads by default
    because fit of lived experience is what a peer expert brings."""

    shared_experience: float = 4.0
    gender: float = 1.5
    age_closeness: float = 1.0
    language: float = 1.0
    soonest_slot: float = 1.0
    fair_spread: float = 1.5
    continuity: float = 1.0

    def __post_init__(self) -> None:
        for name in FACTOR_NAMES:
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"weight {name} must be a finite number >= 0")

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> Weights:
        """Build from e.g. `app.config["MATCH_WEIGHTS"]`; missing keys keep defaults.

        Unknown keys are an error so a typo in configuration never silently
        falls back to a default.
        """
        known = {f.name for f in fields(cls)}
        unknown = set(config) - known
        if unknown:
            raise ValueError(f"unknown weight(s): {', '.join(sorted(unknown))}")
        values: dict[str, float] = {}
        for name, raw in config.items():
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                raise ValueError(f"weight {name} must be a number")
            try:
                values[name] = float(raw)
            except ValueError as exc:
                raise ValueError(f"weight {name} must be a number") from exc
        return cls(**values)

    def get(self, name: str) -> float:
        value: float = getattr(self, name)
        return value


DEFAULT_WEIGHTS = Weights()
