"""Contact requests: youths and clinician teams ask to talk with peer experts.

A request starts as a draft, is submitted (``open``), may wait for a guardian's consent
(``awaiting_consent``, youths aged 12-15 without a referral), and ends withdrawn, expired,
matched or closed. Matching reads open requests; this module only stores what it needs.

``ContactRequest.time_preferences`` — the structure the matching service reads::

    {
      "weekly":  [{"weekday": 0, "part": "evening"}, ...],
      "windows": [{"start": "2026-12-01T15:00:00+00:00", "end": "2026-12-01T18:00:00+00:00"}]
    }

- ``weekly``: recurring parts of the week that suit the requester. ``weekday`` is 0 (Monday)
  to 6 (Sunday); ``part`` is ``morning`` (08-12), ``afternoon`` (12-17) or ``evening``
  (17-21), in the requester's own time zone (``User.time_zone``). Sorted, no duplicates.
- ``windows``: concrete periods in the coming weeks as ISO 8601 UTC timestamps with offset
  ``+00:00``; ``end`` is after ``start``, ``start`` is in the future (at submission) and within
  ``WINDOW_HORIZON_DAYS``. Sorted by start.
Both keys are always present (possibly empty lists). Youth requests need at least one entry
in either list; team requests need at least one window.

Privacy: a youth's own words are read only through :func:`read_own_words`, which checks who
may see them and audits every read by someone other than the youth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.auth.tokens import hash_secret, new_secret
from peermatch.models import (
    ContactRequest,
    ExperienceDomain,
    MatchProposal,
    OrganisationMembership,
    PeerExpertProfile,
    RequestDomain,
    Team,
    TeamMembership,
    User,
)
from peermatch.models.enums import (
    Gender,
    Importance,
    Mode,
    ProposalStatus,
    RequestKind,
    RequestStatus,
    Role,
)
from peermatch.places import get_place
from peermatch.services import accounts, audit
from peermatch.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from peermatch.vocabulary import LANGUAGES

MIN_AGE = 12
CONSENT_BELOW_AGE = 16
CONSENT_DAYS = 14
MAX_DOMAINS = 12
MAX_OWN_WORDS = 2000
MAX_WINDOWS = 10
WINDOW_HORIZON_DAYS = 84
MAX_DISTANCE_KM = 200
MAX_PEER_EXPERTS = 3

HOPES = ("one_talk", "few_talks", "tips", "go_along", "other")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
GENDER_PREFERENCES = ("none", "same", "specific")
TEAM_PURPOSES = ("intervision", "training_session", "co_facilitating_group", "case_consultation")
MODES = tuple(m.value for m in Mode)

#: Proposals that are still in motion; withdrawing or expiring a request ends them.
OPEN_PROPOSAL_STATUSES = (
    ProposalStatus.CHOSEN,
    ProposalStatus.ASKED,
    ProposalStatus.AWAITING_APPROVAL,
)
#: A peer expert whose proposal reached these may read the youth's own words.
ACCEPTED_PROPOSAL_STATUSES = (ProposalStatus.AWAITING_APPROVAL, ProposalStatus.APPROVED)
EDITABLE_STATUSES = (RequestStatus.DRAFT, RequestStatus.AWAITING_CONSENT, RequestStatus.OPEN)
WITHDRAWABLE_STATUSES = (
    RequestStatus.DRAFT,
    RequestStatus.AWAITING_CONSENT,
    RequestStatus.OPEN,
    RequestStatus.MATCHED,
)


def guardian_consent_path(token: str) -> str:
    """Path of the public consent page (the web route ``requests.guardian_consent``)."""
    return f"/requests/consent/{token}"


# --- input shapes ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DomainChoice:
    domain_id: int
    importance: Importance = Importance.MOST


@dataclass(frozen=True, slots=True)
class WeeklyPart:
    weekday: int
    part: str


@dataclass(frozen=True, slots=True)
class TimeWindow:
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True, slots=True)
class GuardianContact:
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class YouthRequestInput:
    domains: tuple[DomainChoice, ...] = ()
    not_sure: bool = False
    own_words: str | None = None
    hopes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("nl",)
    modes: tuple[str, ...] = ()
    place_id: int | None = None
    max_distance_km: int | None = None
    gender_preference: str = "none"
    preferred_gender: Gender | None = None
    #: The youth's own gender, saved on their account (only needed for "same as mine").
    own_gender: Gender | None = None
    prefers_age_close: bool = False
    weekly: tuple[WeeklyPart, ...] = ()
    windows: tuple[TimeWindow, ...] = ()


@dataclass(frozen=True, slots=True)
class TeamRequestInput:
    purpose: str | None = None
    domain_ids: tuple[int, ...] = ()
    peer_experts_wanted: int = 1
    windows: tuple[TimeWindow, ...] = ()
    modes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("nl",)
    place_id: int | None = None
    max_distance_km: int | None = None
    team_id: int | None = None


class AgeRoute(StrEnum):
    TOO_YOUNG = "too_young"
    NEEDS_CONSENT = "needs_consent"  # or a referral by a team member
    INDEPENDENT = "independent"


def age_route(user: User, now: dt.datetime) -> AgeRoute:
    """Age rule from the birth year, taking the younger possible age when it is ambiguous."""
    if user.birth_year is None:
        raise InvalidInput("request.error.birth_year_missing")
    age = accounts.age_in_year(user.birth_year, now.date())
    if age < MIN_AGE:
        return AgeRoute.TOO_YOUNG
    if age < CONSENT_BELOW_AGE:
        return AgeRoute.NEEDS_CONSENT
    return AgeRoute.INDEPENDENT


def needs_guardian(user: User, request: ContactRequest, now: dt.datetime) -> bool:
    """Whether submitting this youth request needs a guardian's name and email."""
    return (
        request.kind is RequestKind.YOUTH
        and request.referred_by_id is None
        and age_route(user, now) is AgeRoute.NEEDS_CONSENT
    )


def has_proposals(session: Session, request: ContactRequest) -> bool:
    return bool(
        session.scalar(
            select(func.count())
            .select_from(MatchProposal)
            .where(MatchProposal.request_id == request.id)
        )
    )


def is_editable(session: Session, request: ContactRequest) -> bool:
    return request.status in EDITABLE_STATUSES and not has_proposals(session, request)


def editable_ids(session: Session, requests: list[ContactRequest]) -> set[int]:
    """``is_editable`` for a whole list in one statement, so a list never asks per row."""
    candidates = [r.id for r in requests if r.status in EDITABLE_STATUSES]
    if not candidates:
        return set()
    proposed = set(
        session.scalars(
            select(MatchProposal.request_id).where(MatchProposal.request_id.in_(candidates))
        )
    )
    return {request_id for request_id in candidates if request_id not in proposed}


def _team_ids(session: Session, user: User) -> list[int]:
    return list(
        session.scalars(
            select(TeamMembership.team_id)
            .where(TeamMembership.user_id == user.id)
            .order_by(TeamMembership.team_id)
        )
    )


def may_manage(session: Session, request: ContactRequest, user: User) -> bool:
    """The requester, or for a team request any member of that team."""
    if request.requester_id == user.id:
        return True
    return (
        request.kind is RequestKind.TEAM
        and request.team_id is not None
        and request.team_id in _team_ids(session, user)
    )


def get_for(session: Session, request_id: int, user: User) -> ContactRequest:
    """A request its viewer may manage; anything else is 'not found' so ids leak nothing."""
    request = session.get(ContactRequest, request_id)
    if request is None or not may_manage(session, request, user):
        raise NotFound("request.error.not_found")
    return request


def list_mine(session: Session, user: User) -> list[ContactRequest]:
    return list(
        session.scalars(
            select(ContactRequest)
            .where(ContactRequest.requester_id == user.id)
            .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())
        )
    )


def list_team_requests(session: Session, user: User) -> list[ContactRequest]:
    team_ids = _team_ids(session, user)
    if not team_ids:
        return []
    return list(
        session.scalars(
            select(ContactRequest)
            .where(ContactRequest.kind == RequestKind.TEAM, ContactRequest.team_id.in_(team_ids))
            .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())
        )
    )


def current_draft(session: Session, user: User) -> ContactRequest | None:
    """The youth's newest draft, so 'continue my request' picks up where they left off."""
    return session.scalar(
        select(ContactRequest)
        .where(
            ContactRequest.requester_id == user.id,
            ContactRequest.kind == RequestKind.YOUTH,
            ContactRequest.status == RequestStatus.DRAFT,
        )
        .order_by(ContactRequest.id.desc())
        .limit(1)
    )


# --- validation helpers ----------------------------------------------------------------------


def _check_subset(values: tuple[str, ...], allowed: tuple[str, ...], key: str) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InvalidInput(key)
    return list(dict.fromkeys(values))


def _aware_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise InvalidInput("request.error.window_invalid")
    return value.astimezone(dt.UTC)


def time_preferences_json(
    weekly: tuple[WeeklyPart, ...], windows: tuple[TimeWindow, ...], *, now: dt.datetime
) -> dict[str, Any]:
    """Validate and serialise time preferences (see the module docstring for the structure)."""
    parts: set[tuple[int, str]] = set()
    for item in weekly:
        if not 0 <= item.weekday <= 6 or item.part not in PARTS_OF_DAY:
            raise InvalidInput("request.error.weekly_invalid")
        parts.add((item.weekday, item.part))
    if len(windows) > MAX_WINDOWS:
        raise InvalidInput("request.error.too_many_windows", max=MAX_WINDOWS)
    horizon = now + dt.timedelta(days=WINDOW_HORIZON_DAYS)
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    for window in windows:
        start, end = _aware_utc(window.start), _aware_utc(window.end)
        if end <= start:
            raise InvalidInput("request.error.window_end_before_start")
        if start <= now:
            raise InvalidInput("request.error.window_in_past")
        if start > horizon:
            raise InvalidInput("request.error.window_too_far", weeks=WINDOW_HORIZON_DAYS // 7)
        spans.append((start, end))
    order = {p: i for i, p in enumerate(PARTS_OF_DAY)}
    return {
        "weekly": [
            {"weekday": d, "part": p} for d, p in sorted(parts, key=lambda x: (x[0], order[x[1]]))
        ],
        "windows": [{"start": s.isoformat(), "end": e.isoformat()} for s, e in sorted(set(spans))],
    }


def windows_of(request: ContactRequest) -> list[TimeWindow]:
    """The concrete windows of a request as aware datetimes (for forms and matching)."""
    out = []
    for item in (request.time_preferences or {}).get("windows", []):
        out.append(
            TimeWindow(
                dt.datetime.fromisoformat(item["start"]), dt.datetime.fromisoformat(item["end"])
            )
        )
    return out


def weekly_of(request: ContactRequest) -> list[WeeklyPart]:
    return [
        WeeklyPart(int(i["weekday"]), str(i["part"]))
        for i in (request.time_preferences or {}).get("weekly", [])
    ]


def _place(place_id: int | None, max_distance_km: int | None) -> tuple[Any, int | None]:
    place = None
    if place_id is not None:
        place = get_place(place_id)
        if place is None:
            raise InvalidInput("request.error.place_unknown")
    if max_distance_km is not None and not 1 <= max_distance_km <= MAX_DISTANCE_KM:
        raise InvalidInput("request.error.distance_invalid", max=MAX_DISTANCE_KM)
    return place, max_distance_km


def _load_domains(session: Session, ids: list[int]) -> dict[int, ExperienceDomain]:
    if len(ids) > MAX_DOMAINS:
        raise InvalidInput("request.error.too_many_domains", max=MAX_DOMAINS)
    found = {
        d.id: d
        for d in session.scalars(
            select(ExperienceDomain).where(
                ExperienceDomain.id.in_(ids), ExperienceDomain.is_active.is_(True)
            )
        )
    }
    if len(found) != len(set(ids)):
        raise InvalidInput("request.error.domain_unknown")
    return found


def _set_domains(request: ContactRequest, choices: list[DomainChoice]) -> None:
    wanted = {c.domain_id: c.importance for c in choices}
    kept = []
    for rd in request.domains:
        if rd.domain_id in wanted:
            rd.importance = wanted.pop(rd.domain_id)
            kept.append(rd)
    for domain_id, importance in wanted.items():
        kept.append(RequestDomain(domain_id=domain_id, importance=importance))
    request.domains = kept


def _ensure_editable(session: Session, request: ContactRequest) -> None:
    if request.status not in EDITABLE_STATUSES:
        raise Conflict("request.error.not_editable")
    if has_proposals(session, request):
        raise Conflict("request.error.has_proposals")


# --- youth requests --------------------------------------------------------------------------


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
    _load_domains(session, [c.domain_id for c in choices])
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


def _check_complete_youth(request: ContactRequest) -> None:
    if not request.not_sure:
        if not request.domains:
            raise InvalidInput("request.error.domains_required")
        if not any(d.importance is Importance.MOST for d in request.domains):
            raise InvalidInput("request.error.most_important_needed")
    if not request.hopes:
        raise InvalidInput("request.error.hopes_required")
    _check_complete_common(request)
    times = request.time_preferences or {}
    if not times.get("weekly") and not times.get("windows"):
        raise InvalidInput("request.error.times_required")


def _check_complete_common(request: ContactRequest) -> None:
    if not request.languages:
        raise InvalidInput("request.error.languages_required")
    if not request.modes:
        raise InvalidInput("request.error.modes_required")
    if Mode.IN_PERSON.value in request.modes and (
        request.place_id is None or request.max_distance_km is None
    ):
        raise InvalidInput("request.error.place_required")


def _check_windows_still_future(request: ContactRequest, now: dt.datetime) -> None:
    for window in windows_of(request):
        if window.start <= now:
            raise InvalidInput("request.error.window_in_past")


def check_ready(
    session: Session, request: ContactRequest, actor: User, *, now: dt.datetime
) -> None:
    """Everything :func:`submit` checks except the guardian, so forms can ask for one next."""
    if not may_manage(session, request, actor):
        raise NotFound("request.error.not_found")
    if request.status is not RequestStatus.DRAFT:
        raise Conflict("request.error.already_submitted")
    if request.kind is RequestKind.YOUTH:
        if age_route(actor, now) is AgeRoute.TOO_YOUNG:
            raise Forbidden("request.error.too_young", min=MIN_AGE)
        _check_complete_youth(request)
    else:
        _check_complete_team(request)
    _check_windows_still_future(request, now)


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
    guardian_name = guardian_email = None
    if request.kind is RequestKind.YOUTH and needs_guardian(actor, request, now):
        if guardian is None or not guardian.name.strip() or not guardian.email.strip():
            raise InvalidInput("request.error.guardian_required")
        guardian_name = guardian.name.strip()[:120]
        guardian_email = accounts.normalise_email(guardian.email)
        if guardian_email == actor.email:
            raise InvalidInput("request.error.guardian_is_self")

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
    from peermatch.notifications.emails import send_email

    assert request.guardian_email is not None
    send_email(
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


# --- guardian consent ------------------------------------------------------------------------


class ConsentState(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class ConsentView:
    """What a guardian sees: plain facts, nothing about what the youth wants to talk about."""

    request: ContactRequest
    state: ConsentState
    youth_name: str
    guardian_name: str | None
    modes: list[str]
    expires_at: dt.datetime | None


def _by_token(session: Session, token: str) -> ContactRequest:
    if not token or len(token) > 200:
        raise NotFound("request.error.consent_link_invalid")
    request = session.scalar(
        select(ContactRequest).where(ContactRequest.guardian_token_hash == hash_secret(token))
    )
    if request is None:
        raise NotFound("request.error.consent_link_invalid")
    return request


def consent_view(session: Session, token: str, *, now: dt.datetime) -> ConsentView:
    request = _by_token(session, token)
    if request.guardian_consented_at is not None:
        state = ConsentState.CONFIRMED
    elif request.status is not RequestStatus.AWAITING_CONSENT or (
        request.expires_at is not None and request.expires_at <= now
    ):
        state = ConsentState.EXPIRED
    else:
        state = ConsentState.PENDING
    return ConsentView(
        request=request,
        state=state,
        youth_name=request.requester.display_name,
        guardian_name=request.guardian_name,
        modes=list(request.modes),
        expires_at=request.expires_at,
    )


def confirm_guardian_consent(
    session: Session, token: str, *, now: dt.datetime, origin: audit.Origin
) -> ContactRequest:
    view = consent_view(session, token, now=now)
    if view.state is ConsentState.CONFIRMED:
        raise Conflict("request.error.consent_already_given")
    if view.state is ConsentState.EXPIRED:
        raise Conflict("request.error.consent_link_expired")
    request = view.request
    request.guardian_consented_at = now
    request.status = RequestStatus.OPEN
    request.expires_at = None
    request.updated_at = now
    session.flush()
    audit.record(
        session,
        "request.guardian_consented",
        actor_id=None,
        origin=origin,
        subject_type="contact_request",
        subject_id=request.id,
    )
    return request


# --- referral by a team member ---------------------------------------------------------------


def _member_organisation_id(session: Session, member: User) -> int:
    team_org = session.scalar(
        select(Team.organisation_id)
        .join(TeamMembership, TeamMembership.team_id == Team.id)
        .where(TeamMembership.user_id == member.id)
        .order_by(Team.id)
        .limit(1)
    )
    if team_org is not None:
        return team_org
    org_id = session.scalar(
        select(OrganisationMembership.organisation_id)
        .where(OrganisationMembership.user_id == member.id)
        .order_by(OrganisationMembership.organisation_id)
        .limit(1)
    )
    if org_id is None:
        raise Forbidden("request.error.no_organisation")
    return org_id


def refer_youth(
    session: Session, member: User, youth_email: str, *, now: dt.datetime, origin: audit.Origin
) -> ContactRequest:
    """A team member refers a youth: their draft request carries the referral.

    A referred 12-15-year-old may then submit without a guardian's consent, because a
    professional of the organisation is involved.
    """
    if not member.has_role(Role.TEAM_MEMBER):
        raise Forbidden("request.error.team_member_only")
    organisation_id = _member_organisation_id(session, member)
    youth = accounts.find_by_email(session, youth_email)
    if youth is None or not youth.has_role(Role.YOUTH):
        raise NotFound("request.error.youth_not_found")
    if age_route(youth, now) is AgeRoute.TOO_YOUNG:
        raise InvalidInput("request.error.referral_too_young", min=MIN_AGE)
    request = current_draft(session, youth)
    if request is not None and has_proposals(session, request):
        request = None
    if request is None:
        request = ContactRequest(
            kind=RequestKind.YOUTH,
            status=RequestStatus.DRAFT,
            requester_id=youth.id,
            time_preferences={"weekly": [], "windows": []},
            created_at=now,
        )
        session.add(request)
    request.referred_by_id = member.id
    request.organisation_id = organisation_id
    request.updated_at = now
    session.flush()
    audit.record(
        session,
        "request.referred",
        actor_id=member.id,
        origin=origin,
        subject_type="contact_request",
        subject_id=request.id,
        details={"youth_id": youth.id, "organisation_id": organisation_id},
    )
    from peermatch.services.notifications import notify

    notify(session, youth.id, "request.referred", now=now, link="/requests/")
    return request


# --- team requests ---------------------------------------------------------------------------


def _check_complete_team(request: ContactRequest) -> None:
    if request.purpose not in TEAM_PURPOSES:
        raise InvalidInput("request.error.purpose_required")
    if not request.domains:
        raise InvalidInput("request.error.domains_required")
    if not 1 <= request.peer_experts_wanted <= MAX_PEER_EXPERTS:
        raise InvalidInput("request.error.peer_experts_wanted", max=MAX_PEER_EXPERTS)
    if not (request.time_preferences or {}).get("windows"):
        raise InvalidInput("request.error.windows_required")
    _check_complete_common(request)


def save_team_request(
    session: Session,
    member: User,
    data: TeamRequestInput,
    *,
    now: dt.datetime,
    origin: audit.Origin,
    request: ContactRequest | None = None,
) -> ContactRequest:
    """Create or update a team's request (a draft until :func:`submit`)."""
    if not member.has_role(Role.TEAM_MEMBER):
        raise Forbidden("request.error.team_member_only")
    team_ids = _team_ids(session, member)
    if not team_ids:
        raise Forbidden("request.error.no_team")
    team_id = data.team_id if data.team_id is not None else team_ids[0]
    if team_id not in team_ids:
        raise Forbidden("request.error.not_your_team")
    if request is not None:
        if request.kind is not RequestKind.TEAM or not may_manage(session, request, member):
            raise NotFound("request.error.not_found")
        _ensure_editable(session, request)
    if data.purpose is not None and data.purpose not in TEAM_PURPOSES:
        raise InvalidInput("request.error.purpose_required")
    if not 1 <= data.peer_experts_wanted <= MAX_PEER_EXPERTS:
        raise InvalidInput("request.error.peer_experts_wanted", max=MAX_PEER_EXPERTS)
    domain_ids = list(dict.fromkeys(data.domain_ids))
    _load_domains(session, domain_ids)
    modes = _check_subset(data.modes, MODES, "request.error.mode_unknown")
    languages = _check_subset(data.languages, LANGUAGES, "request.error.language_unknown")
    place, distance = _place(data.place_id, data.max_distance_km)
    times = time_preferences_json((), data.windows, now=now)
    team = session.get(Team, team_id)
    assert team is not None

    if request is None:
        request = ContactRequest(
            kind=RequestKind.TEAM,
            status=RequestStatus.DRAFT,
            requester_id=member.id,
            created_at=now,
        )
        session.add(request)
    request.team_id = team.id
    request.organisation_id = team.organisation_id
    request.purpose = data.purpose
    _set_domains(request, [DomainChoice(i) for i in domain_ids])
    request.peer_experts_wanted = data.peer_experts_wanted
    request.modes = modes
    request.languages = languages
    request.place_id = place.id if place else None
    request.latitude = place.lat if place else None
    request.longitude = place.lon if place else None
    request.max_distance_km = distance
    request.time_preferences = times
    request.updated_at = now
    session.flush()
    return request


# --- withdrawing and expiring ----------------------------------------------------------------


def _close_open_proposals(
    session: Session, request: ContactRequest, status: ProposalStatus, now: dt.datetime
) -> int:
    proposals = list(
        session.scalars(
            select(MatchProposal).where(
                MatchProposal.request_id == request.id,
                MatchProposal.status.in_(OPEN_PROPOSAL_STATUSES),
            )
        )
    )
    for proposal in proposals:
        proposal.status = status
        proposal.closed_at = now
        proposal.updated_at = now
    return len(proposals)


def withdraw(
    session: Session,
    request: ContactRequest,
    actor: User,
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> ContactRequest:
    """Withdraw at any time; proposals still in motion end with it, so none stays open."""
    if not may_manage(session, request, actor):
        raise NotFound("request.error.not_found")
    if request.status not in WITHDRAWABLE_STATUSES:
        raise Conflict("request.error.not_withdrawable")
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_at = now
    request.updated_at = now
    closed = _close_open_proposals(session, request, ProposalStatus.WITHDRAWN, now)
    session.flush()
    audit.record(
        session,
        "request.withdrawn",
        actor_id=actor.id,
        origin=origin,
        subject_type="contact_request",
        subject_id=request.id,
        details={"proposals_withdrawn": closed},
    )
    return request


def expire_stale(session: Session, now: dt.datetime) -> int:
    """Expire requests still waiting for a guardian's consent after their deadline."""
    stale = list(
        session.scalars(
            select(ContactRequest).where(
                ContactRequest.status == RequestStatus.AWAITING_CONSENT,
                ContactRequest.expires_at <= now,
            )
        )
    )
    for request in stale:
        request.status = RequestStatus.EXPIRED
        request.updated_at = now
        _close_open_proposals(session, request, ProposalStatus.EXPIRED, now)
        audit.record(
            session,
            "request.expired",
            actor_id=None,
            subject_type="contact_request",
            subject_id=request.id,
        )
    session.flush()
    return len(stale)


# --- own words -------------------------------------------------------------------------------


def _may_read_own_words(session: Session, request: ContactRequest, viewer: User) -> bool:
    coordinated = accounts.coordinator_organisation_ids(viewer)
    if coordinated:
        involved = set(
            session.scalars(
                select(PeerExpertProfile.organisation_id)
                .join(MatchProposal, MatchProposal.profile_id == PeerExpertProfile.id)
                .where(
                    MatchProposal.request_id == request.id,
                    PeerExpertProfile.organisation_id.is_not(None),
                )
            )
        )
        if request.organisation_id is not None:
            involved.add(request.organisation_id)
        if coordinated & {i for i in involved if i is not None}:
            return True
    accepted = session.scalar(
        select(func.count())
        .select_from(MatchProposal)
        .join(PeerExpertProfile, MatchProposal.profile_id == PeerExpertProfile.id)
        .where(
            MatchProposal.request_id == request.id,
            PeerExpertProfile.user_id == viewer.id,
            MatchProposal.status.in_(ACCEPTED_PROPOSAL_STATUSES),
        )
    )
    return bool(accepted)


def read_own_words(
    session: Session,
    request: ContactRequest,
    viewer: User,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> str | None:
    """THE way to read a youth's own words; every read by someone else is audited.

    Who may read: the youth; a coordinator of the organisation involved (the referring
    organisation or that of a peer expert with a proposal on it); a peer expert whose
    proposal was accepted. Everyone else gets None.
    """
    if request.requester_id == viewer.id:
        return request.own_words
    if request.own_words is None or not _may_read_own_words(session, request, viewer):
        return None
    event = audit.record(
        session,
        "request.own_words_viewed",
        actor_id=viewer.id,
        origin=origin,
        subject_type="contact_request",
        subject_id=request.id,
    )
    event.at = now
    session.flush()
    return request.own_words
