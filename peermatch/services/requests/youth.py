"""Youth requests: save a draft, check and submit it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.auth.tokens import hash_secret, new_secret
from peermatch.models import ContactRequest, User
from peermatch.models.enums import Importance, RequestKind, RequestStatus, Role
from peermatch.services import accounts, audit, safeguarding
from peermatch.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from peermatch.services.outbox import queue_email
from peermatch.services.requests.access import AgeRoute, age_route, may_manage, needs_guardian
from peermatch.services.requests.inputs import (
    CONSENT_DAYS,
    GENDER_PREFERENCES,
    HOPES,
    MAX_OWN_WORDS,
    MIN_AGE,
    MODES,
    GuardianContact,
    YouthRequestInput,
    guardian_consent_path,
)
from peermatch.services.requests.validation import (
    _check_subset,
    _common_gaps,
    _ensure_editable,
    _load_domains,
    _place,
    _set_domains,
    _team_gaps,
    time_preferences_json,
    windows_of,
)
from peermatch.vocabulary import LANGUAGES


def save_youth_draft(
    session: Session,
    youth: User,
    data: YouthRequestInput,
    *,
    now: dt.datetime,
    origin: audit.Origin,
    request: ContactRequest | None = None,
) -> ContactRequest:
    """Create or update a youth's request; checks what is filled in, not yet completeness.

    Everything is checked before anything changes, so an error leaves the request as it was.
    """
    if not youth.has_role(Role.YOUTH):
        raise Forbidden("request.error.youth_only")
    if age_route(youth, now) is AgeRoute.TOO_YOUNG:
        raise Forbidden("request.error.too_young", min=MIN_AGE)
    if request is not None:
        if request.requester_id != youth.id or request.kind is not RequestKind.YOUTH:
            raise NotFound("request.error.not_found")
        _ensure_editable(session, request)
    choices = list({c.domain_id: c for c in data.domains}.values())
    kept = [d.domain_id for d in request.domains] if request is not None else []
    _load_domains(session, [c.domain_id for c in choices], kept=kept)
    own_words = (data.own_words or "").strip() or None
    if own_words is not None and len(own_words) > MAX_OWN_WORDS:
        raise InvalidInput("request.error.own_words_too_long", max=MAX_OWN_WORDS)
    hopes = _check_subset(data.hopes, HOPES, "request.error.hope_unknown")
    languages = _check_subset(data.languages, LANGUAGES, "request.error.language_unknown")
    modes = _check_subset(data.modes, MODES, "request.error.mode_unknown")
    place, distance = _place(data.place_id, data.max_distance_km)
    if data.gender_preference not in GENDER_PREFERENCES:
        raise InvalidInput("request.error.gender_preference_unknown")
    if data.gender_preference == "specific" and data.preferred_gender is None:
        raise InvalidInput("request.error.preferred_gender_missing")
    if data.gender_preference == "same" and data.own_gender is None and youth.gender is None:
        raise InvalidInput("request.error.own_gender_missing")
    times = time_preferences_json(data.weekly, data.windows, now=now)

    if request is None:
        request = ContactRequest(
            kind=RequestKind.YOUTH, status=RequestStatus.DRAFT, requester_id=youth.id
        )
        session.add(request)
    if data.own_gender is not None:
        youth.gender = data.own_gender
    _set_domains(request, choices)
    request.not_sure = data.not_sure
    request.own_words = own_words
    request.hopes = hopes
    request.languages = languages
    request.modes = modes
    request.place_id = place.id if place else None
    request.latitude = place.lat if place else None
    request.longitude = place.lon if place else None
    request.max_distance_km = distance
    request.gender_preference = data.gender_preference
    request.preferred_gender = (
        data.preferred_gender if data.gender_preference == "specific" else None
    )
    request.prefers_age_close = data.prefers_age_close
    request.time_preferences = times
    request.updated_at = now
    if request.created_at is None:
        request.created_at = now
    session.flush()
    return request


def _youth_gaps(request: ContactRequest) -> list[InvalidInput]:
    gaps = []
    if not request.not_sure:
        if not request.domains:
            gaps.append(InvalidInput("request.error.domains_required"))
        elif not any(d.importance is Importance.MOST for d in request.domains):
            gaps.append(InvalidInput("request.error.most_important_needed"))
    if not request.hopes:
        gaps.append(InvalidInput("request.error.hopes_required"))
    gaps.extend(_common_gaps(request))
    times = request.time_preferences or {}
    if not times.get("weekly") and not times.get("windows"):
        gaps.append(InvalidInput("request.error.times_required"))
    return gaps


def _past_window_gaps(request: ContactRequest, now: dt.datetime) -> list[InvalidInput]:
    if any(window.start <= now for window in windows_of(request)):
        return [InvalidInput("request.error.window_in_past")]
    return []


def missing_before_send(
    session: Session, request: ContactRequest, actor: User, *, now: dt.datetime
) -> list[InvalidInput]:
    """Every gap that stops this draft from being sent, all at once, in the form's order.

    Forms show them together (a youth should not need one submit per gap); :func:`check_ready`
    raises the first. Who may send and whether it is still a draft raise as before.
    """
    if not may_manage(session, request, actor):
        raise NotFound("request.error.not_found")
    if request.status is not RequestStatus.DRAFT:
        raise Conflict("request.error.already_submitted")
    if request.kind is RequestKind.YOUTH:
        if age_route(actor, now) is AgeRoute.TOO_YOUNG:
            raise Forbidden("request.error.too_young", min=MIN_AGE)
        gaps = _youth_gaps(request)
    else:
        gaps = _team_gaps(request)
    return gaps + _past_window_gaps(request, now)


def check_ready(
    session: Session, request: ContactRequest, actor: User, *, now: dt.datetime
) -> None:
    """Everything :func:`submit` checks except the guardian, so forms can ask for one next."""
    gaps = missing_before_send(session, request, actor, now=now)
    if gaps:
        raise gaps[0]


def submit(
    session: Session,
    request: ContactRequest,
    actor: User,
    *,
    now: dt.datetime,
    origin: audit.Origin,
    guardian: GuardianContact | None = None,
) -> ContactRequest:
    """Send a draft: it opens, or (12-15 without referral) waits for a guardian's consent.

    The guardian receives a link with a random secret; only its hash is stored. The email
    says nothing about what the youth wants to talk about.
    """
    check_ready(session, request, actor, now=now)
    if request.kind is RequestKind.YOUTH:
        accounts.ensure_verified(actor)
    guardian_name = guardian_email = None
    if request.kind is RequestKind.YOUTH and needs_guardian(actor, request, now):
        if guardian is None or not guardian.name.strip() or not guardian.email.strip():
            raise InvalidInput("request.error.guardian_required")
        guardian_name = guardian.name.strip()[:120]
        guardian_email = accounts.normalise_email(guardian.email)
        if guardian_email == actor.email:
            raise InvalidInput("request.error.guardian_is_self")
        safeguarding.check_guardian_email_allowance(session, actor, guardian_email, now=now)

    request.submitted_at = now
    request.updated_at = now
    if guardian_email is not None and guardian_name is not None:
        token = new_secret()
        request.guardian_name = guardian_name
        request.guardian_email = guardian_email
        request.guardian_token_hash = hash_secret(token)
        request.expires_at = now + dt.timedelta(days=CONSENT_DAYS)
        request.status = RequestStatus.AWAITING_CONSENT
        session.flush()
        _send_guardian_email(session, request, actor, token, now=now)
    else:
        request.status = RequestStatus.OPEN
        session.flush()
    audit.record(
        session,
        "request.submitted",
        actor_id=actor.id,
        origin=origin,
        subject_type="contact_request",
        subject_id=request.id,
        details={
            "kind": request.kind.value,
            "status": request.status.value,
            "referred": request.referred_by_id is not None,
        },
    )
    return request


def _send_guardian_email(
    session: Session, request: ContactRequest, youth: User, token: str, *, now: dt.datetime
) -> None:
    assert request.guardian_email is not None
    queue_email(
        session,
        user=None,
        to_email=request.guardian_email,
        locale=youth.locale,
        kind="guardian_consent",
        link=guardian_consent_path(token),
        params={
            "guardian_name": request.guardian_name,
            "youth_name": youth.display_name,
            "expires_at": request.expires_at,
            "days": CONSENT_DAYS,
        },
        now=now,
    )
