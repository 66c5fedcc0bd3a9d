"""Plain, frozen inputs and outputs of the matching core.

Services translate database rows into these; nothing here knows about storage.
All datetimes are timezone-aware UTC; dates (VOG, earliest session) are Dutch
calendar dates (see `SESSION_ZONE`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Literal, NamedTuple, get_args
from zoneinfo import ZoneInfo

Audience = Literal["youth_12_15", "youth_16_17", "adult_18_plus", "team"]
RequestKind = Literal["youth", "team"]
Importance = Literal["most", "also"]
Mode = Literal["video", "phone", "chat", "in_person"]
GenderPreference = Literal["none", "same", "specific"]
EntryStatus = Literal["active", "paused", "withdrawn"]

AUDIENCES: frozenset[str] = frozenset(get_args(Audience))
MODES: frozenset[str] = frozenset(get_args(Mode))
MINOR_AUDIENCES: frozenset[str] = frozenset({"youth_12_15", "youth_16_17"})

#: Sessions happen in the Netherlands, so "the session date" (for VOG validity and the
#: earliest session date) is the calendar date in this zone, not the UTC date.
SESSION_ZONE = ZoneInfo("Europe/Amsterdam")

#: domain_id -> parent_id (None for a top-level category). Usually category -> domain.
Taxonomy = Mapping[int, int | None]

#: A half-open UTC interval [start, end).
Interval = tuple[datetime, datetime]

ParamValue = int | float | str


def audience_for(kind: RequestKind, age: int | None) -> Audience:
    """Derive the disclosure audience, because peer experts open domains per audience."""
    if kind == "team":
        return "team"
    if age is None:
        raise ValueError("a youth request needs the youth's age to derive the audience")
    if not 12 <= age <= 25:
        raise ValueError(f"youth age {age} is outside 12-25")
    if age <= 15:
        return "youth_12_15"
    if age <= 17:
        return "youth_16_17"
    return "adult_18_plus"


def stable_tie_break_key(peer_id: int, salt: str) -> str:
    """A deterministic yet name-independent order for equal scores.

    Alphabetical order would always favour the same first names; a salted hash
    spreads ties without any randomness at ranking time.
    """
    return hashlib.blake2b(f"{salt}:{peer_id}".encode(), digest_size=8).hexdigest()


def _check_aware(value: datetime, what: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")


def _check_intervals(intervals: tuple[Interval, ...], what: str, *, sorted_: bool) -> None:
    previous: datetime | None = None
    for start, end in intervals:
        # UTC (what the services pass) is aware by definition: skip asking the offset.
        if start.tzinfo is not UTC:
            _check_aware(start, what)
        if end.tzinfo is not UTC:
            _check_aware(end, what)
        if end <= start:
            raise ValueError(f"{what}: end must be after start")
        if sorted_ and previous is not None and start < previous:
            raise ValueError(f"{what} must be sorted by start")
        previous = start


@dataclass(frozen=True, slots=True)
class RequestedDomain:
    domain_id: int
    importance: Importance = "most"


@dataclass(frozen=True, slots=True)
class MatchRequest:
    """What the youth or team asked for.

    Empty `languages`, `modes` or `windows` mean "no constraint". Both block lists
    live here (not on the candidates) so that ids of youths and teams never share
    one id space inside a candidate; the service resolves them for this requester.
    A past decline is *only* visible through these block lists: there is no declines
    input, so declining can never lower a peer expert's future ranking.
    """

    kind: RequestKind
    audience: Audience
    requester_id: int
    domains: tuple[RequestedDomain, ...]
    earliest_session_date: date
    languages: frozenset[str] = frozenset()
    first_language: str | None = None
    modes: frozenset[Mode] = frozenset()
    youth_age: int | None = None
    youth_gender: str | None = None
    lat: float | None = None
    lon: float | None = None
    max_distance_km: float | None = None
    gender_preference: GenderPreference = "none"
    preferred_gender: str | None = None
    gender_is_strict: bool = False
    prefers_age_close: bool = False
    windows: tuple[Interval, ...] = ()
    horizon_days: int = 28
    #: peer experts this requester declined or asked not to be matched with again
    blocked_peer_ids: frozenset[int] = frozenset()
    #: peer experts who asked not to meet this requester again
    peer_ids_blocking_requester: frozenset[int] = frozenset()
    #: a team request about a minor needs VOG just like a minor's own request
    involves_minors: bool = False

    def __post_init__(self) -> None:
        if self.audience not in AUDIENCES:
            raise ValueError(f"unknown audience {self.audience!r}")
        if (self.kind == "team") != (self.audience == "team"):
            raise ValueError("team requests (and only they) use the 'team' audience")
        if (
            self.kind == "youth"
            and self.youth_age is not None
            and audience_for("youth", self.youth_age) != self.audience
        ):
            raise ValueError("audience does not match the youth's age")
        unknown = set(self.modes) - MODES
        if unknown:
            raise ValueError(f"unknown modes {sorted(unknown)}")
        if self.gender_preference == "specific" and not self.preferred_gender:
            raise ValueError("a specific gender preference needs preferred_gender")
        if self.horizon_days <= 0:
            raise ValueError("horizon_days must be positive")
        if self.max_distance_km is not None and self.max_distance_km < 0:
            raise ValueError("max_distance_km must not be negative")
        _check_intervals(self.windows, "windows", sorted_=False)

    @property
    def requires_vog(self) -> bool:
        return self.involves_minors or self.audience in MINOR_AUDIENCES


@dataclass(frozen=True, slots=True)
class DomainEntry:
    """One experience domain of a peer expert, with their disclosure choices.

    `open_for`: audiences for which the entry may be used for matching at all.
    `shown_to`: audiences that may see it named (in reasons); only counts where the
    entry is also open and active, so a hidden entry can never leak through a reason.
    """

    domain_id: int
    open_for: frozenset[Audience]
    shown_to: frozenset[Audience] = frozenset()
    status: EntryStatus = "active"

    def usable_for(self, audience: str) -> bool:
        return self.status == "active" and audience in self.open_for

    def showable_to(self, audience: str) -> bool:
        return self.usable_for(audience) and audience in self.shown_to


@dataclass(frozen=True, slots=True)
class Candidate:
    """A peer expert as the matching core sees them.

    `free_slots` come from the availability engine: the peer expert's own free time,
    sorted by start, already reduced by their weekly cap and existing bookings, so the
    capacity filter here only looks at concurrent active matches. They may or may not
    be limited to the requester's windows already (the service asks the engine for
    those only, to save work): this module keeps only slots inside a window either way,
    so both give the same ranking. Limited to the windows, they may even hold only the
    first such slot (the youth's candidates call): with one session length, a later slot
    is no sooner and ends no earlier, so the ranking reads nothing else.
    `past_rating` is the best rating (1-5) this requester gave an earlier match with
    this peer expert, if any.
    """

    peer_id: int
    tie_break_key: str
    active_verified: bool
    audiences: frozenset[Audience]
    domains: tuple[DomainEntry, ...]
    vog_valid_until: date | None = None
    languages: frozenset[str] = frozenset()
    modes: frozenset[Mode] = frozenset()
    lat: float | None = None
    lon: float | None = None
    max_travel_km: float | None = None
    gender: str | None = None
    age: int | None = None
    active_matches: int = 0
    max_active_matches: int = 1
    upcoming_sessions: int = 0
    recent_proposals: int = 0
    free_slots: tuple[Interval, ...] = ()
    past_rating: float | None = None

    def __post_init__(self) -> None:
        if self.active_matches < 0 or self.max_active_matches < 0:
            raise ValueError("match counts must not be negative")
        if self.upcoming_sessions < 0 or self.recent_proposals < 0:
            raise ValueError("workload counts must not be negative")
        if self.past_rating is not None and not 1 <= self.past_rating <= 5:
            raise ValueError("past_rating must be within 1-5")
        _check_intervals(self.free_slots, "free_slots", sorted_=True)


class ExclusionReason(StrEnum):
    """Hard filters in the fixed order they run; the first failing one is reported."""

    INACTIVE = "inactive"
    BLOCKED_BY_REQUESTER = "blocked_by_requester"
    BLOCKED_BY_PEER = "blocked_by_peer"
    AUDIENCE = "audience"
    NO_OPEN_DOMAIN = "no_open_domain"
    GENDER = "gender"
    LANGUAGE = "language"
    MODE = "mode"
    DISTANCE = "distance"
    CAPACITY = "capacity"
    VOG = "vog"
    NO_SLOT = "no_slot"

    @property
    def translation_key(self) -> str:
        return f"exclusion.{self.value}"


@dataclass(frozen=True, slots=True)
class Reason:
    """An explanation as a translation key plus parameters, rendered by the web layer."""

    key: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FactorScore:
    value: float
    weight: float


class Exclusion(NamedTuple):
    """A peer expert who may not be proposed, and the first hard filter that said so.

    A named tuple: a ranking builds thousands of these, cheaply."""

    peer_id: int
    reason: ExclusionReason
