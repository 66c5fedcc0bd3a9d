"""Everything about a request that does not depend on the candidate, computed once.

Ranking 10,000 candidates must stay well under 50 ms, so per-request work
(window merging, taxonomy relations, local-date boundaries) happens here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from peermatch.matching.distance import Origin
from peermatch.matching.experience import Relation, importance_weights, relation_table
from peermatch.matching.types import SESSION_ZONE, Interval, MatchRequest, Taxonomy


def merge_windows(windows: tuple[Interval, ...]) -> tuple[Interval, ...]:
    """Sorted, disjoint windows: a slot spanning two touching windows still fits."""
    merged: list[list[datetime]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def local_midnight_utc(day: date) -> datetime:
    """Start of a Dutch calendar day as an aware datetime (DST-correct)."""
    return datetime.combine(day, time(0), tzinfo=SESSION_ZONE).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class RequestContext:
    request: MatchRequest
    now: datetime
    audience: str
    not_before: datetime
    first_session_date: date
    horizon_end: datetime
    windows: tuple[Interval, ...]
    window_starts: tuple[datetime, ...]
    window_ends: tuple[datetime, ...]
    relations: dict[int, tuple[Relation, ...]]
    importance: tuple[float, ...]
    importance_total: float
    requires_vog: bool
    origin: Origin | None
    _vog_expiry_cache: dict[date, datetime] = field(default_factory=dict)

    def vog_expiry(self, valid_until: date) -> datetime:
        """First instant a VOG valid through `valid_until` (inclusive) no longer covers."""
        cached = self._vog_expiry_cache.get(valid_until)
        if cached is None:
            cached = local_midnight_utc(valid_until + timedelta(days=1))
            self._vog_expiry_cache[valid_until] = cached
        return cached


def build_context(request: MatchRequest, taxonomy: Taxonomy, now: datetime) -> RequestContext:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    not_before = max(now, local_midnight_utc(request.earliest_session_date))
    windows = merge_windows(request.windows)
    importance = importance_weights(request.domains)
    return RequestContext(
        request=request,
        now=now.astimezone(UTC),
        audience=request.audience,
        not_before=not_before,
        first_session_date=not_before.astimezone(SESSION_ZONE).date(),
        horizon_end=now + timedelta(days=request.horizon_days),
        windows=windows,
        window_starts=tuple(w[0] for w in windows),
        window_ends=tuple(w[1] for w in windows),
        relations=relation_table(request.domains, taxonomy),
        importance=importance,
        importance_total=sum(importance),
        requires_vog=request.requires_vog,
        origin=(
            Origin(request.lat, request.lon)
            if request.lat is not None and request.lon is not None
            else None
        ),
    )
