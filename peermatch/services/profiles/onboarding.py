"""The onboarding steps of a peer expert profile."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from peermatch import dutch_calendar
from peermatch.lifecycles.profiles import Actor, ProfileAction
from peermatch.matching.types import MINOR_AUDIENCES
from peermatch.models import Organisation, PeerExpertProfile, User
from peermatch.models.enums import (
    Audience,
    DomainEntryStatus,
    Gender,
    Mode,
    ProfileStatus,
    TrainingStatus,
)
from peermatch.places import get_place
from peermatch.services import audit
from peermatch.services.errors import Conflict, InvalidInput
from peermatch.services.profiles.access import (
    MAX_PRONOUNS,
    MAX_TEXT,
    MIN_PEER_AGE,
    SESSION_LENGTHS,
    STEP_ABOUT,
    STEP_CAPACITY,
    STEP_CREDENTIALS,
    STEP_EXPERIENCES,
    STEP_MEET,
    STEP_STORY,
    _audit,
    _ensure_editable,
    _reached,
    needs_organisation_choice,
)
from peermatch.services.profiles.status import _transition
from peermatch.vocabulary import LANGUAGES


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
    #: None: no daily maximum besides the weekly one.
    max_sessions_per_day: int | None = None


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
    # Set aside by a coordinator until the VOG is renewed: kept aside, not chosen anew.
    if profile.minors_suspended_at is not None and any(a in MINOR_AUDIENCES for a in audiences):
        raise InvalidInput("vog.error.minors_suspended")
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
    per_day = data.max_sessions_per_day
    if per_day is not None and not 1 <= per_day <= data.max_sessions_per_week:
        # A daily maximum above the weekly one would promise slots the week never gives.
        raise InvalidInput("profile.error.sessions_per_day", min=1, max=data.max_sessions_per_week)
    profile.session_lengths = lengths
    profile.buffer_before_minutes = data.buffer_before_minutes
    profile.buffer_after_minutes = data.buffer_after_minutes
    profile.min_notice_hours = data.min_notice_hours
    profile.horizon_weeks = data.horizon_weeks
    profile.max_sessions_per_week = data.max_sessions_per_week
    profile.max_sessions_per_day = per_day
    profile.max_active_matches = data.max_active_matches
    _reached(profile, STEP_CAPACITY)
    session.flush()
    _audit(session, "profile.step_saved", profile, actor, origin, step=STEP_CAPACITY)
