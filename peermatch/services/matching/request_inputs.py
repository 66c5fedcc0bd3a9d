"""One contact request as the matching core's `MatchRequest`: audience, times, block lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch import dutch_calendar
from peermatch.availability import Interval as SlotInterval
from peermatch.availability import WeeklyPart, requester_intervals
from peermatch.matching import (
    MatchRequest,
    RequestedDomain,
)
from peermatch.matching.types import SESSION_ZONE, Audience, Interval
from peermatch.models import (
    Booking,
    ContactRequest,
    ExperienceDomain,
    Feedback,
    MatchProposal,
    PeerExpertProfile,
)
from peermatch.models.enums import (
    RequestKind,
)
from peermatch.services import disclosure, feedback
from peermatch.services import requests as requests_service
from peermatch.services.matching.settings import HORIZON_DAYS, SPENT_STATUSES


def domains_by_id(session: Session) -> dict[int, ExperienceDomain]:
    return {d.id: d for d in session.scalars(select(ExperienceDomain))}


def taxonomy_of(domains: Mapping[int, ExperienceDomain]) -> dict[int, int | None]:
    return {d.id: d.parent_id for d in domains.values()}


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
