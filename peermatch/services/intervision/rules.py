"""What a valid intervision plan is: shape and timing rules, checked before anything changes.

Kept apart from the database work so the scheduling and rescheduling use cases share one
set of rules, and every refusal carries a translation key (no half-made meeting).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peermatch.services.errors import InvalidInput

MODES: tuple[str, ...] = ("video", "phone", "in_person")
TITLE_MAX = 120
TOPIC_MAX = 1000
PLACE_MAX = 200
MIN_MINUTES = 15
MAX_MINUTES = 8 * 60
#: a meeting is planned at most this far ahead (bounded dates, like the bookings)
MAX_AHEAD = dt.timedelta(days=366)
MAX_INVITEES = 50
CAPACITY_RANGE = (2, 100)
RESPONSES = ("accepted", "declined")


@dataclass(frozen=True, slots=True)
class Plan:
    """A meeting as the coordinator describes it (times in UTC)."""

    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: str
    peer_user_ids: tuple[int, ...]
    topic: str | None = None
    place: str | None = None
    capacity: int | None = None

    def cleaned(self) -> Plan:
        return Plan(
            title=self.title.strip(),
            starts_at=self.starts_at.astimezone(dt.UTC),
            ends_at=self.ends_at.astimezone(dt.UTC),
            mode=self.mode,
            peer_user_ids=tuple(sorted(set(self.peer_user_ids))),
            topic=(self.topic or "").strip() or None,
            place=(self.place or "").strip() or None,
            capacity=self.capacity,
        )


def check_plan(plan: Plan, *, now: dt.datetime) -> Plan:
    """The plan, cleaned, or an ``InvalidInput`` naming the first problem."""
    if plan.starts_at.tzinfo is None or plan.ends_at.tzinfo is None:
        raise ValueError("intervision times must be timezone-aware")
    plan = plan.cleaned()
    if not plan.title:
        raise InvalidInput("intervision.error.title_missing")
    if len(plan.title) > TITLE_MAX:
        raise InvalidInput("intervision.error.title_too_long", max=TITLE_MAX)
    if plan.topic is not None and len(plan.topic) > TOPIC_MAX:
        raise InvalidInput("intervision.error.topic_too_long", max=TOPIC_MAX)
    if plan.mode not in MODES:
        raise InvalidInput("intervision.error.mode")
    if plan.place is not None and len(plan.place) > PLACE_MAX:
        raise InvalidInput("intervision.error.place_too_long", max=PLACE_MAX)
    if plan.mode == "in_person" and not plan.place:
        raise InvalidInput("intervision.error.place_missing")
    if plan.starts_at <= now:
        raise InvalidInput("intervision.error.in_the_past")
    if plan.starts_at > now + MAX_AHEAD:
        raise InvalidInput("intervision.error.too_far_ahead")
    minutes = (plan.ends_at - plan.starts_at).total_seconds() / 60
    if minutes < MIN_MINUTES or minutes > MAX_MINUTES:
        raise InvalidInput("intervision.error.length", min=MIN_MINUTES, max=MAX_MINUTES // 60)
    if plan.capacity is not None and not (CAPACITY_RANGE[0] <= plan.capacity <= CAPACITY_RANGE[1]):
        raise InvalidInput(
            "intervision.error.capacity", low=CAPACITY_RANGE[0], high=CAPACITY_RANGE[1]
        )
    if not plan.peer_user_ids:
        raise InvalidInput("intervision.error.nobody_invited")
    limit = min(MAX_INVITEES, plan.capacity or MAX_INVITEES)
    if len(plan.peer_user_ids) > limit:
        raise InvalidInput("intervision.error.too_many", max=limit)
    return plan
