"""An organisation's booking settings. Defaults follow what coordinators asked for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BookingPolicy:
    first_session_needs_approval: bool = True
    # A reschedule under this flag always goes back to ``held``: no actor can bypass it,
    # a coordinator included (the approval is then a separate, audited step).
    reschedule_needs_approval: bool = False
    hold_hours: int = 48
    min_notice_hours: int = 24
    trajectory_max_sessions: int = 5
    # Stale requests are a known failure of booking tools: an unanswered proposal lapses
    # after this long, or earlier once every proposed time has started.
    request_expiry_hours: int = 72
    max_proposed_times: int = 3

    def __post_init__(self) -> None:
        for name in ("hold_hours", "trajectory_max_sessions", "request_expiry_hours"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.min_notice_hours < 0:
            raise ValueError("min_notice_hours must not be negative")
        if self.max_proposed_times < 1:
            raise ValueError("max_proposed_times must be at least 1")
