"""Matching as a use case: load requests and peer experts, ask the pure core who fits.

The pure module ``peermatch.matching`` is the only place that decides who is a candidate
and in which order; this service turns database rows into its inputs (through the
disclosure rule, so a domain a peer expert did not open for an audience never even reaches
the ranking) and its outputs into views. Loading candidates issues a constant number of SQL
statements however many peer experts there are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session, joinedload, lazyload

from peermatch import dutch_calendar
from peermatch.availability import Interval as SlotInterval
from peermatch.availability import WeeklyPart, requester_intervals
from peermatch.matching import (
    Candidate,
    DomainEntry,
    ExclusionReason,
    MatchRequest,
    RankedCandidate,
    Ranking,
    Reason,
    Relaxation,
    RequestedDomain,
    Weights,
    rank_candidates,
    stable_tie_break_key,
    suggest_relaxations,
)
from peermatch.matching.types import AUDIENCES, SESSION_ZONE, Audience, Interval
from peermatch.models import (
    Booking,
    BookingParticipant,
    ContactRequest,
    ExperienceDomain,
    Feedback,
    MatchProposal,
    PeerExpertProfile,
    ProfileDomain,
    User,
)
from peermatch.models.enums import (
    Audience as AudienceEnum,
)
from peermatch.models.enums import (
    DomainVisibility,
    ProfileStatus,
    ProposalStatus,
    RequestKind,
    RequestStatus,
    Role,
)
from peermatch.services import accounts, disclosure, feedback
from peermatch.services import requests as requests_service
from peermatch.services.availability import free_slot_pairs_for_many
from peermatch.services.errors import Conflict, NotFound

#: How far ahead matching looks for a first session (four weeks).
HORIZON_DAYS = 28
#: Rows fetched at a time where thousands stream by (fewer objects alive at once).
STREAM_ROWS = 500
#: Proposals in this period count towards a fair spread of work.
RECENT_PROPOSAL_DAYS = 30
#: A youth chooses among a handful of explained candidates, never a long list.
CARDS_FOR_REQUESTER = 5
CARDS_FOR_COORDINATOR = 10
#: Earlier proposals on the same request in these states are not offered again.
SPENT_STATUSES = (
    ProposalStatus.DECLINED,
    ProposalStatus.EXPIRED,
    ProposalStatus.REJECTED,
    ProposalStatus.WITHDRAWN,
)

ViewerKind = Literal["requester", "coordinator"]


def configured_weights(config: Mapping[str, object]) -> Weights:
    """The deployment's factor weights (``MATCHING_WEIGHTS``); unknown keys are an error."""
    raw = config.get("MATCHING_WEIGHTS") or {}
    if not isinstance(raw, Mapping):
        raise ValueError("MATCHING_WEIGHTS must be a mapping")
    return Weights.from_config(raw)


# --- reference data ---------------------------------------------------------------------------


def domains_by_id(session: Session) -> dict[int, ExperienceDomain]:
    return {d.id: d for d in session.scalars(select(ExperienceDomain))}


def taxonomy_of(domains: Mapping[int, ExperienceDomain]) -> dict[int, int | None]:
    return {d.id: d.parent_id for d in domains.values()}


# --- the request -----------------------------------------------------------------------------


def requester_age(request: ContactRequest, now: dt.datetime) -> int | None:
    """The younger possible age in this year, like every other age rule in PeerMatch."""
    birth_year = request.requester.birth_year
    if request.kind is RequestKind.TEAM or birth_year is None:
        return None
    return dutch_calendar.age_at(birth_year, now)


def audience_of(request: ContactRequest, now: dt.datetime) -> Audience:
    """The disclosure audience (the one rule in ``disclosure``): unknown ages count as youngest."""
    audience = disclosure.audience_for_age(
        requester_age(request, now), request.kind is RequestKind.TEAM
    )
    value: Audience = audience.value
    return value


def requester_windows(
    request: ContactRequest, *, now: dt.datetime, horizon_days: int = HORIZON_DAYS
) -> tuple[Interval, ...] | None:
    """The requester's times as UTC intervals over the horizon, None when they left it open."""
    weekly = requests_service.weekly_of(request)
    concrete = requests_service.windows_of(request)
    if not weekly and not concrete:
        return None
    parts = [WeeklyPart(w.weekday, w.part) for w in weekly]  # type: ignore[arg-type]
    intervals = requester_intervals(
        parts,
        time_zone=request.requester.time_zone,
        start=now,
        end=now + dt.timedelta(days=horizon_days),
        concrete=[SlotInterval(w.start, w.end) for w in concrete],
    )
    return tuple((i.start, i.end) for i in intervals)


def _no_time_fits(now: dt.datetime) -> tuple[Interval, ...]:
    """The requester named times, but none lies ahead: an empty tuple would mean "any time",
    so pass one window that has already passed, which no slot can fit."""
    return ((now - dt.timedelta(hours=2), now - dt.timedelta(hours=1)),)


def blocked_by_requester(session: Session, requester_id: int) -> frozenset[int]:
    """Peer experts this requester asked never to be matched with again (feedback)."""
    return frozenset(p for _, p in feedback.blocked_pairs(session, [requester_id]))


def blocking_requester(session: Session, requester_id: int) -> frozenset[int]:
    """Peer experts who asked not to meet this requester again (their feedback)."""
    rows = session.scalars(
        select(MatchProposal.profile_id)
        .join(ContactRequest, MatchProposal.request_id == ContactRequest.id)
        .join(PeerExpertProfile, MatchProposal.profile_id == PeerExpertProfile.id)
        .join(Booking, Booking.proposal_id == MatchProposal.id)
        .join(Feedback, Feedback.booking_id == Booking.id)
        .where(
            ContactRequest.requester_id == requester_id,
            Feedback.author_id == PeerExpertProfile.user_id,
            Feedback.do_not_match_again.is_(True),
        )
    )
    return frozenset(rows)


def already_proposed(session: Session, request_id: int) -> frozenset[int]:
    """Peer experts whose proposal on THIS request ended (declined, expired, rejected,
    replaced): asking them again for the same request would only repeat the answer.
    A decline says nothing about other requests, so it is never used anywhere else."""
    rows = session.scalars(
        select(MatchProposal.profile_id).where(
            MatchProposal.request_id == request_id, MatchProposal.status.in_(SPENT_STATUSES)
        )
    )
    return frozenset(rows)


def build_match_request(
    session: Session,
    contact_request: ContactRequest,
    *,
    now: dt.datetime,
    horizon_days: int = HORIZON_DAYS,
) -> MatchRequest:
    request = contact_request
    audience = audience_of(request, now)
    age = requester_age(request, now)
    youth_age = age if age is not None and 12 <= age <= 25 else None
    windows = requester_windows(request, now=now, horizon_days=horizon_days)
    if windows is not None and not windows:
        windows = _no_time_fits(now)
    languages = list(request.languages or [])
    requester = request.requester
    return MatchRequest(
        kind="team" if request.kind is RequestKind.TEAM else "youth",
        audience=audience,
        requester_id=request.requester_id,
        domains=tuple(
            RequestedDomain(d.domain_id, d.importance.value)
            for d in sorted(request.domains, key=lambda d: d.id)
        ),
        earliest_session_date=now.astimezone(SESSION_ZONE).date(),
        languages=frozenset(languages),
        first_language=languages[0] if languages else None,
        modes=frozenset(request.modes or []),  # type: ignore[arg-type]
        youth_age=youth_age,
        youth_gender=requester.gender.value if requester.gender else None,
        lat=request.latitude,
        lon=request.longitude,
        max_distance_km=float(request.max_distance_km)
        if request.max_distance_km is not None
        else None,
        gender_preference=request.gender_preference,  # type: ignore[arg-type]
        preferred_gender=request.preferred_gender.value if request.preferred_gender else None,
        prefers_age_close=request.prefers_age_close,
        windows=windows or (),
        horizon_days=horizon_days,
        blocked_peer_ids=blocked_by_requester(session, request.requester_id),
        peer_ids_blocking_requester=blocking_requester(session, request.requester_id)
        | already_proposed(session, request.id),
    )


# --- the candidates --------------------------------------------------------------------------


def _workload(session: Session, now: dt.datetime) -> dict[int, tuple[int, int]]:
    """profile id -> (active matches, proposals in the last 30 days), one statement."""
    recent = now - dt.timedelta(days=RECENT_PROPOSAL_DAYS)
    active = case(
        (
            and_(
                MatchProposal.status == ProposalStatus.APPROVED,
                MatchProposal.closed_at.is_(None),
            ),
            1,
        ),
        else_=0,
    )
    fresh = case((MatchProposal.created_at >= recent, 1), else_=0)
    rows = session.execute(
        select(MatchProposal.profile_id, func.sum(active), func.sum(fresh))
        .join(PeerExpertProfile, MatchProposal.profile_id == PeerExpertProfile.id)
        .where(PeerExpertProfile.status == ProfileStatus.ACTIVE)
        .group_by(MatchProposal.profile_id)
    )
    return {pid: (int(a or 0), int(f or 0)) for pid, a, f in rows}


def active_sessions_by_user(
    session: Session, user_ids: Sequence[int] | Select[int]
) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """Held or confirmed sessions per person (for the fair-spread workload), one statement;
    ``user_ids`` may be a query selecting them."""
    found: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    if not isinstance(user_ids, Select) and not user_ids:
        return found
    rows = session.execute(
        select(BookingParticipant.user_id, Booking.starts_at, Booking.ends_at)
        .join(Booking, BookingParticipant.booking_id == Booking.id)
        .where(BookingParticipant.active.is_(True), BookingParticipant.user_id.in_(user_ids))
    )
    for user_id, start, end in rows:
        found[user_id].append((start, end))
    return found


def _active_profile_rows(session: Session) -> Iterator[Any]:
    """Active (verified) profiles as plain rows of what matching needs, streamed: building
    ORM objects for a thousand profiles costs more than everything else matching does."""
    return iter(
        session.execute(
            select(
                PeerExpertProfile.id,
                PeerExpertProfile.user_id,
                PeerExpertProfile.public_key,
                PeerExpertProfile.status,
                PeerExpertProfile.audiences,
                PeerExpertProfile.vog_date,
                PeerExpertProfile.languages,
                PeerExpertProfile.modes,
                PeerExpertProfile.latitude,
                PeerExpertProfile.longitude,
                PeerExpertProfile.max_travel_km,
                PeerExpertProfile.gender,
                PeerExpertProfile.max_active_matches,
                User.birth_year,
            )
            .join(User, User.id == PeerExpertProfile.user_id)
            .where(PeerExpertProfile.status == ProfileStatus.ACTIVE)
            .order_by(PeerExpertProfile.id)
            .execution_options(yield_per=STREAM_ROWS)
        )
    )


class _Shared:
    """Equal immutable values shared instead of built once per peer expert: most peer
    experts speak the same languages and open their entries the same way, and a thousand
    copies only cost time and memory (frozen values, so sharing them is safe)."""

    def __init__(self) -> None:
        self._values: dict[object, Any] = {}

    def set_of(self, items: Iterable[str]) -> frozenset[Any]:
        value = frozenset(items)
        shared: frozenset[Any] = self._values.setdefault(value, value)
        return shared

    def entry(self, domain_id: int, opened: frozenset[str], status: str) -> DomainEntry:
        key = ("entry", domain_id, opened, status)
        entry: DomainEntry | None = self._values.get(key)
        if entry is None:
            entry = self._values[key] = DomainEntry(
                domain_id=domain_id,
                open_for=opened,  # type: ignore[arg-type]
                shown_to=opened,  # type: ignore[arg-type]
                status=status,  # type: ignore[arg-type]
            )
        return entry


def _usable_domain_entries(session: Session, shared: _Shared) -> dict[int, list[DomainEntry]]:
    """Per active profile, only the entries the disclosure rule makes usable, and for which
    audiences (the same rule decides per audience); one statement whatever the count.

    Rows are turned into entries as they arrive, and the rule's answer is remembered per
    distinct (status, ready, entry audiences, profile audiences): most entries share them.
    """
    opened_cache: dict[tuple[object, ...], frozenset[str]] = {}
    entries: dict[int, list[DomainEntry]] = defaultdict(list)
    for row in session.execute(
        select(
            ProfileDomain.profile_id,
            ProfileDomain.domain_id,
            ProfileDomain.status,
            ProfileDomain.ready_to_share,
            ProfileDomain.audiences,
            PeerExpertProfile.audiences.label("profile_audiences"),
        )
        .join(PeerExpertProfile, PeerExpertProfile.id == ProfileDomain.profile_id)
        .where(PeerExpertProfile.status == ProfileStatus.ACTIVE)
        .order_by(ProfileDomain.profile_id, ProfileDomain.id)
        .execution_options(yield_per=STREAM_ROWS)
    ):
        profile_audiences = row.profile_audiences
        key = (row.status, row.ready_to_share, tuple(row.audiences), tuple(profile_audiences))
        opened = opened_cache.get(key)
        if opened is None:
            opened = frozenset(
                a
                for a in AUDIENCES
                if disclosure.entry_usable(row, AudienceEnum(a), profile_audiences)
            )
            opened_cache[key] = opened
        if opened:
            entries[row.profile_id].append(shared.entry(row.domain_id, opened, row.status.value))
    return entries


def _slot_windows(windows: Sequence[Interval] | None) -> list[SlotInterval] | None:
    return [SlotInterval(start, end) for start, end in windows] if windows else None


def load_candidates(
    session: Session,
    *,
    audience: Audience,
    now: dt.datetime,
    requester_id: int | None = None,
    requester_windows: Sequence[Interval] | None = None,
) -> list[Candidate]:
    """Every active peer expert as the matching core sees them (constant SQL statements).

    With ``requester_windows`` (one request's times) the availability engine generates only
    the free slots inside those windows: the core keeps only those anyway, so the ranking is
    the same, at a fraction of the slots. Leave them out when the candidates serve several
    requests (batch matching) or when asking "what if any time suited them" (relaxations).
    """
    shared = _Shared()
    entries = _usable_domain_entries(session, shared)
    # The statements select the active profiles by subquery, not by a thousand ids; the
    # profiles themselves come last, streamed straight into candidates.
    active_ids = select(PeerExpertProfile.id).where(
        PeerExpertProfile.status == ProfileStatus.ACTIVE
    )
    sessions = active_sessions_by_user(
        session,
        select(PeerExpertProfile.user_id).where(PeerExpertProfile.status == ProfileStatus.ACTIVE),
    )
    workload = _workload(session, now)
    ratings = (
        feedback.continuity_ratings(session, requester_id, active_ids)
        if requester_id is not None
        else {}
    )
    slots = free_slot_pairs_for_many(
        session, active_ids, now=now, requester_windows=_slot_windows(requester_windows)
    )
    today = now.astimezone(SESSION_ZONE).date()
    candidates: list[Candidate] = []
    for profile in _active_profile_rows(session):
        active, recent = workload.get(profile.id, (0, 0))
        birth_year = profile.birth_year
        candidates.append(
            Candidate(
                peer_id=profile.id,
                tie_break_key=stable_tie_break_key(profile.id, profile.public_key),
                active_verified=profile.status is ProfileStatus.ACTIVE,
                audiences=shared.set_of(profile.audiences),
                domains=tuple(entries.get(profile.id, ())),
                vog_valid_until=disclosure.vog_valid_until(profile.vog_date),
                languages=shared.set_of(profile.languages),
                modes=shared.set_of(profile.modes),
                lat=profile.latitude,
                lon=profile.longitude,
                max_travel_km=float(profile.max_travel_km)
                if profile.max_travel_km is not None
                else None,
                gender=profile.gender.value if profile.gender else None,
                age=accounts.age_in_year(birth_year, today) if birth_year else None,
                active_matches=active,
                max_active_matches=profile.max_active_matches,
                upcoming_sessions=sum(
                    1 for start, _ in sessions.get(profile.user_id, ()) if start >= now
                ),
                recent_proposals=recent,
                free_slots=slots.get(profile.id, ()),
                past_rating=ratings.get(profile.id),
            )
        )
    return candidates


def with_all_free_slots(
    session: Session, candidates: Sequence[Candidate], *, now: dt.datetime
) -> list[Candidate]:
    """The same candidates with every free slot, not only those inside one request's
    windows (four statements): what relaxing the request's times needs to count."""
    slots = free_slot_pairs_for_many(session, [c.peer_id for c in candidates], now=now)
    return [dataclasses.replace(c, free_slots=slots.get(c.peer_id, ())) for c in candidates]


def profiles_by_id(session: Session, profile_ids: Iterable[int]) -> dict[int, PeerExpertProfile]:
    """Full profiles (user and domain entries loaded) for the few candidates that are shown,
    one statement however many."""
    ids = sorted(set(profile_ids))
    if not ids:
        return {}
    profiles = session.scalars(
        select(PeerExpertProfile)
        .where(PeerExpertProfile.id.in_(ids))
        .options(
            joinedload(PeerExpertProfile.user).options(lazyload(User.roles)),
            joinedload(PeerExpertProfile.domains),
        )
    ).unique()
    return {p.id: p for p in profiles}


def with_ratings(candidates: Sequence[Candidate], ratings: Mapping[int, float]) -> list[Candidate]:
    """The same candidates with one requester's past ratings (batch matching loads once)."""
    return [
        dataclasses.replace(c, past_rating=ratings[c.peer_id]) if c.peer_id in ratings else c
        for c in candidates
    ]


# --- views -----------------------------------------------------------------------------------


def get_request(session: Session, request_id: int) -> ContactRequest:
    request = session.get(ContactRequest, request_id)
    if request is None:
        raise NotFound("match.error.request_not_found")
    return request


def may_coordinate_request(session: Session, request: ContactRequest, user: User) -> bool:
    """Coordinators of the request's organisation, of a peer expert proposed for it, or, for
    a youth who came without an organisation, any coordinator (someone must help them)."""
    if not user.has_role(Role.COORDINATOR):
        return False
    orgs = accounts.coordinator_organisation_ids(user)
    if not orgs:
        return False
    if request.organisation_id is None or request.organisation_id in orgs:
        return True
    involved = session.scalars(
        select(PeerExpertProfile.organisation_id)
        .join(MatchProposal, MatchProposal.profile_id == PeerExpertProfile.id)
        .where(MatchProposal.request_id == request.id)
    )
    return any(org in orgs for org in involved)


@dataclass(frozen=True, slots=True)
class SharedExperience:
    domain: ExperienceDomain
    share_text: str | None


@dataclass(frozen=True, slots=True)
class CandidateCard:
    position: int
    profile: PeerExpertProfile
    ranked: RankedCandidate
    reasons: tuple[Reason, ...]
    shared: list[SharedExperience]
    modes: list[str]

    @property
    def first_name(self) -> str:
        return first_name(self.profile.user.display_name)

    @property
    def soonest(self) -> Interval:
        return self.ranked.soonest_slot


@dataclass(frozen=True, slots=True)
class CandidateView:
    request: ContactRequest
    audience: Audience
    viewer_kind: ViewerKind
    cards: list[CandidateCard]
    eligible_count: int
    exclusion_counts: dict[ExclusionReason, int]
    relaxations: list[Relaxation] = field(default_factory=list)
    domains: dict[int, ExperienceDomain] = field(default_factory=dict)

    @property
    def nobody_fits(self) -> bool:
        return not self.cards


def first_name(display_name: str) -> str:
    return display_name.split()[0] if display_name.strip() else display_name


def _shared(
    profile: PeerExpertProfile,
    reasons: Sequence[Reason],
    audience: Audience,
    domains: Mapping[int, ExperienceDomain],
) -> list[SharedExperience]:
    """The experiences a reason names (only shown ones can be named), each with the peer
    expert's own words when they chose to show them to people looking for a match."""
    named = [r.params["domain_id"] for r in reasons if "domain_id" in r.params]
    entries: dict[int, ProfileDomain] = {e.domain_id: e for e in profile.domains}
    shown: list[SharedExperience] = []
    for domain_id in dict.fromkeys(named):
        entry = entries.get(int(domain_id))
        if entry is None or int(domain_id) not in domains:
            continue
        text = (
            disclosure.visible_share_text(
                entry, viewer_kind="candidate_viewer", audience=AudienceEnum(audience)
            )
            if entry.visibility is DomainVisibility.CANDIDATE_VIEWERS
            else None
        )
        shown.append(SharedExperience(domains[int(domain_id)], text))
    return shown


def rank_request(
    session: Session,
    request: ContactRequest,
    *,
    now: dt.datetime,
    weights: Weights,
) -> tuple[MatchRequest, list[Candidate], Ranking, dict[int, ExperienceDomain]]:
    """Rank one request. The candidates carry only the free slots inside the request's
    windows (see ``load_candidates``); ``with_all_free_slots`` completes them if needed."""
    match_request = build_match_request(session, request, now=now)
    candidates = load_candidates(
        session,
        audience=match_request.audience,
        now=now,
        requester_id=request.requester_id,
        requester_windows=match_request.windows,
    )
    domains = domains_by_id(session)
    ranking = rank_candidates(
        match_request, candidates, taxonomy=taxonomy_of(domains), now=now, weights=weights
    )
    return match_request, candidates, ranking, domains


def candidates_for(
    session: Session,
    contact_request: ContactRequest,
    viewer: User,
    *,
    now: dt.datetime,
    weights: Weights,
) -> CandidateView:
    """Cards for the requester (3-5) or the full picture for a coordinator."""
    request = contact_request
    if requests_service.may_manage(session, request, viewer):
        kind: ViewerKind = "requester"
    elif may_coordinate_request(session, request, viewer):
        kind = "coordinator"
    else:
        raise NotFound("match.error.request_not_found")
    if request.status is not RequestStatus.OPEN:
        raise Conflict("match.error.request_not_open")
    match_request, candidates, ranking, domains = rank_request(
        session, request, now=now, weights=weights
    )
    limit = CARDS_FOR_REQUESTER if kind == "requester" else CARDS_FOR_COORDINATOR
    shown = ranking.ranked[:limit]
    profiles = profiles_by_id(session, [r.peer_id for r in shown])
    cards = []
    for position, ranked in enumerate(shown, start=1):
        profile = profiles[ranked.peer_id]
        reasons = ranked.reasons
        cards.append(
            CandidateCard(
                position=position,
                profile=profile,
                ranked=ranked,
                reasons=reasons,
                shared=_shared(profile, reasons, match_request.audience, domains),
                modes=sorted(ranked.modes),
            )
        )
    relaxations: list[Relaxation] = []
    if len(ranking.ranked) < 3:
        if match_request.windows:
            # "Any time" must count slots outside the windows too.
            candidates = with_all_free_slots(session, candidates, now=now)
        relaxations = suggest_relaxations(
            match_request, candidates, taxonomy=taxonomy_of(domains), now=now
        )
    return CandidateView(
        request=request,
        audience=match_request.audience,
        viewer_kind=kind,
        cards=cards,
        eligible_count=len(ranking.ranked),
        exclusion_counts=ranking.exclusion_counts,
        relaxations=relaxations,
        domains=domains,
    )


def explanation_of(ranked: RankedCandidate, audience: str, now: dt.datetime) -> dict[str, object]:
    """What is stored on a proposal: the score, every factor's value and weight, the reasons."""
    return {
        "score": ranked.score,
        "audience": audience,
        "ranked_at": now.isoformat(),
        "factors": {
            name: {"value": f.value, "weight": f.weight} for name, f in ranked.factors.items()
        },
        "reasons": [{"key": r.key, "params": dict(r.params)} for r in ranked.reasons],
    }


def group_by_audience(
    requests: Sequence[ContactRequest], now: dt.datetime
) -> dict[str, list[ContactRequest]]:
    grouped: dict[str, list[ContactRequest]] = defaultdict(list)
    for request in requests:
        grouped[audience_of(request, now)].append(request)
    return grouped
