"""Peer-expert profiles: onboarding steps, experience entries, credentials and verification.

Onboarding is saved per step as a draft (``onboarding_step`` is the furthest step reached);
each step checks its own meaning and changes nothing when it says no.

Status changes go through the table in ``peermatch.profiles_states``. Two choices worth
knowing:

- Editing the story or the experience entries of an active profile keeps it active: these
  are the peer expert's own disclosure choices and must take effect at once (withdrawing
  something can never wait for a coordinator).
- Editing credentials (training, VOG date) of an active or paused profile sends it back to
  *submitted*: what a coordinator verified is no longer what is on file, so a coordinator
  of the profile's organisation looks again before the profile is matched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from peermatch import dutch_calendar
from peermatch.models import (
    ExperienceDomain,
    Organisation,
    PeerExpertProfile,
    ProfileDomain,
    User,
)
from peermatch.models.enums import (
    Audience,
    DomainEntryStatus,
    DomainVisibility,
    Gender,
    Mode,
    ProfileStatus,
    Role,
    TrainingStatus,
)
from peermatch.notifications.emails import send_email
from peermatch.places import get_place
from peermatch.profiles_states import Actor, ProfileAction, next_status
from peermatch.services import audit, notifications
from peermatch.services.accounts import coordinator_organisation_ids
from peermatch.services.disclosure import needs_vog, vog_valid_on, vog_valid_until
from peermatch.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from peermatch.vocabulary import LANGUAGES

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


# --- loading and access ------------------------------------------------------------------


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
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


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


# --- onboarding steps --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AboutYou:
    display_name: str
    birth_year: int | None
    pronouns: str | None = None
    gender: Gender | None = None
    organisation_id: int | None = None


@dataclass(frozen=True, slots=True)
class HowYouMeet:
    languages: list[str]
    modes: list[str]
    audiences: list[str]
    place_id: int | None = None
    max_travel_km: int | None = None


@dataclass(frozen=True, slots=True)
class YourStory:
    introduction: str
    what_helped: str | None = None


@dataclass(frozen=True, slots=True)
class Credentials:
    training_status: TrainingStatus
    training_year: int | None = None
    vog_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Capacity:
    session_lengths: list[int]
    buffer_before_minutes: int
    buffer_after_minutes: int
    min_notice_hours: int
    horizon_weeks: int
    max_sessions_per_week: int
    max_active_matches: int


def save_about_you(
    session: Session,
    profile: PeerExpertProfile,
    data: AboutYou,
    *,
    actor: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    _ensure_editable(profile)
    name = data.display_name.strip()
    if not name or len(name) > 80:
        raise InvalidInput("profile.error.name_required")
    if data.birth_year is None:
        raise InvalidInput("profile.error.birth_year_required")
    age = dutch_calendar.age_at(data.birth_year, now)
    if data.birth_year > dutch_calendar.dutch_date(now).year or age > 100:
        raise InvalidInput("account.error.birth_year_invalid")
    if age + 1 < MIN_PEER_AGE:
        raise InvalidInput("account.error.peer_too_young", min=MIN_PEER_AGE)
    pronouns = (data.pronouns or "").strip() or None
    if pronouns is not None and len(pronouns) > MAX_PRONOUNS:
        raise InvalidInput("profile.error.pronouns_long", max=MAX_PRONOUNS)
    organisation_id = profile.organisation_id
    if needs_organisation_choice(profile, actor):
        if data.organisation_id is None:
            raise InvalidInput("profile.error.organisation_required")
        if session.get(Organisation, data.organisation_id) is None:
            raise InvalidInput("profile.error.organisation_unknown")
        if organisation_id != data.organisation_id and profile.status is not ProfileStatus.DRAFT:
            # Changing organisation after submitting would skip the new organisation's review.
            raise Conflict("profile.error.organisation_locked")
        organisation_id = data.organisation_id
    user = profile.user
    user.display_name = name
    user.birth_year = data.birth_year
    user.gender = data.gender
    profile.pronouns = pronouns
    profile.gender = data.gender
    profile.organisation_id = organisation_id
    _reached(profile, STEP_ABOUT)
    session.flush()
    _audit(session, "profile.step_saved", profile, actor, origin, step=STEP_ABOUT)


def save_how_you_meet(
    session: Session,
    profile: PeerExpertProfile,
    data: HowYouMeet,
    *,
    actor: User,
    origin: audit.Origin,
) -> None:
    _ensure_editable(profile)
    languages = [code for code in LANGUAGES if code in set(data.languages)]
    if not languages or len(languages) != len(set(data.languages)):
        raise InvalidInput("profile.error.languages")
    known_modes = [m.value for m in Mode]
    modes = [m for m in known_modes if m in set(data.modes)]
    if not modes or len(modes) != len(set(data.modes)):
        raise InvalidInput("profile.error.modes")
    known_audiences = [a.value for a in Audience]
    audiences = [a for a in known_audiences if a in set(data.audiences)]
    if not audiences or len(audiences) != len(set(data.audiences)):
        raise InvalidInput("profile.error.audiences")
    place = None
    if Mode.IN_PERSON.value in modes:
        place = get_place(data.place_id) if data.place_id is not None else None
        if place is None:
            raise InvalidInput("profile.error.place_required")
        if data.max_travel_km is None or not 1 <= data.max_travel_km <= 300:
            raise InvalidInput("profile.error.travel_km", max=300)
    elif data.place_id is not None:
        place = get_place(data.place_id)
        if place is None:
            raise InvalidInput("profile.error.place_required")
    profile.languages = languages
    profile.modes = modes
    profile.audiences = audiences
    profile.place_id = place.id if place else None
    profile.latitude = place.lat if place else None
    profile.longitude = place.lon if place else None
    profile.max_travel_km = data.max_travel_km if Mode.IN_PERSON.value in modes else None
    _reached(profile, STEP_MEET)
    session.flush()
    _audit(session, "profile.step_saved", profile, actor, origin, step=STEP_MEET)


def save_story(
    session: Session,
    profile: PeerExpertProfile,
    data: YourStory,
    *,
    actor: User,
    origin: audit.Origin,
) -> None:
    _ensure_editable(profile)
    intro = data.introduction.strip()
    if not intro:
        raise InvalidInput("profile.error.introduction_required")
    helped = (data.what_helped or "").strip() or None
    if len(intro) > MAX_TEXT or (helped is not None and len(helped) > MAX_TEXT):
        raise InvalidInput("profile.error.text_long", max=MAX_TEXT)
    profile.introduction = intro
    profile.what_helped = helped
    _reached(profile, STEP_STORY)
    session.flush()
    _audit(session, "profile.step_saved", profile, actor, origin, step=STEP_STORY)


def confirm_experiences(
    session: Session, profile: PeerExpertProfile, *, actor: User, origin: audit.Origin
) -> None:
    """Step 4 has no fields of its own: entries are managed one by one."""
    _ensure_editable(profile)
    if not any(e.status is not DomainEntryStatus.WITHDRAWN for e in profile.domains):
        raise InvalidInput("profile.error.no_experiences")
    _reached(profile, STEP_EXPERIENCES)
    session.flush()


def save_credentials(
    session: Session,
    profile: PeerExpertProfile,
    data: Credentials,
    *,
    actor: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    _ensure_editable(profile)
    year = data.training_year
    if data.training_status is TrainingStatus.NONE:
        year = None
    elif year is None and data.training_status is TrainingStatus.COMPLETED:
        raise InvalidInput("profile.error.training_year_required")
    if year is not None and not now.year - 60 <= year <= now.year + 5:
        raise InvalidInput("profile.error.training_year_invalid")
    if data.training_status is TrainingStatus.COMPLETED and year is not None and year > now.year:
        raise InvalidInput("profile.error.training_year_future")
    if data.vog_date is not None and data.vog_date > dutch_calendar.dutch_date(now):
        raise InvalidInput("profile.error.vog_future")
    changed = (
        profile.training_status is not data.training_status
        or profile.training_year != year
        or profile.vog_date != data.vog_date
    )
    profile.training_status = data.training_status
    profile.training_year = year
    profile.vog_date = data.vog_date
    _reached(profile, STEP_CREDENTIALS)
    session.flush()
    _audit(session, "profile.step_saved", profile, actor, origin, step=STEP_CREDENTIALS)
    if changed and profile.status in (ProfileStatus.ACTIVE, ProfileStatus.PAUSED):
        _transition(
            session,
            profile,
            ProfileAction.CREDENTIALS_CHANGED,
            Actor.PEER_EXPERT,
            actor=actor,
            now=now,
            origin=origin,
        )
        profile.submitted_at = now
        profile.verified_at = None
        profile.verified_by_id = None
        session.flush()


def save_capacity(
    session: Session,
    profile: PeerExpertProfile,
    data: Capacity,
    *,
    actor: User,
    origin: audit.Origin,
) -> None:
    _ensure_editable(profile)
    lengths = sorted(set(data.session_lengths))
    if not lengths or any(n not in SESSION_LENGTHS for n in lengths):
        raise InvalidInput("profile.error.session_lengths")
    bounds = (
        (data.buffer_before_minutes, 0, 120, "profile.error.buffer"),
        (data.buffer_after_minutes, 0, 120, "profile.error.buffer"),
        (data.min_notice_hours, 0, 336, "profile.error.notice"),
        (data.horizon_weeks, 1, 26, "profile.error.horizon"),
        (data.max_sessions_per_week, 1, 20, "profile.error.sessions_per_week"),
        (data.max_active_matches, 1, 20, "profile.error.active_matches"),
    )
    for value, low, high, key in bounds:
        if not low <= value <= high:
            raise InvalidInput(key, min=low, max=high)
    profile.session_lengths = lengths
    profile.buffer_before_minutes = data.buffer_before_minutes
    profile.buffer_after_minutes = data.buffer_after_minutes
    profile.min_notice_hours = data.min_notice_hours
    profile.horizon_weeks = data.horizon_weeks
    profile.max_sessions_per_week = data.max_sessions_per_week
    profile.max_active_matches = data.max_active_matches
    _reached(profile, STEP_CAPACITY)
    session.flush()
    _audit(session, "profile.step_saved", profile, actor, origin, step=STEP_CAPACITY)


# --- experience entries ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DomainEntryInput:
    share_text: str | None
    visibility: DomainVisibility
    audiences: list[str]
    ready_to_share: bool
    domain_id: int | None = None  # only when adding


def _check_entry(
    profile: PeerExpertProfile, data: DomainEntryInput
) -> tuple[str | None, list[str]]:
    text = (data.share_text or "").strip() or None
    if text is not None and len(text) > MAX_TEXT:
        raise InvalidInput("profile.error.text_long", max=MAX_TEXT)
    if not profile.audiences:
        raise InvalidInput("profile.error.audiences_first")
    wanted = set(data.audiences)
    if not wanted:
        raise InvalidInput("profile.error.entry_audiences")
    if not wanted <= set(profile.audiences):
        raise InvalidInput("profile.error.entry_audiences_outside")
    return text, [a for a in profile.audiences if a in wanted]


def own_entry(session: Session, profile: PeerExpertProfile, entry_id: int) -> ProfileDomain:
    entry = session.get(ProfileDomain, entry_id)
    if entry is None or entry.profile_id != profile.id:
        raise NotFound("profile.error.entry_not_found")
    return entry


def add_entry(
    session: Session,
    profile: PeerExpertProfile,
    data: DomainEntryInput,
    *,
    actor: User,
    origin: audit.Origin,
) -> ProfileDomain:
    _ensure_editable(profile)
    domain = session.get(ExperienceDomain, data.domain_id) if data.domain_id else None
    if domain is None or not domain.is_active:
        raise InvalidInput("profile.error.domain_unknown")
    text, audiences = _check_entry(profile, data)
    entry = next((e for e in profile.domains if e.domain_id == domain.id), None)
    if entry is not None and entry.status is not DomainEntryStatus.WITHDRAWN:
        raise Conflict("profile.error.domain_exists")
    if entry is None:
        entry = ProfileDomain(domain_id=domain.id, domain=domain)
        profile.domains.append(entry)
    entry.share_text = text
    entry.visibility = data.visibility
    entry.audiences = audiences
    entry.ready_to_share = data.ready_to_share
    entry.status = DomainEntryStatus.ACTIVE
    session.flush()
    _audit(session, "profile.domain_added", profile, actor, origin, domain_id=domain.id)
    return entry


def update_entry(
    session: Session,
    entry: ProfileDomain,
    data: DomainEntryInput,
    *,
    actor: User,
    origin: audit.Origin,
) -> None:
    profile = entry.profile
    _ensure_editable(profile)
    if entry.status is DomainEntryStatus.WITHDRAWN:
        raise Conflict("profile.error.entry_withdrawn")
    text, audiences = _check_entry(profile, data)
    entry.share_text = text
    entry.visibility = data.visibility
    entry.audiences = audiences
    entry.ready_to_share = data.ready_to_share
    session.flush()
    _audit(session, "profile.domain_updated", profile, actor, origin, entry_id=entry.id)


_ENTRY_MOVES: dict[str, tuple[frozenset[DomainEntryStatus], DomainEntryStatus]] = {
    "pause": (frozenset({DomainEntryStatus.ACTIVE}), DomainEntryStatus.PAUSED),
    "resume": (frozenset({DomainEntryStatus.PAUSED}), DomainEntryStatus.ACTIVE),
    "withdraw": (
        frozenset({DomainEntryStatus.ACTIVE, DomainEntryStatus.PAUSED}),
        DomainEntryStatus.WITHDRAWN,
    ),
}


def change_entry_status(
    session: Session, entry: ProfileDomain, move: str, *, actor: User, origin: audit.Origin
) -> None:
    """Pause, resume or withdraw an entry. Withdrawing deletes the peer expert's words."""
    profile = entry.profile
    _ensure_editable(profile)
    allowed_from, to = _ENTRY_MOVES[move]
    if entry.status not in allowed_from:
        raise Conflict(f"profile.error.entry_cannot_{move}")
    entry.status = to
    if to is DomainEntryStatus.WITHDRAWN:
        entry.share_text = None
        entry.ready_to_share = False
    session.flush()
    done = {"pause": "paused", "resume": "resumed", "withdraw": "withdrawn"}[move]
    _audit(session, f"profile.domain_{done}", profile, actor, origin, entry_id=entry.id)


# --- status machine ----------------------------------------------------------------------


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
    **details: object,
) -> ProfileStatus:
    target = next_status(profile.status, action, actor_kind)
    if target is None:
        raise Conflict("profile.error.transition", action=action.value, status=profile.status.value)
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
    if next_status(profile.status, ProfileAction.SUBMIT, Actor.PEER_EXPERT) is None:
        raise Conflict("profile.error.transition", action="submit", status=profile.status.value)
    missing = missing_for_submit(profile, today=dutch_calendar.dutch_date(now))
    if missing:
        raise InvalidInput("profile.error.incomplete", missing=", ".join(missing))
    _transition(
        session,
        profile,
        ProfileAction.SUBMIT,
        Actor.PEER_EXPERT,
        actor=actor,
        now=now,
        origin=origin,
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


# --- coordinator side --------------------------------------------------------------------


def ensure_coordinator_of(coordinator: User, profile: PeerExpertProfile) -> None:
    """Only coordinators of the profile's own organisation; others learn nothing (404)."""
    if (
        not coordinator.has_role(Role.COORDINATOR)
        or profile.organisation_id is None
        or profile.organisation_id not in coordinator_organisation_ids(coordinator)
    ):
        raise NotFound("profile.error.not_found")


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
            if needs_vog(profile.audiences):
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
    session.flush()
    notifications.notify(
        session, profile.user_id, "profile.notice.verified", now=now, link=PROFILE_PATH
    )
    send_email(session, user=profile.user, kind="profile_verified", now=now, link=PROFILE_PATH)
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
    send_email(
        session, user=profile.user, kind="profile_changes_requested", now=now, link=PROFILE_PATH
    )
    return profile
