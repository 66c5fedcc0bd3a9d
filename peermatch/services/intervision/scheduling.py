"""A coordinator plans, changes and calls off an intervision meeting.

Every change is audited, and everyone it concerns hears about it in the same transaction:
an in-app notice and an email with the calendar update (``emails``). A move or a new place
raises the SEQUENCE, so calendars update the one entry they hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from peermatch.models import Intervision, IntervisionParticipant, Organisation, User
from peermatch.services import audit, notifications
from peermatch.services.errors import Conflict, InvalidInput, NotFound
from peermatch.services.intervision import access, emails
from peermatch.services.intervision.rules import Plan, check_plan
from peermatch.services.organisation_settings import new_room_url


def _audit(
    session: Session,
    action: str,
    intervision: Intervision,
    actor: User,
    origin: audit.Origin,
    now: dt.datetime,
    **details: object,
) -> None:
    audit.record(
        session,
        action,
        actor_id=actor.id,
        origin=origin,
        subject_type="intervision",
        subject_id=intervision.id,
        details=dict(details),
        at=now,
    )


def _tell(
    session: Session,
    intervision: Intervision,
    user: User,
    change: emails.Change,
    *,
    now: dt.datetime,
) -> None:
    emails.queue_change(session, intervision, user, change, now=now)
    notifications.notify(
        session,
        user.id,
        f"intervision.notice.{change}",
        now=now,
        link=emails.intervision_path(intervision.id),
    )


def _invitees(session: Session, organisation_id: int, wanted: Sequence[int]) -> list[User]:
    allowed = {u.id: u for u in access.invitable_peers(session, [organisation_id])}
    missing = [uid for uid in wanted if uid not in allowed]
    if missing:
        raise InvalidInput("intervision.error.not_invitable")
    return [allowed[uid] for uid in wanted]


def _video_room(session: Session, intervision: Intervision) -> None:
    """A room under the organisation's video service for a video meeting, kept while the
    meeting stays a video meeting; gone when it becomes phone or in person."""
    if intervision.mode != "video":
        intervision.video_room_url = None
        return
    if intervision.video_room_url:
        return
    organisation = session.get(Organisation, intervision.organisation_id)
    if organisation is not None and organisation.video_base_url:
        intervision.video_room_url = new_room_url(organisation.video_base_url)


def check(
    session: Session,
    coordinator: User,
    organisation_id: int,
    plan: Plan,
    *,
    now: dt.datetime,
    intervision_id: int | None = None,
) -> Plan:
    """The same checks as ``schedule`` (or ``reschedule`` with an id), changing nothing: the
    confirm step shows only plans that will be accepted."""
    if intervision_id is not None:
        intervision = access.for_coordinator(session, coordinator, intervision_id)
        _open_for_change(intervision, now)
        organisation_id = intervision.organisation_id
    access.coordinated_organisation(coordinator, organisation_id)
    plan = check_plan(plan, now=now)
    _invitees(session, organisation_id, plan.peer_user_ids)
    return plan


def schedule(
    session: Session,
    coordinator: User,
    organisation_id: int,
    plan: Plan,
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> Intervision:
    """Plan a meeting for peer experts of the coordinator's own organisation; each invited
    peer expert gets an invitation for their calendar."""
    access.coordinated_organisation(coordinator, organisation_id)
    plan = check_plan(plan, now=now)
    people = _invitees(session, organisation_id, plan.peer_user_ids)
    intervision = Intervision(
        organisation_id=organisation_id,
        title=plan.title,
        topic=plan.topic,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        mode=plan.mode,
        place=plan.place,
        capacity=plan.capacity,
        created_by_id=coordinator.id,
        created_at=now,
        updated_at=now,
        sequence=0,
    )
    session.add(intervision)
    _video_room(session, intervision)
    session.flush()
    for person in people:
        session.add(
            IntervisionParticipant(
                intervision_id=intervision.id, user_id=person.id, invited_at=now, response="pending"
            )
        )
    session.flush()
    _audit(
        session, "intervision.scheduled", intervision, coordinator, origin, now, invited=len(people)
    )
    for person in people:
        _tell(session, intervision, person, "invited", now=now)
    return intervision


@dataclass(frozen=True, slots=True)
class Changes:
    moved: bool
    added: int
    removed: int

    @property
    def any(self) -> bool:
        return self.moved or bool(self.added) or bool(self.removed)


def _open_for_change(intervision: Intervision, now: dt.datetime) -> None:
    if intervision.cancelled_at is not None:
        raise Conflict("intervision.error.cancelled")
    if intervision.starts_at <= now:
        raise Conflict("intervision.error.started")


def reschedule(
    session: Session,
    coordinator: User,
    intervision_id: int,
    plan: Plan,
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> tuple[Intervision, Changes]:
    """Change the time, the place, the words or who is invited.

    A new time, way of meeting or place raises the SEQUENCE and sends everyone who has not
    declined the updated invitation; newly invited people get an invitation, and those no
    longer invited a cancellation for their calendar. Nothing changes on a refusal.
    """
    intervision = access.for_coordinator(session, coordinator, intervision_id)
    _open_for_change(intervision, now)
    plan = check_plan(plan, now=now)
    people = _invitees(session, intervision.organisation_id, plan.peer_user_ids)
    moved = (
        intervision.starts_at != plan.starts_at
        or intervision.ends_at != plan.ends_at
        or intervision.mode != plan.mode
        or (intervision.place or None) != plan.place
    )
    wanted = {p.id for p in people}
    staying = [p for p in intervision.participants if p.user_id in wanted]
    leaving = [p for p in intervision.participants if p.user_id not in wanted]
    known = {p.user_id for p in intervision.participants}
    joining = [p for p in people if p.id not in known]
    intervision.title = plan.title
    intervision.topic = plan.topic
    intervision.capacity = plan.capacity
    if moved:
        intervision.starts_at, intervision.ends_at = plan.starts_at, plan.ends_at
        intervision.mode, intervision.place = plan.mode, plan.place
        intervision.sequence += 1
        _video_room(session, intervision)
    intervision.updated_at = now
    leaving_users = [p.user for p in leaving]
    for participant in leaving:
        intervision.participants.remove(participant)
    for person in joining:
        intervision.participants.append(
            IntervisionParticipant(user_id=person.id, invited_at=now, response="pending")
        )
    session.flush()
    changes = Changes(moved, len(joining), len(leaving))
    _audit(
        session,
        "intervision.changed",
        intervision,
        coordinator,
        origin,
        now,
        moved=moved,
        added=len(joining),
        removed=len(leaving),
    )
    if moved:
        for participant in staying:
            if participant.response != "declined":
                _tell(session, intervision, participant.user, "moved", now=now)
    for person in joining:
        _tell(session, intervision, person, "invited", now=now)
    for user in leaving_users:
        _tell(session, intervision, user, "uninvited", now=now)
    return intervision, changes


def check_open(
    session: Session, coordinator: User, intervision_id: int, *, now: dt.datetime
) -> Intervision:
    """The meeting, when it may still be changed or called off (changes nothing)."""
    intervision = access.for_coordinator(session, coordinator, intervision_id)
    _open_for_change(intervision, now)
    return intervision


def cancel(
    session: Session,
    coordinator: User,
    intervision_id: int,
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> Intervision:
    """Call the meeting off: everyone invited is told, and calendars drop the entry."""
    intervision = check_open(session, coordinator, intervision_id, now=now)
    intervision.cancelled_at = now
    intervision.cancelled_by_id = coordinator.id
    intervision.sequence += 1
    intervision.updated_at = now
    session.flush()
    _audit(session, "intervision.cancelled", intervision, coordinator, origin, now)
    for participant in intervision.participants:
        _tell(session, intervision, participant.user, "cancelled", now=now)
    return intervision


def organisation_of(session: Session, coordinator: User, organisation_id: int) -> Organisation:
    access.coordinated_organisation(coordinator, organisation_id)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("intervision.error.not_found")
    return organisation
