"""Who may see which intervision: coordinators of its organisation, and the invited.

Everyone else gets the same ``NotFound`` as for a meeting that does not exist, so an id
says nothing about another organisation.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from peermatch.models import Intervision, IntervisionParticipant, PeerExpertProfile, User
from peermatch.models.enums import ProfileStatus
from peermatch.services.accounts import coordinates_any
from peermatch.services.errors import NotFound

#: verified profiles: active, or paused for a break (intervision is also for a break)
INVITABLE = (ProfileStatus.ACTIVE, ProfileStatus.PAUSED)


def coordinated_organisation(coordinator: User, organisation_id: int) -> int:
    if not coordinates_any(coordinator, [organisation_id]):
        raise NotFound("intervision.error.not_found")
    return organisation_id


def invitable_peers(session: Session, organisation_ids: Collection[int]) -> list[User]:
    """Peer experts a coordinator may invite: verified profiles of these organisations
    whose accounts are active, by name (one statement)."""
    if not organisation_ids:
        return []
    return list(
        session.scalars(
            select(User)
            .join(PeerExpertProfile, PeerExpertProfile.user_id == User.id)
            .where(
                PeerExpertProfile.organisation_id.in_(organisation_ids),
                PeerExpertProfile.status.in_(INVITABLE),
                User.is_active.is_(True),
                User.erased_at.is_(None),
            )
            .order_by(User.display_name, User.id)
        )
    )


def _load(session: Session, intervision_id: int) -> Intervision | None:
    return session.scalars(
        select(Intervision)
        .where(Intervision.id == intervision_id)
        .options(
            selectinload(Intervision.participants).selectinload(IntervisionParticipant.user),
            selectinload(Intervision.organisation),
        )
    ).first()


def for_coordinator(session: Session, coordinator: User, intervision_id: int) -> Intervision:
    intervision = _load(session, intervision_id)
    if intervision is None or not coordinates_any(coordinator, [intervision.organisation_id]):
        raise NotFound("intervision.error.not_found")
    return intervision


def for_coordinator_or_none(
    session: Session, user: User, intervision_id: int
) -> Intervision | None:
    """The meeting when ``user`` coordinates its organisation, else None (the page then
    tries the invited peer expert's view)."""
    intervision = _load(session, intervision_id)
    if intervision is None or not coordinates_any(user, [intervision.organisation_id]):
        return None
    return intervision


def for_participant(
    session: Session, user: User, intervision_id: int
) -> tuple[Intervision, IntervisionParticipant]:
    intervision = _load(session, intervision_id)
    if intervision is not None:
        for participant in intervision.participants:
            if participant.user_id == user.id:
                return intervision, participant
    raise NotFound("intervision.error.not_found")


def may_coordinate(user: User, intervision: Intervision) -> bool:
    return coordinates_any(user, [intervision.organisation_id])
