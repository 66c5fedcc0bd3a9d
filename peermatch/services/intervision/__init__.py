"""Group intervision for peer experts: a coordinator schedules, peer experts answer, the
coordinator records who came (which counts in the hours report).

Small modules by use case: ``rules`` (what a valid plan is), ``access`` (who may see what),
``scheduling`` (plan, change, call off), ``responses`` (accept or decline, attendance),
``emails`` (what the outbox sends, with the calendar part), ``queries`` (lists) and
``reminders`` (the day before).
"""

from peermatch.services.intervision.access import (
    for_coordinator,
    for_coordinator_or_none,
    for_participant,
    invitable_peers,
    may_coordinate,
)
from peermatch.services.intervision.emails import intervision_path
from peermatch.services.intervision.queries import (
    attended_between,
    coordinator_list,
    feed_entries,
    mine,
    upcoming_for,
)
from peermatch.services.intervision.reminders import queue_intervision_reminders
from peermatch.services.intervision.responses import (
    check_attendance,
    check_response,
    record_attendance,
    respond,
)
from peermatch.services.intervision.rules import MODES, Plan
from peermatch.services.intervision.scheduling import (
    Changes,
    cancel,
    check,
    check_open,
    organisation_of,
    reschedule,
    schedule,
)

__all__ = [
    "MODES",
    "Changes",
    "Plan",
    "attended_between",
    "cancel",
    "check",
    "check_attendance",
    "check_open",
    "check_response",
    "coordinator_list",
    "feed_entries",
    "for_coordinator",
    "for_coordinator_or_none",
    "for_participant",
    "intervision_path",
    "invitable_peers",
    "may_coordinate",
    "mine",
    "organisation_of",
    "queue_intervision_reminders",
    "record_attendance",
    "reschedule",
    "respond",
    "schedule",
    "upcoming_for",
]
