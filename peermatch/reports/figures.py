"""The report's figures, each a small table the page draws as a chart and offers as CSV.

Months are calendar months in the viewer's time zone; durations are in days. A figure's
cells are plain values; ``None`` means "fewer than ``MIN_GROUP``" and is never a zero.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

#: Aggregates resting on fewer people or answers than this are not shown.
MIN_GROUP = 3

#: Waiting-time steps: (name, from milestone, to milestone).
STEPS: tuple[tuple[str, str, str], ...] = (
    ("request_to_proposal", "submitted", "proposed"),
    ("proposal_to_accepted", "proposed", "accepted"),
    ("accepted_to_approved", "accepted", "approved"),
    ("approved_to_session", "approved", "first_session"),
    ("request_to_session", "submitted", "first_session"),
)

Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class RequestFact:
    id: int
    submitted_at: dt.datetime
    audience: str
    domain_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ProposalFact:
    request_id: int
    profile_id: int
    asked_at: dt.datetime | None
    accepted_at: dt.datetime | None
    approved_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class BookingFact:
    request_id: int
    profile_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str  # requested, held, confirmed, completed, cancelled, no_show
    cancelled_late: bool = False


@dataclass(frozen=True, slots=True)
class PeerFact:
    profile_id: int
    name: str
    cap_per_week: int
    vog_status: str
    training_status: str
    #: per audience, the domains this peer expert's disclosure choices open for matching
    usable: Mapping[str, frozenset[int]] = field(default_factory=dict)
    #: the states of their certificates (training, first aid, other) on the report's day
    certificates: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class FeedbackFact:
    created_at: dt.datetime
    rating: int


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure: ``columns`` name the cells of each row (the web layer translates them);
    ``chart`` names the numeric columns drawn as bars, against the first column."""

    id: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    months: tuple[str, ...]
    figures: tuple[Figure, ...]

    def figure(self, figure_id: str) -> Figure:
        for figure in self.figures:
            if figure.id == figure_id:
                return figure
        raise KeyError(figure_id)


def suppress(count: int) -> int | None:
    """A count as shown: zero stays zero, 1 and 2 become None ("< 3")."""
    return None if 0 < count < MIN_GROUP else count


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: always one of the values, so it is never an invented time."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def month_keys(start: dt.date, end: dt.date) -> tuple[str, ...]:
    """Every calendar month from ``start``'s to ``end``'s, as "YYYY-MM"."""
    keys: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(keys)


def _month(moment: dt.datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local.year:04d}-{local.month:02d}"


@functools.cache
def _boundaries(months: tuple[str, ...], zone: ZoneInfo) -> tuple[dt.datetime, ...]:
    """The UTC instants where each month starts in ``zone``, and where the last one ends."""
    firsts = [dt.date.fromisoformat(f"{m}-01") for m in months]
    last = firsts[-1]
    firsts.append(
        dt.date(last.year + 1, 1, 1) if last.month == 12 else last.replace(month=last.month + 1)
    )
    return tuple(dt.datetime.combine(d, dt.time(), zone).astimezone(dt.UTC) for d in firsts)


def _month_in(moment: dt.datetime, months: tuple[str, ...], zone: ZoneInfo) -> str:
    """``_month`` by bisection over the period's month starts: thousands of facts cost
    thousands of comparisons instead of thousands of time-zone conversions."""
    edges = _boundaries(months, zone)
    index = bisect.bisect_right(edges, moment) - 1
    if 0 <= index < len(months):
        return months[index]
    return _month(moment, zone)


def _days(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 86400


def _round(value: float) -> float:
    return round(value, 1)


def _earliest(values: Iterable[dt.datetime | None]) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _milestones(
    requests: Sequence[RequestFact],
    proposals: Sequence[ProposalFact],
    bookings: Sequence[BookingFact],
) -> dict[int, dict[str, dt.datetime | None]]:
    by_request: dict[int, list[ProposalFact]] = defaultdict(list)
    for p in proposals:
        by_request[p.request_id].append(p)
    sessions: dict[int, list[dt.datetime]] = defaultdict(list)
    for b in bookings:
        if b.status in ("confirmed", "completed"):
            sessions[b.request_id].append(b.starts_at)
    result: dict[int, dict[str, dt.datetime | None]] = {}
    for r in requests:
        mine = by_request.get(r.id, [])
        result[r.id] = {
            "submitted": r.submitted_at,
            "proposed": _earliest(p.asked_at for p in mine),
            "accepted": _earliest(p.accepted_at for p in mine),
            "approved": _earliest(p.approved_at for p in mine),
            "first_session": min(sessions[r.id]) if sessions.get(r.id) else None,
        }
    return result


def waiting_times(
    months: tuple[str, ...],
    zone: ZoneInfo,
    requests: Sequence[RequestFact],
    proposals: Sequence[ProposalFact],
    bookings: Sequence[BookingFact],
) -> Figure:
    """Per month of the request and step: how many reached it, median and 90th percentile
    in days. Steps reached by fewer than three requests show no times."""
    marks = _milestones(requests, proposals, bookings)
    durations: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in requests:
        month = _month_in(r.submitted_at, months, zone)
        m = marks[r.id]
        for step, start_key, end_key in STEPS:
            start, end = m[start_key], m[end_key]
            if start is not None and end is not None and end >= start:
                durations[(month, step)].append(_days(start, end))
    rows: list[tuple[Cell, ...]] = []
    for month in months:
        for step, _, _ in STEPS:
            values = durations.get((month, step), [])
            if len(values) >= MIN_GROUP:
                median = _round(statistics.median(values))
                p90 = _round(percentile(values, 0.9))
                rows.append((month, step, len(values), median, p90))
            else:
                rows.append((month, step, suppress(len(values)), None, None))
    return Figure(
        "waiting",
        ("month", "step", "requests", "median_days", "p90_days"),
        tuple(rows),
    )


def activity(
    months: tuple[str, ...],
    zone: ZoneInfo,
    requests: Sequence[RequestFact],
    proposals: Sequence[ProposalFact],
    bookings: Sequence[BookingFact],
) -> Figure:
    """Per month: requests, approved matches, sessions held, cancelled late and in time,
    no-shows. Sessions count in the month they were planned to start."""
    counts: dict[str, Counter[str]] = {m: Counter() for m in months}
    for r in requests:
        counts.get(_month_in(r.submitted_at, months, zone), Counter())["requests"] += 1
    for p in proposals:
        if p.approved_at is not None:
            counts.get(_month_in(p.approved_at, months, zone), Counter())["matches"] += 1
    for b in bookings:
        bucket = counts.get(_month_in(b.starts_at, months, zone), Counter())
        if b.status == "completed":
            bucket["held"] += 1
        elif b.status == "cancelled":
            bucket["cancelled_late" if b.cancelled_late else "cancelled_in_time"] += 1
        elif b.status == "no_show":
            bucket["no_shows"] += 1
    columns = ("requests", "matches", "held", "cancelled_late", "cancelled_in_time", "no_shows")
    rows = tuple((month, *(suppress(counts[month][c]) for c in columns)) for month in months)
    return Figure("activity", ("month", *columns), rows, chart=columns[:3])


def supply_and_demand(
    requests: Sequence[RequestFact], peers: Sequence[PeerFact], domain_names: Mapping[int, str]
) -> Figure:
    """Per domain and audience: how often it was asked for, and how many active peer experts
    open it for that audience. A large gap says whom to recruit."""
    asked: Counter[tuple[int, str]] = Counter()
    for r in requests:
        for domain_id in set(r.domain_ids):
            asked[(domain_id, r.audience)] += 1
    offered: Counter[tuple[int, str]] = Counter()
    for peer in peers:
        for audience, domains in peer.usable.items():
            for domain_id in domains:
                offered[(domain_id, audience)] += 1
    keys = sorted(
        set(asked) | set(offered),
        key=lambda k: (-asked[k], domain_names.get(k[0], ""), k[1]),
    )
    rows = tuple(
        (
            domain_names.get(domain_id, str(domain_id)),
            audience,
            suppress(asked[(domain_id, audience)]),
            suppress(offered[(domain_id, audience)]),
        )
        for domain_id, audience in keys
        if asked[(domain_id, audience)]
    )
    return Figure(
        "supply", ("domain", "audience", "asked", "offered"), rows, chart=("asked", "offered")
    )


def _weeks(start: dt.date, end: dt.date) -> float:
    return max(1.0, ((end - start).days + 1) / 7)


def workload(
    start: dt.date,
    end: dt.date,
    zone: ZoneInfo,
    peers: Sequence[PeerFact],
    proposals: Sequence[ProposalFact],
    bookings: Sequence[BookingFact],
) -> Figure:
    """Per peer expert: sessions per week (held or planned) against their own cap, the
    busiest week, and matches approved in the period: is the work spread fairly?"""

    def within(moment: dt.datetime | None) -> bool:
        return moment is not None and start <= moment.astimezone(zone).date() <= end

    weekly: dict[int, Counter[tuple[int, int]]] = defaultdict(Counter)
    for b in bookings:
        if b.status in ("confirmed", "completed") and within(b.starts_at):
            iso = b.starts_at.astimezone(zone).isocalendar()
            weekly[b.profile_id][(iso.year, iso.week)] += 1
    matches: Counter[int] = Counter(p.profile_id for p in proposals if within(p.approved_at))
    weeks = _weeks(start, end)
    rows = tuple(
        (
            peer.name,
            peer.cap_per_week,
            _round(sum(weekly[peer.profile_id].values()) / weeks),
            max(weekly[peer.profile_id].values(), default=0),
            matches[peer.profile_id],
        )
        for peer in sorted(peers, key=lambda p: (p.name.casefold(), p.profile_id))
    )
    return Figure(
        "workload",
        ("peer_expert", "cap_per_week", "sessions_per_week", "busiest_week", "matches"),
        rows,
        chart=("sessions_per_week", "cap_per_week"),
    )


def satisfaction(
    months: tuple[str, ...], zone: ZoneInfo, feedback: Sequence[FeedbackFact]
) -> Figure:
    """Per month: how many answers and their average (1 to 5), only from three answers."""
    ratings: dict[str, list[int]] = defaultdict(list)
    for f in feedback:
        ratings[_month_in(f.created_at, months, zone)].append(f.rating)
    rows: list[tuple[Cell, ...]] = []
    for month in months:
        values = ratings.get(month, [])
        if len(values) >= MIN_GROUP:
            rows.append((month, len(values), _round(statistics.fmean(values))))
        else:
            rows.append((month, suppress(len(values)), None))
    return Figure("satisfaction", ("month", "answers", "average"), tuple(rows), chart=("average",))


@dataclass(frozen=True, slots=True)
class IntervisionFact:
    """A group intervision meeting a peer expert came to (the coordinator recorded it)."""

    profile_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime


def _minutes(start: dt.datetime, end: dt.datetime) -> int:
    return round((end - start).total_seconds() / 60)


def hours(
    months: tuple[str, ...],
    zone: ZoneInfo,
    peers: Sequence[PeerFact],
    bookings: Sequence[BookingFact],
    intervision: Sequence[IntervisionFact] = (),
) -> Figure:
    """Per peer expert and month: sessions held and their minutes, and intervision meetings
    attended and their minutes, for the volunteer allowance. Only held sessions and attended
    meetings count; a cancelled or missed one is not paid time."""
    held: dict[tuple[int, str], list[int]] = defaultdict(list)
    for b in bookings:
        if b.status == "completed":
            held[(b.profile_id, _month_in(b.starts_at, months, zone))].append(
                _minutes(b.starts_at, b.ends_at)
            )
    attended: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i in intervision:
        attended[(i.profile_id, _month_in(i.starts_at, months, zone))].append(
            _minutes(i.starts_at, i.ends_at)
        )
    rows = tuple(
        (
            peer.name,
            month,
            len(held[(peer.profile_id, month)]),
            sum(held[(peer.profile_id, month)]),
            len(attended[(peer.profile_id, month)]),
            sum(attended[(peer.profile_id, month)]),
        )
        for peer in sorted(peers, key=lambda p: (p.name.casefold(), p.profile_id))
        for month in months
    )
    return Figure(
        "hours",
        (
            "peer_expert",
            "month",
            "sessions_held",
            "minutes",
            "intervision_attended",
            "intervision_minutes",
        ),
        rows,
        chart=("minutes", "intervision_minutes"),
    )


VOG_STATES = ("valid", "expires_soon", "expired", "none_on_file")
TRAINING_STATES = ("completed", "in_training", "none")
CERTIFICATE_STATES = ("verified", "expires_soon", "to_check", "expired", "rejected")


def credentials(peers: Sequence[PeerFact]) -> Figure:
    """Peer experts per VOG state, per training stage, and (certificates) per state they
    hold at least one certificate in: one person with two expired papers counts once."""
    vog = Counter(p.vog_status for p in peers)
    training = Counter(p.training_status for p in peers)
    papers = Counter(s for p in peers for s in p.certificates)
    rows = (
        tuple(("vog", s, suppress(vog[s])) for s in VOG_STATES)
        + tuple(("training", s, suppress(training[s])) for s in TRAINING_STATES)
        + tuple(("certificate", s, suppress(papers[s])) for s in CERTIFICATE_STATES)
    )
    return Figure(
        "credentials", ("credential", "status", "peer_experts"), rows, chart=("peer_experts",)
    )


def build_report(
    *,
    start: dt.date,
    end: dt.date,
    zone: ZoneInfo,
    requests: Sequence[RequestFact],
    proposals: Sequence[ProposalFact],
    bookings: Sequence[BookingFact],
    peers: Sequence[PeerFact],
    feedback: Sequence[FeedbackFact],
    domain_names: Mapping[int, str],
) -> Report:
    """Every figure for the period [start, end] (whole months, in ``zone``)."""
    months = month_keys(start, end)
    return Report(
        months,
        (
            waiting_times(months, zone, requests, proposals, bookings),
            activity(months, zone, requests, proposals, bookings),
            supply_and_demand(requests, peers, domain_names),
            workload(start, end, zone, peers, proposals, bookings),
            satisfaction(months, zone, feedback),
            credentials(peers),
        ),
    )
