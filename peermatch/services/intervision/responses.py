"""The peer expert's answer to an invitation, and the coordinator's record of who came.

Attendance counts in the hours report (intervision attended), so only a coordinator of the
organisation records it, and only once the meeting has begun.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy.orm import Session

from peermatch.models import Intervision, IntervisionParticipant, User
from peermatch.services import audit
from peermatch.services.errors import Conflict, InvalidInput
from peermatch.services.intervision import access
from peermatch.services.intervision.rules import RESPONSES


def check_response(
    session: Session, user: User, intervision_id: int, response: str, *, now: dt.datetime
) -> tuple[Intervision, IntervisionParticipant]:
    """The meeting and the invitation, when this answer may be given now (changes nothing)."""
    intervision, participant = access.for_participant(session, user, intervision_id)
    if response not in RESPONSES:
        raise InvalidInput("intervision.error.response")
    if intervision.cancelled_at is not None:
        raise Conflict("intervision.error.cancelled")
    if intervision.starts_at <= now:
        raise Conflict("intervision.error.started")
    return intervision, participant


def respond(
    session: Session,
    user: User,
    intervision_id: int,
    response: str,
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> tuple[Intervision, IntervisionParticipant]:
    """Accept or decline; changing one's mind is fine until the meeting begins."""
    intervision, participant = check_response(session, user, intervision_id, response, now=now)
    if participant.response != response:
        participant.response = response
        participant.responded_at = now
        session.flush()
        audit.record(
            session,
            "intervision.responded",
            actor_id=user.id,
            origin=origin,
            subject_type="intervision",
            subject_id=intervision.id,
            details={"response": response},
            at=now,
        )
    return intervision, participant


def check_attendance(
    session: Session, coordinator: User, intervision_id: int, *, now: dt.datetime
) -> Intervision:
    """The meeting, when its attendance may be recorded now (changes nothing)."""
    intervision = access.for_coordinator(session, coordinator, intervision_id)
    if intervision.cancelled_at is not None:
        raise Conflict("intervision.error.cancelled")
    if intervision.starts_at > now:
        raise Conflict("intervision.error.not_started")
    return intervision


def record_attendance(
    session: Session,
    coordinator: User,
    intervision_id: int,
    attended: Mapping[int, bool | None],
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> tuple[Intervision, int]:
    """Record per invited peer expert (by user id) whether they came: True, False or None
    (not known). People not named keep their record; returns how many records changed."""
    intervision = check_attendance(session, coordinator, intervision_id, now=now)
    by_user = {p.user_id: p for p in intervision.participants}
    if any(user_id not in by_user for user_id in attended):
        raise InvalidInput("intervision.error.not_invited")
    changed = 0
    for user_id, value in attended.items():
        participant = by_user[user_id]
        if participant.attended is value:
            continue
        participant.attended = value
        participant.attendance_recorded_at = now
        participant.attendance_recorded_by_id = coordinator.id
        changed += 1
    session.flush()
    if changed:
        audit.record(
            session,
            "intervision.attendance_recorded",
            actor_id=coordinator.id,
            origin=origin,
            subject_type="intervision",
            subject_id=intervision.id,
            details={
                "attended": sum(1 for p in intervision.participants if p.attended is True),
                "absent": sum(1 for p in intervision.participants if p.attended is False),
            },
            at=now,
        )
    return intervision, changed
