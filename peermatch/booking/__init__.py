"""Pure booking core: session states, transitions, policies, overlap and team rules.

Imports neither Flask nor SQLAlchemy and never reads the clock: ``now`` is an argument.
"""

from peermatch.booking.errors import BookingError, BookingTransitionError, OverlapError
from peermatch.booking.overlap import Ledger, LedgerEntry, blocks_overlap
from peermatch.booking.policy import BookingPolicy
from peermatch.booking.states import (
    ACTIVE_STATES,
    TERMINAL_STATES,
    Action,
    Actor,
    SessionState,
    Side,
    side_of,
)
from peermatch.booking.team import (
    Invitation,
    ParticipantResponse,
    TeamOutcome,
    attending_peer_experts,
    invite,
    respond,
    team_outcome,
)
from peermatch.booking.timing import (
    TimeSlot,
    hold_expires_at,
    is_hold_expired,
    is_late_cancellation,
    is_request_expired,
    request_expires_at,
)
from peermatch.booking.trajectory import (
    can_book_another,
    counts_towards_trajectory,
    is_last_session,
    needs_approval,
    sessions_used,
)
from peermatch.booking.transitions import (
    REASON_HOLD_EXPIRED,
    REASON_HOLD_REJECTED,
    REASON_REQUEST_EXPIRED,
    TRANSITIONS,
    Decision,
    SessionFacts,
    Transition,
    next_state,
)

__all__ = [
    "ACTIVE_STATES",
    "REASON_HOLD_EXPIRED",
    "REASON_HOLD_REJECTED",
    "REASON_REQUEST_EXPIRED",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "Action",
    "Actor",
    "BookingError",
    "BookingPolicy",
    "BookingTransitionError",
    "Decision",
    "Invitation",
    "Ledger",
    "LedgerEntry",
    "OverlapError",
    "ParticipantResponse",
    "SessionFacts",
    "SessionState",
    "Side",
    "TeamOutcome",
    "TimeSlot",
    "Transition",
    "attending_peer_experts",
    "blocks_overlap",
    "can_book_another",
    "counts_towards_trajectory",
    "hold_expires_at",
    "invite",
    "is_hold_expired",
    "is_last_session",
    "is_late_cancellation",
    "is_request_expired",
    "needs_approval",
    "next_state",
    "request_expires_at",
    "respond",
    "sessions_used",
    "side_of",
    "team_outcome",
]
