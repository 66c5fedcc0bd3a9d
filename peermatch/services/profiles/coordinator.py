"""The coordinator side: review, verify and ask for changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from peermatch.dutch_calendar import dutch_date
from peermatch.lifecycles.profiles import Actor, ProfileAction
from peermatch.models import PeerExpertProfile, User
from peermatch.models.enums import DomainEntryStatus, DomainVisibility, ProfileStatus, Role
from peermatch.services import audit, notifications
from peermatch.services.accounts import coordinator_organisation_ids
from peermatch.services.disclosure import needs_vog, vog_valid_until
from peermatch.services.errors import InvalidInput, NotFound
from peermatch.services.outbox import queue_email
from peermatch.services.profiles.access import (
    MAX_TEXT,
    PROFILE_PATH,
    VOG_ATTENTION_DAYS,
    _audit,
    _load_options,
    ensure_coordinator_of,
)
from peermatch.services.profiles.status import _transition
from peermatch.services.vog_state import restore_if_renewed


def profile_for_coordinator(
    session: Session, coordinator: User, profile_id: int
) -> PeerExpertProfile:
    profile = session.scalar(
        select(PeerExpertProfile)
        .where(PeerExpertProfile.id == profile_id)
        .options(*_load_options())
    )
    if profile is None:
        raise NotFound("profile.error.not_found")
    ensure_coordinator_of(coordinator, profile)
    return profile


def review_profile(
    session: Session, coordinator: User, profile_id: int, *, origin: audit.Origin
) -> PeerExpertProfile:
    """Open a profile for review; reading coordinators-only texts is audited."""
    profile = profile_for_coordinator(session, coordinator, profile_id)
    sensitive = [
        e.id
        for e in profile.domains
        if e.visibility is DomainVisibility.COORDINATORS_ONLY
        and e.share_text
        and e.status is not DomainEntryStatus.WITHDRAWN
    ]
    if sensitive:
        _audit(session, "profile.sensitive_viewed", profile, coordinator, origin, entries=sensitive)
    return profile


def verification_queue(session: Session, coordinator: User) -> list[PeerExpertProfile]:
    """Submitted profiles of the coordinator's organisations, who waited longest first."""
    org_ids = coordinator_organisation_ids(coordinator)
    if not org_ids or not coordinator.has_role(Role.COORDINATOR):
        return []
    return list(
        session.scalars(
            select(PeerExpertProfile)
            .where(
                PeerExpertProfile.status == ProfileStatus.SUBMITTED,
                PeerExpertProfile.organisation_id.in_(org_ids),
            )
            .order_by(PeerExpertProfile.submitted_at, PeerExpertProfile.id)
            .options(selectinload(PeerExpertProfile.user))
        )
    )


@dataclass(frozen=True, slots=True)
class VogAttention:
    profile: PeerExpertProfile
    valid_until: dt.date | None  # None: no VOG on file

    def expired_on(self, today: dt.date) -> bool:
        return self.valid_until is None or self.valid_until < today


def vog_attention(
    session: Session, coordinator: User, *, today: dt.date, within_days: int = VOG_ATTENTION_DAYS
) -> list[VogAttention]:
    """Active profiles whose VOG expires within ``within_days`` or has expired (or is missing
    while they meet minors), soonest first."""
    org_ids = coordinator_organisation_ids(coordinator)
    if not org_ids or not coordinator.has_role(Role.COORDINATOR):
        return []
    profiles = session.scalars(
        select(PeerExpertProfile)
        .where(
            PeerExpertProfile.status == ProfileStatus.ACTIVE,
            PeerExpertProfile.organisation_id.in_(org_ids),
        )
        .options(selectinload(PeerExpertProfile.user))
    )
    horizon = today + dt.timedelta(days=within_days)
    rows: list[VogAttention] = []
    for profile in profiles:
        until = vog_valid_until(profile.vog_date)
        if until is None:
            if needs_vog([*profile.audiences, *profile.suspended_audiences]):
                rows.append(VogAttention(profile, None))
        elif until <= horizon:
            rows.append(VogAttention(profile, until))
    return sorted(rows, key=lambda r: (r.valid_until or dt.date.min, r.profile.id))


def waiting_count(session: Session, coordinator: User) -> int:
    return len(verification_queue(session, coordinator))


def verify(
    session: Session,
    profile_id: int,
    *,
    coordinator: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> PeerExpertProfile:
    profile = profile_for_coordinator(session, coordinator, profile_id)
    _transition(
        session,
        profile,
        ProfileAction.VERIFY,
        Actor.COORDINATOR,
        actor=coordinator,
        now=now,
        origin=origin,
    )
    profile.verified_at = now
    profile.verified_by_id = coordinator.id
    profile.review_message = None
    # A renewed VOG, verified, gives back the minors' audiences a coordinator set aside.
    if restore_if_renewed(profile, dutch_date(now)):
        _audit(session, "vog.minors_restored", profile, coordinator, origin)
    session.flush()
    notifications.notify(
        session, profile.user_id, "profile.notice.verified", now=now, link=PROFILE_PATH
    )
    queue_email(session, user=profile.user, kind="profile_verified", now=now, link=PROFILE_PATH)
    return profile


def request_changes(
    session: Session,
    profile_id: int,
    message: str,
    *,
    coordinator: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> PeerExpertProfile:
    profile = profile_for_coordinator(session, coordinator, profile_id)
    text = message.strip()
    if not text:
        raise InvalidInput("profile.error.review_message_required")
    if len(text) > MAX_TEXT:
        raise InvalidInput("profile.error.text_long", max=MAX_TEXT)
    _transition(
        session,
        profile,
        ProfileAction.REQUEST_CHANGES,
        Actor.COORDINATOR,
        actor=coordinator,
        now=now,
        origin=origin,
    )
    profile.review_message = text
    session.flush()
    notifications.notify(
        session, profile.user_id, "profile.notice.changes_requested", now=now, link=PROFILE_PATH
    )
    queue_email(
        session, user=profile.user, kind="profile_changes_requested", now=now, link=PROFILE_PATH
    )
    return profile
