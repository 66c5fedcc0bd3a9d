"""The profile's status machine as seen by the peer expert: submit, pause, resume, retire."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch import dutch_calendar
from peermatch.lifecycles import Refusal
from peermatch.lifecycles.profiles import Actor, ProfileAction, ProfileFacts, next_state
from peermatch.models import PeerExpertProfile, User
from peermatch.models.enums import DomainEntryStatus, Mode, ProfileStatus
from peermatch.services import accounts, audit, notifications
from peermatch.services.disclosure import needs_vog, vog_valid_on
from peermatch.services.errors import Forbidden, from_refusal
from peermatch.services.profiles.access import (
    ONBOARDING_DONE,
    PROFILE_PATH,
    STEP_CAPACITY,
    STEP_CREDENTIALS,
    _audit,
    ensure_coordinator_of,
)


def missing_for_submit(profile: PeerExpertProfile, *, today: dt.date) -> list[str]:
    """Message keys of what still needs doing before a coordinator can verify."""
    missing: list[str] = []
    user = profile.user
    if not user.display_name or user.birth_year is None or profile.organisation_id is None:
        missing.append("profile.missing.about")
    needs_place = Mode.IN_PERSON.value in profile.modes and profile.place_id is None
    if not profile.languages or not profile.modes or not profile.audiences or needs_place:
        missing.append("profile.missing.meet")
    if not profile.introduction:
        missing.append("profile.missing.story")
    if not any(e.status is DomainEntryStatus.ACTIVE and e.ready_to_share for e in profile.domains):
        missing.append("profile.missing.experiences")
    if profile.onboarding_step <= STEP_CREDENTIALS:
        missing.append("profile.missing.credentials")
    elif needs_vog(profile.audiences) and not vog_valid_on(profile, today):
        missing.append("profile.missing.vog")
    if profile.onboarding_step <= STEP_CAPACITY:
        missing.append("profile.missing.capacity")
    return missing


def _transition(
    session: Session,
    profile: PeerExpertProfile,
    action: ProfileAction,
    actor_kind: Actor,
    *,
    actor: User,
    now: dt.datetime,
    origin: audit.Origin,
    facts: ProfileFacts | None = None,
    **details: object,
) -> ProfileStatus:
    """Ask the lifecycle core, then persist its answer with an audit event."""
    try:
        target = next_state(profile.status, action, actor_kind, now=now, facts=facts)
    except Refusal as err:
        raise from_refusal(err) from err
    before = profile.status
    profile.status = target
    session.flush()
    _audit(
        session,
        f"profile.{action.value}",
        profile,
        actor,
        origin,
        **{"from": before.value, "to": target.value, **details},
    )
    return target


def submit(
    session: Session,
    profile: PeerExpertProfile,
    *,
    actor: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    if profile.user_id != actor.id:
        raise Forbidden("profile.error.not_yours")
    accounts.ensure_verified(actor)
    _transition(
        session,
        profile,
        ProfileAction.SUBMIT,
        Actor.PEER_EXPERT,
        actor=actor,
        now=now,
        origin=origin,
        facts=ProfileFacts(
            missing=tuple(missing_for_submit(profile, today=dutch_calendar.dutch_date(now)))
        ),
    )
    profile.submitted_at = now
    profile.onboarding_step = max(profile.onboarding_step, ONBOARDING_DONE)
    session.flush()


def pause(
    session: Session,
    profile: PeerExpertProfile,
    *,
    actor: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    if profile.user_id != actor.id:
        raise Forbidden("profile.error.not_yours")
    _transition(
        session,
        profile,
        ProfileAction.PAUSE,
        Actor.PEER_EXPERT,
        actor=actor,
        now=now,
        origin=origin,
    )


def resume(
    session: Session,
    profile: PeerExpertProfile,
    *,
    actor: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    if profile.user_id != actor.id:
        raise Forbidden("profile.error.not_yours")
    _transition(
        session,
        profile,
        ProfileAction.RESUME,
        Actor.PEER_EXPERT,
        actor=actor,
        now=now,
        origin=origin,
    )


def retire(
    session: Session,
    profile: PeerExpertProfile,
    *,
    actor: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    """Final: by the peer expert themselves or a coordinator of the profile's organisation."""
    if profile.user_id == actor.id:
        kind = Actor.PEER_EXPERT
    else:
        ensure_coordinator_of(actor, profile)
        kind = Actor.COORDINATOR
    _transition(session, profile, ProfileAction.RETIRE, kind, actor=actor, now=now, origin=origin)
    if kind is Actor.COORDINATOR:
        notifications.notify(
            session, profile.user_id, "profile.notice.retired", now=now, link=PROFILE_PATH
        )
