"""Loading a peer expert's own profile and the rules for editing it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from peermatch.models import Organisation, PeerExpertProfile, ProfileDomain, User
from peermatch.models.enums import ProfileStatus, Role
from peermatch.services import audit
from peermatch.services.accounts import coordinator_organisation_ids
from peermatch.services.errors import Conflict, Forbidden, NotFound

STEP_COUNT = 6
STEP_ABOUT, STEP_MEET, STEP_STORY, STEP_EXPERIENCES, STEP_CREDENTIALS, STEP_CAPACITY = range(1, 7)
ONBOARDING_DONE = STEP_COUNT + 1

#: Languages offered in onboarding: common in the Netherlands (ISO 639 codes).
SESSION_LENGTHS = (30, 45, 60, 90)
MAX_TEXT = 2000
MAX_PRONOUNS = 40
MIN_PEER_AGE = 16
PROFILE_PATH = "/profile"
VOG_ATTENTION_DAYS = 60

EDITABLE = frozenset(
    {
        ProfileStatus.DRAFT,
        ProfileStatus.SUBMITTED,
        ProfileStatus.CHANGES_REQUESTED,
        ProfileStatus.ACTIVE,
        ProfileStatus.PAUSED,
    }
)


def _load_options() -> tuple[ExecutableOption, ...]:
    return (
        selectinload(PeerExpertProfile.domains).selectinload(ProfileDomain.domain),
        selectinload(PeerExpertProfile.user),
        selectinload(PeerExpertProfile.organisation),
    )


def find_own_profile(session: Session, user: User) -> PeerExpertProfile | None:
    return session.scalar(
        select(PeerExpertProfile)
        .where(PeerExpertProfile.user_id == user.id)
        .options(*_load_options())
    )


def own_profile(session: Session, user: User) -> PeerExpertProfile:
    if not user.has_role(Role.PEER_EXPERT):
        raise Forbidden("profile.error.not_peer_expert")
    profile = find_own_profile(session, user)
    if profile is None:
        raise NotFound("profile.error.not_found")
    return profile


def open_onboarding(
    session: Session, user: User, *, now: dt.datetime, origin: audit.Origin
) -> PeerExpertProfile:
    """The peer expert's profile, created as a draft the first time they open onboarding."""
    if not user.has_role(Role.PEER_EXPERT):
        raise Forbidden("profile.error.not_peer_expert")
    profile = find_own_profile(session, user)
    if profile is not None:
        return profile
    orgs = [m.organisation_id for m in user.memberships]
    profile = PeerExpertProfile(
        user_id=user.id,
        organisation_id=orgs[0] if len(orgs) == 1 else None,
        status=ProfileStatus.DRAFT,
        onboarding_step=1,
        gender=user.gender,
        languages=["nl"],
    )
    session.add(profile)
    session.flush()
    audit.record(
        session,
        "profile.created",
        actor_id=user.id,
        origin=origin,
        subject_type="profile",
        subject_id=profile.id,
    )
    session.refresh(profile)
    return profile


def needs_organisation_choice(profile: PeerExpertProfile, user: User) -> bool:
    """Only people without exactly one membership choose their organisation themselves."""
    return len(user.memberships) != 1


def organisations(session: Session) -> list[Organisation]:
    """The organisations a peer expert can choose: deactivated ones take nobody new."""
    return list(
        session.scalars(
            select(Organisation)
            .where(Organisation.deactivated_at.is_(None))
            .order_by(Organisation.name)
        )
    )


def _ensure_editable(profile: PeerExpertProfile) -> None:
    if profile.status not in EDITABLE:
        raise Conflict("profile.error.retired")


def _reached(profile: PeerExpertProfile, step: int) -> None:
    profile.onboarding_step = max(profile.onboarding_step, step + 1)


def _audit(
    session: Session,
    action: str,
    profile: PeerExpertProfile,
    actor: User,
    origin: audit.Origin,
    **details: object,
) -> None:
    audit.record(
        session,
        action,
        actor_id=actor.id,
        origin=origin,
        subject_type="profile",
        subject_id=profile.id,
        details=dict(details),
    )


def ensure_coordinator_of(coordinator: User, profile: PeerExpertProfile) -> None:
    """Only coordinators of the profile's own organisation; others learn nothing (404)."""
    if (
        not coordinator.has_role(Role.COORDINATOR)
        or profile.organisation_id is None
        or profile.organisation_id not in coordinator_organisation_ids(coordinator)
    ):
        raise NotFound("profile.error.not_found")
