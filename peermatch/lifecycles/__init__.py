"""Pure lifecycle cores of a match proposal and a peer-expert profile.

Same shape as the booking machine (``peermatch.booking.transitions``): one table per
lifecycle saying, per action, from which states, to which state, for whom and under which
guards; and a ``next_state(..., now)`` that only decides. Services load the facts, ask the
core, and persist. Imports neither Flask nor SQLAlchemy, so the rules are testable as a table.
"""

from peermatch.lifecycles.errors import ErrorKind, Refusal
from peermatch.lifecycles.table import Guard, Transition, allowed, decide

__all__ = ["ErrorKind", "Guard", "Refusal", "Transition", "allowed", "decide"]
