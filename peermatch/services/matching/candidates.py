"""Every active peer expert as the matching core's `Candidate`, in a constant number of SQL
statements however many there are (plain rows, JSON decoded once per distinct value)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from sqlalchemy import Select, String, Text, and_, case, cast, func, or_, select, type_coerce
from sqlalchemy.orm import Session, joinedload, lazyload

from peermatch.availability import Interval as SlotInterval
from peermatch.availability import SlotPairs
from peermatch.matching import (
    Candidate,
    DomainEntry,
    stable_tie_break_key,
)
from peermatch.matching.collector import collector_paused
from peermatch.matching.types import AUDIENCES, SESSION_ZONE, Audience, Interval
from peermatch.models import (
    Booking,
    BookingParticipant,
    MatchProposal,
    Organisation,
    PeerExpertProfile,
    ProfileDomain,
    User,
)
from peermatch.models.enums import (
    Audience as AudienceEnum,
)
from peermatch.models.enums import (
    DomainEntryStatus,
    ProfileStatus,
    ProposalStatus,
)
from peermatch.services import accounts, disclosure, feedback
from peermatch.services.availability import free_slot_pairs_for_many
from peermatch.services.matching.settings import (
    ACCEPTED_STATUSES,
    RECENT_PROPOSAL_DAYS,
)
from peermatch.services.rows import plain_rows

#: the profiles matching loads when nothing narrower is asked for
_ACTIVE = (PeerExpertProfile.status == ProfileStatus.ACTIVE,)
_ACTIVE_VALUE = ProfileStatus.ACTIVE.value


def _workload(
    session: Session, now: dt.datetime, where: Sequence[Any] = ()
) -> dict[int, tuple[int, int]]:
    """profile id -> (active matches, accepted proposals in the last 30 days), one statement."""
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
    # Declining is free: only accepted matches count as recent work, so a decline or an
    # expired proposal never lowers a peer expert's later ranking.
    fresh = case(
        (
            and_(
                MatchProposal.created_at >= recent,
                MatchProposal.status.in_(ACCEPTED_STATUSES),
            ),
            1,
        ),
        else_=0,
    )
    rows = plain_rows(
        session,
        select(MatchProposal.profile_id, func.sum(active), func.sum(fresh))
        .join(PeerExpertProfile, MatchProposal.profile_id == PeerExpertProfile.id)
        .where(*(where or _ACTIVE))
        .group_by(MatchProposal.profile_id),
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
    rows = plain_rows(
        session,
        select(BookingParticipant.user_id, Booking.starts_at, Booking.ends_at)
        .join(Booking, BookingParticipant.booking_id == Booking.id)
        .where(BookingParticipant.active.is_(True), BookingParticipant.user_id.in_(user_ids)),
    )
    for user_id, start, end in rows:
        found[user_id].append((start, end))
    return found


def proposable() -> tuple[Any, ...]:
    """THE condition (besides a verified, active profile) for being proposed at all: the
    account is active and so is the organisation the profile belongs to (administration
    deactivates either). Conditions on ``PeerExpertProfile`` joined with ``User``."""
    inactive_orgs = select(Organisation.id).where(Organisation.deactivated_at.is_not(None))
    return (
        User.is_active.is_(True),
        or_(
            PeerExpertProfile.organisation_id.is_(None),
            PeerExpertProfile.organisation_id.not_in(inactive_orgs),
        ),
    )


def _active_profile_rows(session: Session, where: Sequence[Any] = ()) -> Iterator[Any]:
    """Active (verified) profiles as plain rows of what matching needs: building ORM
    objects for a thousand profiles costs more than everything else matching does.
    `load_candidates` unpacks the columns in this order.

    Fetched whole (a client-side cursor), not streamed: PostgreSQL plans a server-side
    cursor for its first rows, and without fresh statistics that plan read a thousand
    profiles in 13 ms instead of 2; ten thousand plain rows are a few megabytes."""
    return iter(
        plain_rows(
            session,
            select(
                PeerExpertProfile.id,
                PeerExpertProfile.user_id,
                PeerExpertProfile.public_key,
                _enum_value(PeerExpertProfile.status),
                _json_text(PeerExpertProfile.audiences),
                PeerExpertProfile.vog_date,
                _json_text(PeerExpertProfile.languages),
                _json_text(PeerExpertProfile.modes),
                PeerExpertProfile.latitude,
                PeerExpertProfile.longitude,
                PeerExpertProfile.max_travel_km,
                _enum_value(PeerExpertProfile.gender),
                PeerExpertProfile.max_active_matches,
                User.birth_year,
            )
            .join(User, User.id == PeerExpertProfile.user_id)
            .where(*(where or _ACTIVE), *proposable())
            .order_by(PeerExpertProfile.id),
        )
    )


def _enum_value(column: Any) -> Any:
    """An enum column read as its stored value (the columns store values, not native
    enums): the same SQL, but no enum built per row for a thousand rows that only compare
    or pass on the value."""
    return type_coerce(column, String).label(column.key)


def _json_text(column: Any) -> Any:
    """A JSON list column read as its text: peer experts mostly hold the same few lists,
    so decoding each distinct text once (see `_Shared.decoded`) beats a json.loads per row."""
    return cast(column, Text).label(column.key)


class _Shared:
    """Equal immutable values shared instead of built once per peer expert: most peer
    experts speak the same languages and open their entries the same way, and a thousand
    copies only cost time and memory (frozen values, so sharing them is safe)."""

    def __init__(self) -> None:
        self._values: dict[object, Any] = {}

    def decoded(self, raw: str | None) -> tuple[str, ...]:
        """A JSON list's text as a tuple, decoded once per distinct text."""
        key = ("json", raw)
        value: tuple[str, ...] | None = self._values.get(key)
        if value is None:
            loaded = json.loads(raw) if raw else []
            value = self._values[key] = tuple(loaded or ())
        return value

    def set_of_json(self, raw: str | None) -> frozenset[Any]:
        key = ("json-set", raw)
        value: frozenset[Any] | None = self._values.get(key)
        if value is None:
            value = self._values[key] = self.set_of(self.decoded(raw))
        return value

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


@dataclass(frozen=True, slots=True)
class _EntryFacts:
    """What the disclosure rule reads of an entry, from one plain row."""

    status: DomainEntryStatus
    ready_to_share: bool
    audiences: list[str]


def _usable_domain_entries(
    session: Session, shared: _Shared, where: Sequence[Any] = ()
) -> dict[int, list[DomainEntry]]:
    """Per active profile, only the entries the disclosure rule makes usable, and for which
    audiences (the same rule decides per audience); one statement whatever the count.

    Rows are turned into entries as they arrive, and the rule's answer is remembered per
    distinct (status, ready, entry audiences, profile audiences): most entries share them.
    """
    opened_cache: dict[tuple[object, ...], frozenset[str]] = {}
    # the entry itself, shared, per distinct (domain, status, ready, audiences, profile
    # audiences): a row then costs one lookup (None: the rule opens it for nobody)
    entry_cache: dict[tuple[object, ...], DomainEntry | None] = {}
    entries: dict[int, list[DomainEntry]] = defaultdict(list)
    for profile_id, domain_id, status, ready, audiences, profile_audiences in plain_rows(
        session,
        select(
            ProfileDomain.profile_id,
            ProfileDomain.domain_id,
            _enum_value(ProfileDomain.status),
            ProfileDomain.ready_to_share,
            cast(ProfileDomain.audiences, Text).label("audiences"),
            cast(PeerExpertProfile.audiences, Text).label("profile_audiences"),
        )
        .join(PeerExpertProfile, PeerExpertProfile.id == ProfileDomain.profile_id)
        .where(*(where or _ACTIVE))
        .order_by(ProfileDomain.profile_id, ProfileDomain.id),
    ):
        entry_key = (domain_id, status, ready, audiences, profile_audiences)
        if entry_key in entry_cache:
            entry = entry_cache[entry_key]
        else:
            key = entry_key[1:]
            opened = opened_cache.get(key)
            if opened is None:
                facts = _EntryFacts(
                    DomainEntryStatus(status), ready, list(shared.decoded(audiences))
                )
                decoded_profile_audiences = shared.decoded(profile_audiences)
                opened = frozenset(
                    a
                    for a in AUDIENCES
                    if disclosure.entry_usable(facts, AudienceEnum(a), decoded_profile_audiences)
                )
                opened_cache[key] = opened
            entry = entry_cache[entry_key] = (
                shared.entry(domain_id, opened, status) if opened else None
            )
        if entry is not None:
            entries[profile_id].append(entry)
    return entries


def _slot_windows(windows: Sequence[Interval] | None) -> list[SlotInterval] | None:
    return [SlotInterval(start, end) for start, end in windows] if windows else None


@collector_paused
def load_candidates(
    session: Session,
    *,
    audience: Audience,
    now: dt.datetime,
    requester_id: int | None = None,
    requester_windows: Sequence[Interval] | None = None,
    slots_for: Callable[[list[Candidate]], Container[int]] | None = None,
    where: Sequence[Any] = (),
    among: Select[Any] | None = None,
    soonest_only: bool = False,
) -> list[Candidate]:
    """Every active peer expert as the matching core sees them (constant SQL statements).

    With ``slots_for`` (given the candidates without slots, the ids whose slots will be
    read; see ``matching.needing_slots``) free slots are generated for those alone, the
    costliest step skipped for everyone a hard filter excludes anyway.

    With ``requester_windows`` (one request's times) the availability engine generates only
    the free slots inside those windows: the core keeps only those anyway, so the ranking is
    the same, at a fraction of the slots. ``soonest_only`` (with ``requester_windows``)
    keeps only the first of them, all that ranking this one request reads; ``where``:
    conditions on `PeerExpertProfile` narrowing who is loaded (``prefilter``), and
    ``among`` the query selecting the ids they narrow to, if there is one
    (``prefilter.id_selection``): the slot and rating statements select by it as it is.
    Leave the windows out when the candidates serve several requests (batch matching) or
    when asking "what if any time suited them" (relaxations).

    Runs with the cyclic garbage collector paused (see `collector_paused`).
    """
    where = list(where or _ACTIVE)
    shared = _Shared()
    entries = _usable_domain_entries(session, shared, where)
    # The statements select the active profiles by subquery, not by a thousand ids; the
    # profiles themselves come last, their rows turned straight into candidates.
    active_ids = (
        among if among is not None else select(PeerExpertProfile.id).where(*where).correlate(None)
    )
    sessions = active_sessions_by_user(
        session, select(PeerExpertProfile.user_id).where(*where).correlate(None)
    )
    workload = _workload(session, now, where)
    ratings = (
        feedback.continuity_ratings(session, requester_id, active_ids)
        if requester_id is not None
        else {}
    )
    today = now.astimezone(SESSION_ZONE).date()
    candidates: list[Candidate] = []
    vog_until: dict[dt.date | None, dt.date | None] = {}
    ages: dict[int | None, int | None] = {}
    # unpacked in the order `_active_profile_rows` selects: cheaper than a row's attributes
    for (
        profile_id,
        user_id,
        public_key,
        status,
        audiences,
        vog_date,
        languages,
        modes,
        latitude,
        longitude,
        max_travel_km,
        gender,
        max_active_matches,
        birth_year,
    ) in _active_profile_rows(session, where):
        active, recent = workload.get(profile_id, (0, 0))
        if vog_date in vog_until:
            valid_until = vog_until[vog_date]
        else:
            valid_until = vog_until[vog_date] = disclosure.vog_valid_until(vog_date)
        if birth_year in ages:
            age = ages[birth_year]
        else:
            age = ages[birth_year] = accounts.age_in_year(birth_year, today) if birth_year else None
        booked = sessions.get(user_id)
        candidates.append(
            Candidate(
                peer_id=profile_id,
                tie_break_key=stable_tie_break_key(profile_id, public_key),
                active_verified=status == _ACTIVE_VALUE,
                audiences=shared.set_of_json(audiences),
                domains=tuple(entries.get(profile_id, ())),
                vog_valid_until=valid_until,
                languages=shared.set_of_json(languages),
                modes=shared.set_of_json(modes),
                lat=latitude,
                lon=longitude,
                max_travel_km=float(max_travel_km) if max_travel_km is not None else None,
                gender=gender or None,
                age=age,
                active_matches=active,
                max_active_matches=max_active_matches,
                upcoming_sessions=sum(1 for start, _ in booked if start >= now) if booked else 0,
                recent_proposals=recent,
                past_rating=ratings.get(profile_id),
            )
        )
    only = slots_for(candidates) if slots_for is not None else None
    slots = free_slot_pairs_for_many(
        session,
        active_ids,
        now=now,
        requester_windows=_slot_windows(requester_windows),
        only=only,
        soonest_only=soonest_only,
    )
    return [
        _with_free_slots(c, found) if (found := slots.get(c.peer_id)) else c for c in candidates
    ]


_CANDIDATE_FIELDS = tuple(field.name for field in dataclasses.fields(Candidate))
_candidate_values = attrgetter(*_CANDIDATE_FIELDS)
_new = object.__new__
_set = object.__setattr__


def _with_free_slots(candidate: Candidate, slots: SlotPairs) -> Candidate:
    """``dataclasses.replace(candidate, free_slots=slots)`` without checking again what
    was checked when the candidate was built, nor the slots, which the slot engine made
    (sorted, UTC, each ending after it starts): `replace` gathers the fields by name and
    validates every value again, several times the cost for the few hundred candidates
    with a slot in every youth's candidates call."""
    copy: Candidate = _new(Candidate)
    for name, value in zip(_CANDIDATE_FIELDS, _candidate_values(candidate), strict=True):
        _set(copy, name, value)
    _set(copy, "free_slots", slots)
    return copy


def with_all_free_slots(
    session: Session, candidates: Sequence[Candidate], *, now: dt.datetime
) -> list[Candidate]:
    """The same candidates with every free slot, not only those inside one request's
    windows (four statements): what relaxing the request's times needs to count."""
    slots = free_slot_pairs_for_many(session, [c.peer_id for c in candidates], now=now)
    return [_with_free_slots(c, slots.get(c.peer_id, ())) for c in candidates]


def with_window_slots(
    session: Session,
    candidates: Sequence[Candidate],
    peer_ids: Container[int],
    *,
    now: dt.datetime,
    windows: Sequence[Interval] | None,
) -> list[Candidate]:
    """The same candidates, those in ``peer_ids`` given the free slots inside ``windows``
    that ``load_candidates(slots_for=...)`` skipped (four statements, none when empty)."""
    ids = [c.peer_id for c in candidates if c.peer_id in peer_ids]
    if not ids:
        return list(candidates)
    slots = free_slot_pairs_for_many(
        session, ids, now=now, requester_windows=_slot_windows(windows)
    )
    return [
        _with_free_slots(c, found) if (found := slots.get(c.peer_id)) else c for c in candidates
    ]


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
