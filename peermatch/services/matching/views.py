"""Ranking one request and turning the ranking into cards for the requester or a coordinator."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.matching import (
    Candidate,
    ExclusionReason,
    MatchRequest,
    RankedCandidate,
    Ranking,
    Reason,
    Relaxation,
    Weights,
    needing_slots,
    rank_candidates,
    relaxations_from_ranking,
)
from peermatch.matching.collector import collector_paused
from peermatch.matching.types import Audience, Interval
from peermatch.models import (
    ContactRequest,
    ExperienceDomain,
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
    RequestStatus,
    Role,
)
from peermatch.services import accounts, disclosure
from peermatch.services import requests as requests_service
from peermatch.services.errors import Conflict, NotFound
from peermatch.services.matching import prefilter
from peermatch.services.matching.candidates import (
    load_candidates,
    profiles_by_id,
    with_all_free_slots,
    with_window_slots,
)
from peermatch.services.matching.request_inputs import (
    audience_of,
    build_match_request,
    domains_by_id,
    taxonomy_of,
)
from peermatch.services.matching.settings import (
    CARDS_FOR_COORDINATOR,
    CARDS_FOR_REQUESTER,
    ViewerKind,
)

#: fewer eligible peer experts than this and the view suggests relaxations
RELAX_BELOW = 3


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
    windows (see ``load_candidates``); ``with_all_free_slots`` completes them if needed.
    Those a hard filter excludes before the slots are read carry none at all."""
    match_request, candidates, ranking, domains, _ = _rank(
        session, request, now=now, weights=weights
    )
    return match_request, candidates, ranking, domains


@collector_paused
def _rank(
    session: Session,
    request: ContactRequest,
    *,
    now: dt.datetime,
    weights: Weights,
    narrow: bool = False,
) -> tuple[MatchRequest, list[Candidate], Ranking, dict[int, ExperienceDomain], set[int]]:
    """`rank_request`, also naming the candidates whose slots were not generated.

    ``narrow``: load only the peer experts who meet the hard filters a database can check
    (`prefilter`): the same ranking, but the exclusions hold only those loaded."""
    match_request = build_match_request(session, request, now=now)
    domains = domains_by_id(session)
    taxonomy = taxonomy_of(domains)
    where: tuple[Any, ...] = ()
    among = None
    if narrow:
        ids = prefilter.profile_ids(session, prefilter.conditions(match_request, taxonomy, now))
        where = (prefilter.id_among(session, PeerExpertProfile.id, ids),)
        among = prefilter.id_selection(session, ids)
    needed: set[int] = set()

    def slots_for(found: list[Candidate]) -> set[int]:
        needed.update(needing_slots(match_request, found, taxonomy=taxonomy, now=now))
        return needed

    candidates = load_candidates(
        session,
        audience=match_request.audience,
        now=now,
        requester_id=request.requester_id,
        requester_windows=match_request.windows,
        slots_for=slots_for,
        where=where,
        among=among,
        # the ranking reads each candidate's soonest slot inside the windows, nothing more
        soonest_only=narrow,
    )
    ranking = rank_candidates(
        match_request, candidates, taxonomy=taxonomy, now=now, weights=weights
    )
    skipped = {c.peer_id for c in candidates} - needed
    return match_request, candidates, ranking, domains, skipped


@collector_paused
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
    # A requester sees cards, never the exclusions: their ranking needs only the peer
    # experts who may pass the hard filters. Relaxation hints count the excluded, so when
    # fewer than three fit (the only time hints are given) everyone is loaded after all.
    narrow = kind == "requester"
    match_request, candidates, ranking, domains, skipped = _rank(
        session, request, now=now, weights=weights, narrow=narrow
    )
    if narrow and len(ranking.ranked) < RELAX_BELOW:
        match_request, candidates, ranking, domains, skipped = _rank(
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
    if len(ranking.ranked) < RELAX_BELOW:
        # Relaxing a filter lets some of those excluded before their slots were read
        # through: they need their slots now (inside the windows, as everyone else).
        candidates = with_window_slots(
            session, candidates, skipped, now=now, windows=match_request.windows
        )
        with_all_slots = None
        if match_request.windows:
            # "Any time" must count slots outside the windows too, but only for those who
            # had no slot inside them: nobody else can gain from it.
            slot_bound = {
                e.peer_id
                for e in ranking.excluded
                if e.reason in (ExclusionReason.VOG, ExclusionReason.NO_SLOT)
            }
            with_all_slots = {
                c.peer_id: c
                for c in with_all_free_slots(
                    session, [c for c in candidates if c.peer_id in slot_bound], now=now
                )
            }
        relaxations = relaxations_from_ranking(
            match_request,
            ranking,
            candidates,
            taxonomy=taxonomy_of(domains),
            now=now,
            with_all_slots=with_all_slots,
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
