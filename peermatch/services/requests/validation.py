"""Validation helpers shared by the youth and team request use cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, ExperienceDomain, RequestDomain
from peermatch.models.enums import Mode
from peermatch.places import get_place
from peermatch.services import taxonomy
from peermatch.services.errors import Conflict, InvalidInput
from peermatch.services.requests.access import has_proposals
from peermatch.services.requests.inputs import (
    EDITABLE_STATUSES,
    MAX_DISTANCE_KM,
    MAX_DOMAINS,
    MAX_PEER_EXPERTS,
    MAX_WINDOWS,
    PARTS_OF_DAY,
    TEAM_PURPOSES,
    WINDOW_HORIZON_DAYS,
    DomainChoice,
    TimeWindow,
    WeeklyPart,
)


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


def _load_domains(
    session: Session, ids: list[int], *, kept: Collection[int] = ()
) -> dict[int, ExperienceDomain]:
    """The chosen domains; a retired one only if the request already had it (``kept``)."""
    if len(ids) > MAX_DOMAINS:
        raise InvalidInput("request.error.too_many_domains", max=MAX_DOMAINS)
    try:
        return taxonomy.check_choosable(session, ids, kept=kept)
    except InvalidInput as err:
        if err.key == "taxonomy.error.domain_unknown":
            raise InvalidInput("request.error.domain_unknown") from err
        raise


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


def _common_gaps(request: ContactRequest) -> list[InvalidInput]:
    """What a request still lacks before it can be sent, every gap at once (in page order)."""
    gaps = []
    if not request.languages:
        gaps.append(InvalidInput("request.error.languages_required"))
    if not request.modes:
        gaps.append(InvalidInput("request.error.modes_required"))
    if Mode.IN_PERSON.value in request.modes and (
        request.place_id is None or request.max_distance_km is None
    ):
        gaps.append(InvalidInput("request.error.place_required"))
    return gaps


def _team_gaps(request: ContactRequest) -> list[InvalidInput]:
    gaps = []
    if request.purpose not in TEAM_PURPOSES:
        gaps.append(InvalidInput("request.error.purpose_required"))
    if not request.domains:
        gaps.append(InvalidInput("request.error.domains_required"))
    if not 1 <= request.peer_experts_wanted <= MAX_PEER_EXPERTS:
        gaps.append(InvalidInput("request.error.peer_experts_wanted", max=MAX_PEER_EXPERTS))
    if not (request.time_preferences or {}).get("windows"):
        gaps.append(InvalidInput("request.error.windows_required"))
    return gaps + _common_gaps(request)
