"""The programme's reports: who may see which organisations, and the facts behind the figures.

Facts are loaded with a fixed number of statements whatever the size of the organisation
(a test counts them); the arithmetic and the privacy rule (nothing under three) live in the
pure ``peermatch.reports``. No fact carries own words, and domains are only ever counted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from peermatch import dutch_calendar, reports
from peermatch.lifecycles.proposals import ProposalStatus
from peermatch.models import (
    Booking,
    ContactRequest,
    Credential,
    ExperienceDomain,
    Feedback,
    MatchProposal,
    Organisation,
    PeerExpertProfile,
    ProfileDomain,
    User,
)
from peermatch.models.enums import (
    Audience,
    BookingStatus,
    ParticipantRole,
    ProfileStatus,
    RequestKind,
    Role,
)
from peermatch.services import disclosure
from peermatch.services.accounts import coordinator_organisation_ids
from peermatch.services.credentials.state import credential_state
from peermatch.services.errors import InvalidInput, NotFound
from peermatch.services.intervision.queries import Attended, attended_between
from peermatch.services.vog_state import vog_status
from peermatch.timezones import known_zone

#: The longest period one report covers, so a request can never ask for a century.
MAX_MONTHS = 36
APPROVED = (ProposalStatus.APPROVED, ProposalStatus.CLOSED)
ACCEPTED = (*APPROVED, ProposalStatus.AWAITING_APPROVAL, ProposalStatus.REJECTED)


@dataclass(frozen=True, slots=True)
class Scope:
    """The organisations a report covers; ``None``: all of them (admins only)."""

    organisation_ids: frozenset[int] | None
    label: str | None  # the organisation's name when there is exactly one


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date  # first day of the first month
    end: dt.date  # last day of the last month


def period_of(start_month: str, end_month: str) -> Period:
    """Whole months from "YYYY-MM" to "YYYY-MM"; refused when reversed or too long."""
    try:
        first = dt.date.fromisoformat(f"{start_month}-01")
        last_first = dt.date.fromisoformat(f"{end_month}-01")
    except ValueError:
        raise InvalidInput("report.error.month") from None
    if not (2000 <= first.year <= 2199 and 2000 <= last_first.year <= 2199):
        raise InvalidInput("report.error.month")
    if last_first < first:
        raise InvalidInput("report.error.reversed")
    if len(reports.month_keys(first, last_first)) > MAX_MONTHS:
        raise InvalidInput("report.error.too_long", max=MAX_MONTHS)
    following = (last_first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return Period(first, following - dt.timedelta(days=1))


def default_period(today: dt.date, months: int = 6) -> Period:
    """The last ``months`` months up to and including this one."""
    year, month = today.year, today.month - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return period_of(f"{year:04d}-{month:02d}", f"{today.year:04d}-{today.month:02d}")


def organisations_for(session: Session, viewer: User) -> list[Organisation]:
    """The organisations this viewer may report on, by name."""
    query = select(Organisation).order_by(Organisation.name, Organisation.id)
    if not viewer.has_role(Role.ADMIN):
        ids = coordinator_organisation_ids(viewer) if viewer.has_role(Role.COORDINATOR) else set()
        if not ids:
            return []
        query = query.where(Organisation.id.in_(ids))
    return list(session.scalars(query))


def scope_for(session: Session, viewer: User, organisation_id: int | None) -> Scope:
    """Coordinators see their own organisations; admins any one, or all together.

    Another organisation's id is a 404, never a hint that it exists; a coordinator who
    coordinates nothing yet sees an empty report rather than an error.
    """
    allowed = organisations_for(session, viewer)
    if organisation_id is None:
        if viewer.has_role(Role.ADMIN):
            return Scope(None, None)
        return Scope(
            frozenset(o.id for o in allowed), allowed[0].name if len(allowed) == 1 else None
        )
    for organisation in allowed:
        if organisation.id == organisation_id:
            return Scope(frozenset({organisation.id}), organisation.name)
    raise NotFound("report.error.not_found")


def _bounds(period: Period, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(period.start, dt.time(), zone).astimezone(dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), zone)
    return start, end.astimezone(dt.UTC)


def _in_scope(query: Select, column: object, scope: Scope) -> Select:  # type: ignore[type-arg]
    if scope.organisation_ids is None:
        return query
    return query.where(column.in_(sorted(scope.organisation_ids)))  # type: ignore[attr-defined]


def _audience(kind: RequestKind, birth_year: int | None, at: dt.datetime) -> str:
    age = dutch_calendar.age_at(birth_year, at) if birth_year is not None else None
    return disclosure.audience_for_age(age, kind is RequestKind.TEAM).value


def _period_requests(scope: Scope, start: dt.datetime, end: dt.datetime) -> Select:  # type: ignore[type-arg]
    query = select(ContactRequest.id).where(
        ContactRequest.submitted_at >= start, ContactRequest.submitted_at < end
    )
    return _in_scope(query, ContactRequest.organisation_id, scope)


@dataclass(frozen=True, slots=True)
class Facts:
    requests: list[reports.RequestFact]
    proposals: list[reports.ProposalFact]
    bookings: list[reports.BookingFact]
    peers: list[reports.PeerFact]
    feedback: list[reports.FeedbackFact]
    domain_names: dict[int, str]


def load_facts(
    session: Session, scope: Scope, period: Period, *, zone: ZoneInfo, locale: str, today: dt.date
) -> Facts:
    """Eight statements, whatever the size of the organisation or the period."""
    start, end = _bounds(period, zone)
    in_period = _period_requests(scope, start, end)
    request_ids = in_period.scalar_subquery()

    domains_of: dict[int, list[int]] = defaultdict(list)
    from peermatch.models import RequestDomain

    for request_id, domain_id in session.execute(
        select(RequestDomain.request_id, RequestDomain.domain_id).where(
            RequestDomain.request_id.in_(request_ids)
        )
    ):
        domains_of[request_id].append(domain_id)

    request_rows = session.execute(
        _in_scope(
            select(
                ContactRequest.id, ContactRequest.kind, ContactRequest.submitted_at, User.birth_year
            )
            .join(User, User.id == ContactRequest.requester_id)
            .where(ContactRequest.submitted_at >= start, ContactRequest.submitted_at < end),
            ContactRequest.organisation_id,
            scope,
        ).order_by(ContactRequest.id)
    ).all()
    requests = [
        reports.RequestFact(
            row.id,
            row.submitted_at,
            _audience(row.kind, row.birth_year, row.submitted_at),
            tuple(domains_of.get(row.id, ())),
        )
        for row in request_rows
    ]

    proposal_rows = session.execute(
        _in_scope(
            select(
                MatchProposal.request_id,
                MatchProposal.profile_id,
                MatchProposal.status,
                MatchProposal.asked_at,
                MatchProposal.responded_at,
                MatchProposal.decided_at,
            )
            .join(ContactRequest, ContactRequest.id == MatchProposal.request_id)
            .where(
                or_(
                    MatchProposal.request_id.in_(request_ids),
                    and_(MatchProposal.decided_at >= start, MatchProposal.decided_at < end),
                    and_(
                        MatchProposal.decided_at.is_(None),
                        MatchProposal.responded_at >= start,
                        MatchProposal.responded_at < end,
                    ),
                )
            ),
            ContactRequest.organisation_id,
            scope,
        ).order_by(MatchProposal.id)
    ).all()
    proposals = [
        reports.ProposalFact(
            row.request_id,
            row.profile_id,
            row.asked_at,
            row.responded_at if row.status in ACCEPTED else None,
            (row.decided_at or row.responded_at) if row.status in APPROVED else None,
        )
        for row in proposal_rows
    ]

    booking_rows = session.execute(
        _in_scope(
            select(
                MatchProposal.request_id,
                MatchProposal.profile_id,
                Booking.starts_at,
                Booking.ends_at,
                Booking.status,
                Booking.cancelled_late,
            )
            .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
            .join(ContactRequest, ContactRequest.id == MatchProposal.request_id)
            .where(
                or_(
                    and_(Booking.starts_at >= start, Booking.starts_at < end),
                    MatchProposal.request_id.in_(request_ids),
                )
            ),
            ContactRequest.organisation_id,
            scope,
        ).order_by(Booking.id)
    ).all()
    bookings = [
        reports.BookingFact(
            row.request_id,
            row.profile_id,
            row.starts_at,
            row.ends_at,
            BookingStatus(row.status).value,
            bool(row.cancelled_late),
        )
        for row in booking_rows
    ]

    peers = _peers(session, scope, today)

    feedback_rows = session.execute(
        _in_scope(
            select(Feedback.created_at, Feedback.rating)
            .join(Booking, Booking.id == Feedback.booking_id)
            .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
            .join(ContactRequest, ContactRequest.id == MatchProposal.request_id)
            .where(
                Feedback.created_at >= start,
                Feedback.created_at < end,
                Feedback.author_role != ParticipantRole.PEER_EXPERT,
            ),
            ContactRequest.organisation_id,
            scope,
        )
    ).all()
    feedback = [reports.FeedbackFact(row.created_at, row.rating) for row in feedback_rows]

    label = ExperienceDomain.label_en if locale == "en" else ExperienceDomain.label_nl
    domain_names = {
        row.id: row.label
        for row in session.execute(select(ExperienceDomain.id, label.label("label")))
    }
    return Facts(requests, proposals, bookings, peers, feedback, domain_names)


def _peers(session: Session, scope: Scope, today: dt.date) -> list[reports.PeerFact]:
    """Active and paused peer experts (two statements: profiles, then their entries)."""
    statuses = (ProfileStatus.ACTIVE, ProfileStatus.PAUSED)
    profile_rows = session.execute(
        _in_scope(
            select(
                PeerExpertProfile.id,
                PeerExpertProfile.status,
                PeerExpertProfile.audiences,
                PeerExpertProfile.max_sessions_per_week,
                PeerExpertProfile.vog_date,
                PeerExpertProfile.training_status,
                User.display_name,
            )
            .join(User, User.id == PeerExpertProfile.user_id)
            .where(PeerExpertProfile.status.in_(statuses)),
            PeerExpertProfile.organisation_id,
            scope,
        ).order_by(PeerExpertProfile.id)
    ).all()
    active = {row.id: row for row in profile_rows if row.status is ProfileStatus.ACTIVE}
    usable: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    entry_rows = session.execute(
        _in_scope(
            select(
                ProfileDomain.profile_id,
                ProfileDomain.domain_id,
                ProfileDomain.status,
                ProfileDomain.ready_to_share,
                ProfileDomain.audiences,
            )
            .join(PeerExpertProfile, PeerExpertProfile.id == ProfileDomain.profile_id)
            .where(PeerExpertProfile.status == ProfileStatus.ACTIVE),
            PeerExpertProfile.organisation_id,
            scope,
        )
    ).all()
    states: dict[int, set[str]] = defaultdict(set)
    for paper in session.execute(
        _in_scope(
            select(Credential.profile_id, Credential.status, Credential.expires_on)
            .join(PeerExpertProfile, PeerExpertProfile.id == Credential.profile_id)
            .where(PeerExpertProfile.status.in_(statuses)),
            PeerExpertProfile.organisation_id,
            scope,
        )
    ):
        states[paper.profile_id].add(credential_state(paper.status, paper.expires_on, today).value)
    for entry in entry_rows:
        profile = active.get(entry.profile_id)
        if profile is None:
            continue
        for audience in Audience:
            if disclosure.entry_usable(entry, audience, profile.audiences):
                usable[entry.profile_id][audience.value].add(entry.domain_id)
    return [
        reports.PeerFact(
            row.id,
            row.display_name,
            row.max_sessions_per_week,
            vog_status(row.vog_date, today).value,
            row.training_status.value,
            {a: frozenset(d) for a, d in usable.get(row.id, {}).items()},
            frozenset(states.get(row.id, ())),
        )
        for row in profile_rows
    ]


def viewer_zone(viewer: User) -> ZoneInfo:
    return ZoneInfo(known_zone(viewer.time_zone))


def build(
    session: Session,
    viewer: User,
    *,
    organisation_id: int | None,
    period: Period,
    now: dt.datetime,
    locale: str,
) -> tuple[Scope, reports.Report]:
    """The whole report for what this viewer may see."""
    scope = scope_for(session, viewer, organisation_id)
    zone = viewer_zone(viewer)
    facts = load_facts(
        session, scope, period, zone=zone, locale=locale, today=dutch_calendar.dutch_date(now)
    )
    report = reports.build_report(
        start=period.start,
        end=period.end,
        zone=zone,
        requests=facts.requests,
        proposals=facts.proposals,
        bookings=facts.bookings,
        peers=facts.peers,
        feedback=facts.feedback,
        domain_names=facts.domain_names,
    )
    return scope, report


def hours(
    session: Session,
    viewer: User,
    *,
    organisation_id: int | None,
    period: Period,
    now: dt.datetime,
) -> tuple[Scope, reports.Figure]:
    """Sessions held and minutes per peer expert and month, and the intervision meetings
    they attended, for the volunteer allowance (one more statement than the facts)."""
    scope = scope_for(session, viewer, organisation_id)
    zone = viewer_zone(viewer)
    facts = load_facts(
        session, scope, period, zone=zone, locale="nl", today=dutch_calendar.dutch_date(now)
    )
    months = reports.month_keys(period.start, period.end)
    start, end = _bounds(period, zone)
    attended = _intervision(
        attended_between(session, start, end, organisation_ids=scope.organisation_ids)
    )
    return scope, reports.hours(
        months, zone, facts.peers, _held_in(facts.bookings, period, zone), attended
    )


def own_hours(
    session: Session, peer_user: User, *, period: Period, now: dt.datetime
) -> reports.Figure:
    """A peer expert's own overview: the same figure, for them alone."""
    months = reports.month_keys(period.start, period.end)
    zone = viewer_zone(peer_user)
    profile = session.scalar(
        select(PeerExpertProfile).where(PeerExpertProfile.user_id == peer_user.id)
    )
    if profile is None:  # no profile yet: nothing held, every month zero
        nobody = reports.PeerFact(0, peer_user.display_name, 0, "", "")
        return reports.hours(months, zone, [nobody], [])
    start, end = _bounds(period, zone)
    rows = session.execute(
        select(Booking.starts_at, Booking.ends_at, Booking.status, MatchProposal.request_id)
        .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
        .where(
            MatchProposal.profile_id == profile.id,
            Booking.starts_at >= start,
            Booking.starts_at < end,
        )
    ).all()
    bookings = [
        reports.BookingFact(
            r.request_id, profile.id, r.starts_at, r.ends_at, BookingStatus(r.status).value
        )
        for r in rows
    ]
    peer = reports.PeerFact(
        profile.id, peer_user.display_name, profile.max_sessions_per_week, "", ""
    )
    attended = _intervision(attended_between(session, start, end, profile_id=profile.id))
    return reports.hours(months, zone, [peer], bookings, attended)


def _intervision(rows: Sequence[Attended]) -> list[reports.IntervisionFact]:
    return [reports.IntervisionFact(r.profile_id, r.starts_at, r.ends_at) for r in rows]


def _held_in(
    bookings: Sequence[reports.BookingFact], period: Period, zone: ZoneInfo
) -> list[reports.BookingFact]:
    return [
        b for b in bookings if period.start <= b.starts_at.astimezone(zone).date() <= period.end
    ]
