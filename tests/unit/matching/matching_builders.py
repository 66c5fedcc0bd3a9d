"""Readable builders for matching tests: a small world of domains, places and people.

Defaults describe an ordinary fit (foster care experience, Dutch, video, free
tomorrow, valid VOG); each test overrides only what its story is about.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from peermatch.matching import (
    DEFAULT_WEIGHTS,
    Candidate,
    DomainEntry,
    ExclusionReason,
    MatchRequest,
    Ranking,
    RequestedDomain,
    Weights,
    audience_for,
    rank_candidates,
    stable_tie_break_key,
)
from peermatch.matching.types import AUDIENCES, Audience, Interval

# A Monday morning in late November.
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)

FAMILY, MOOD, SCHOOL = 1, 2, 3
FOSTER_CARE, DIVORCE, YOUNG_CARER = 11, 12, 13
DEPRESSION, ANXIETY = 21, 22
BULLYING = 31
TAXONOMY: dict[int, int | None] = {
    FAMILY: None,
    MOOD: None,
    SCHOOL: None,
    FOSTER_CARE: FAMILY,
    DIVORCE: FAMILY,
    YOUNG_CARER: FAMILY,
    DEPRESSION: MOOD,
    ANXIETY: MOOD,
    BULLYING: SCHOOL,
}

UTRECHT = (52.0907, 5.1214)
AMERSFOORT = (52.1561, 5.3878)  # ~21 km from Utrecht
AMSTERDAM = (52.3676, 4.9041)  # ~35 km from Utrecht
GRONINGEN = (53.2194, 6.5665)  # ~160 km from Utrecht

ALL_AUDIENCES: frozenset[Audience] = frozenset(AUDIENCES)  # type: ignore[arg-type]


def entry(
    domain_id: int,
    *,
    open_for: Iterable[Audience] = ALL_AUDIENCES,
    shown_to: Iterable[Audience] | None = None,
    status: str = "active",
) -> DomainEntry:
    opened = frozenset(open_for)
    return DomainEntry(
        domain_id=domain_id,
        open_for=opened,
        shown_to=opened if shown_to is None else frozenset(shown_to),
        status=status,  # type: ignore[arg-type]
    )


def slot(days: float = 1, hour: int = 15, minutes: int = 60) -> Interval:
    """A free hour `days` after NOW's date at `hour` UTC."""
    start = datetime(2026, 11, 23, hour, tzinfo=UTC) + timedelta(days=days)
    return (start, start + timedelta(minutes=minutes))


def window(days: float, start_hour: int, end_hour: int) -> Interval:
    day = datetime(2026, 11, 23, tzinfo=UTC) + timedelta(days=days)
    return (day + timedelta(hours=start_hour), day + timedelta(hours=end_hour))


def peer(peer_id: int, *domains: int | DomainEntry, **overrides: Any) -> Candidate:
    entries = tuple(
        d if isinstance(d, DomainEntry) else entry(d) for d in domains or (FOSTER_CARE,)
    )
    lat, lon = overrides.pop("place", UTRECHT)
    values: dict[str, Any] = {
        "peer_id": peer_id,
        "tie_break_key": stable_tie_break_key(peer_id, "tests"),
        "active_verified": True,
        "audiences": ALL_AUDIENCES,
        "domains": entries,
        "vog_valid_until": TODAY + timedelta(days=700),
        "languages": frozenset({"nl"}),
        "modes": frozenset({"video", "in_person"}),
        "lat": lat,
        "lon": lon,
        "max_travel_km": 30.0,
        "gender": "woman",
        "age": 22,
        "active_matches": 0,
        "max_active_matches": 3,
        "upcoming_sessions": 0,
        "recent_proposals": 0,
        "free_slots": (slot(1), slot(2)),
        "past_rating": None,
    }
    values.update(overrides)
    return Candidate(**values)


def youth_request(
    age: int = 15,
    most: Iterable[int] = (FOSTER_CARE,),
    also: Iterable[int] = (),
    **overrides: Any,
) -> MatchRequest:
    lat, lon = overrides.pop("place", UTRECHT)
    domains = tuple(RequestedDomain(d, "most") for d in most) + tuple(
        RequestedDomain(d, "also") for d in also
    )
    values: dict[str, Any] = {
        "kind": "youth",
        "audience": audience_for("youth", age),
        "requester_id": 500,
        "domains": domains,
        "earliest_session_date": TODAY,
        "languages": frozenset({"nl"}),
        "modes": frozenset({"video"}),
        "youth_age": age,
        "youth_gender": "girl",
        "lat": lat,
        "lon": lon,
        "max_distance_km": 25.0,
    }
    values.update(overrides)
    return MatchRequest(**values)


def team_request(most: Iterable[int] = (FOSTER_CARE,), **overrides: Any) -> MatchRequest:
    values: dict[str, Any] = {
        "kind": "team",
        "audience": "team",
        "requester_id": 900,
        "domains": tuple(RequestedDomain(d, "most") for d in most),
        "earliest_session_date": TODAY,
        "languages": frozenset({"nl"}),
        "modes": frozenset({"video"}),
        "lat": UTRECHT[0],
        "lon": UTRECHT[1],
    }
    values.update(overrides)
    return MatchRequest(**values)


def rank(
    request: MatchRequest, *candidates: Candidate, weights: Weights = DEFAULT_WEIGHTS
) -> Ranking:
    return rank_candidates(request, candidates, taxonomy=TAXONOMY, now=NOW, weights=weights)


def order(ranking: Ranking) -> list[int]:
    return [r.peer_id for r in ranking.ranked]


def excluded_reason(ranking: Ranking, peer_id: int) -> ExclusionReason | None:
    return next((e.reason for e in ranking.excluded if e.peer_id == peer_id), None)


def ranked(ranking: Ranking, peer_id: int) -> Any:
    return next(r for r in ranking.ranked if r.peer_id == peer_id)
