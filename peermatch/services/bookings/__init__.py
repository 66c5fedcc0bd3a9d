"""Booking sessions: every transition of a session in one function each.

Legality (who may do what, from which state, when) is decided by the pure state machine in
``peermatch.booking``; this module loads the facts, asks the machine, and persists the
decision with a ``BookingEvent`` for the history. Overlaps are refused twice: a cheap check
here, and the database itself (an exclusion constraint on PostgreSQL; on SQLite the write
starts with ``lock_for_write`` so the check and the insert are atomic). A lost race becomes
``SlotTaken`` with the next free times, never an error page.
"""

from peermatch.services.bookings.context import (
    ACTIVE_STATUSES,
    NEXT_FREE_SHOWN,
    PICK_WEEKS,
    Match,
    Seat,
    actor_for,
    coordinates,
    policy_for,
)
from peermatch.services.bookings.meeting import (
    MEETING_DETAILS_MAX,
    may_edit_meeting_details,
    update_meeting_details,
)
from peermatch.services.bookings.pick import book_slot
from peermatch.services.bookings.propose import accept_time, counter_propose, propose_times
from peermatch.services.bookings.queries import (
    ROOM_OPENS_BEFORE,
    MatchOutline,
    Person,
    SessionView,
    bookable_matches,
    booking_context,
    first_name,
    held_for_approval,
    next_session,
    organisation_sessions,
    peer_experts_to_resolve,
    sessions_for,
    trajectories_for,
    upcoming_sessions_for_coordinator,
    view_session,
    who_and_how,
)
from peermatch.services.bookings.rescheduling import cancel, complete, mark_no_show, reschedule
from peermatch.services.bookings.slots import slots_for_booking, slots_for_match
from peermatch.services.bookings.team import (
    approve_hold,
    decline_team_session,
    expire_holds,
    reject_hold,
)
from peermatch.services.bookings.trajectories import (
    Trajectory,
    close_trajectory,
    extend_trajectory,
    trajectory_of,
)

__all__ = [
    "ACTIVE_STATUSES",
    "MEETING_DETAILS_MAX",
    "NEXT_FREE_SHOWN",
    "PICK_WEEKS",
    "ROOM_OPENS_BEFORE",
    "Match",
    "MatchOutline",
    "Person",
    "Seat",
    "SessionView",
    "Trajectory",
    "accept_time",
    "actor_for",
    "approve_hold",
    "book_slot",
    "bookable_matches",
    "booking_context",
    "cancel",
    "close_trajectory",
    "complete",
    "coordinates",
    "counter_propose",
    "decline_team_session",
    "expire_holds",
    "extend_trajectory",
    "first_name",
    "held_for_approval",
    "mark_no_show",
    "may_edit_meeting_details",
    "next_session",
    "organisation_sessions",
    "peer_experts_to_resolve",
    "policy_for",
    "propose_times",
    "reject_hold",
    "reschedule",
    "sessions_for",
    "slots_for_booking",
    "slots_for_match",
    "trajectories_for",
    "trajectory_of",
    "upcoming_sessions_for_coordinator",
    "update_meeting_details",
    "view_session",
    "who_and_how",
]
