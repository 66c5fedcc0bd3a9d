"""The input shapes of a contact request, and its limits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peermatch.models.enums import Gender, Importance, Mode, ProposalStatus, RequestStatus

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
    #: The team's own words about what they need: stored and read like a youth's own words.
    notes: str | None = None
