"""Old home of the profile status machine; it lives in ``peermatch.lifecycles.profiles`` now."""

from peermatch.lifecycles.profiles import (
    TRANSITIONS,
    Actor,
    ProfileAction,
    ProfileFacts,
    allowed_actions,
    next_state,
    next_status,
)

__all__ = [
    "TRANSITIONS",
    "Actor",
    "ProfileAction",
    "ProfileFacts",
    "allowed_actions",
    "next_state",
    "next_status",
]
