"""Lists of intervision meetings: the coordinator's, a peer expert's, the calendar feed's
and the hours report's. Each is a fixed number of statements, however many meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from peermatch.models import Intervision, IntervisionParticipant, PeerExpertProfile, User
from peermatch.services.accounts import coordinator_organisation_ids

#: past meetings a coordinator still sees (to record attendance)
RECENT = dt.timedelta(days=60)
#: like the sessions feed: past meetings drop out after this, cancellations stay a month
PAST_WINDOW = dt.timedelta(days=90)
CANCELLED_WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True, slots=True)
class CoordinatorList:
    upcoming: list[Intervision]
    recent: list[Intervision]


def coordinator_list(session: Session, coordinator: User, *, now: dt.datetime) -> CoordinatorList:
    """Upcoming meetings (soonest first) and those of the last two months (latest first) of
    the coordinator's organisations; two statements (meetings, then their invitations)."""
    orgs = coordinator_organisation_ids(coordinator)
    if not orgs:
        return CoordinatorList([], [])
    rows = list(
        session.scalars(
            select(Intervision)
            .where(Intervision.organisation_id.in_(orgs), Intervision.ends_at >= now - RECENT)
            .options(selectinload(Intervision.participants))
            .order_by(Intervision.starts_at, Intervision.id)
        )
    )
    upcoming = [iv for iv in rows if iv.ends_at > now]
    recent = sorted(
        (iv for iv in rows if iv.ends_at <= now), key=lambda iv: iv.starts_at, reverse=True
    )
    return CoordinatorList(upcoming, recent)


def upcoming_for(
    session: Session, user: User, *, now: dt.datetime, limit: int = 20
) -> list[tuple[Intervision, IntervisionParticipant]]:
    """A peer expert's coming meetings that go ahead and that they did not decline."""
    rows = session.execute(
        select(Intervision, IntervisionParticipant)
        .join(IntervisionParticipant, IntervisionParticipant.intervision_id == Intervision.id)
        .where(
            IntervisionParticipant.user_id == user.id,
            IntervisionParticipant.response != "declined",
            Intervision.cancelled_at.is_(None),
            Intervision.ends_at > now,
        )
        .order_by(Intervision.starts_at, Intervision.id)
        .limit(limit)
    ).all()
    return [(iv, p) for iv, p in rows]


def mine(
    session: Session, user: User, *, now: dt.datetime
) -> list[tuple[Intervision, IntervisionParticipant]]:
    """Every meeting a peer expert is invited to from the last two months on, also the
    declined and cancelled ones (their page shows what happened)."""
    rows = session.execute(
        select(Intervision, IntervisionParticipant)
        .join(IntervisionParticipant, IntervisionParticipant.intervision_id == Intervision.id)
        .where(IntervisionParticipant.user_id == user.id, Intervision.ends_at >= now - RECENT)
        .order_by(Intervision.starts_at, Intervision.id)
    ).all()
    return [(iv, p) for iv, p in rows]


def feed_entries(
    session: Session, user: User, *, now: dt.datetime
) -> list[tuple[Intervision, IntervisionParticipant]]:
    """The meetings in a peer expert's calendar feed: accepted or not yet answered, recent
    and upcoming; a cancelled or declined one stays a month as cancelled, so calendar apps
    that already hold it take it away."""
    shown = and_(
        Intervision.cancelled_at.is_(None),
        IntervisionParticipant.response != "declined",
        Intervision.ends_at >= now - PAST_WINDOW,
    )
    gone = and_(
        or_(Intervision.cancelled_at.is_not(None), IntervisionParticipant.response == "declined"),
        Intervision.starts_at >= now - CANCELLED_WINDOW,
    )
    rows = session.execute(
        select(Intervision, IntervisionParticipant)
        .join(IntervisionParticipant, IntervisionParticipant.intervision_id == Intervision.id)
        .where(IntervisionParticipant.user_id == user.id, or_(shown, gone))
        .order_by(Intervision.starts_at, Intervision.id)
    ).all()
    return [(iv, p) for iv, p in rows]


@dataclass(frozen=True, slots=True)
class Attended:
    profile_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime


def attended_between(
    session: Session,
    start: dt.datetime,
    end: dt.datetime,
    *,
    profile_id: int | None = None,
    organisation_ids: Collection[int] | None = None,
) -> list[Attended]:
    """Meetings that went ahead and that peer experts came to, by profile (one statement),
    for the hours report; ``None`` filters mean every profile or every organisation."""
    query = (
        select(PeerExpertProfile.id, Intervision.starts_at, Intervision.ends_at)
        .select_from(IntervisionParticipant)
        .join(Intervision, Intervision.id == IntervisionParticipant.intervision_id)
        .join(PeerExpertProfile, PeerExpertProfile.user_id == IntervisionParticipant.user_id)
        .where(
            IntervisionParticipant.attended.is_(True),
            Intervision.cancelled_at.is_(None),
            Intervision.starts_at >= start,
            Intervision.starts_at < end,
        )
    )
    if profile_id is not None:
        query = query.where(PeerExpertProfile.id == profile_id)
    if organisation_ids is not None:
        query = query.where(Intervision.organisation_id.in_(sorted(organisation_ids)))
    return [Attended(r[0], r[1], r[2]) for r in session.execute(query)]


def export_rows(session: Session, user: User) -> list[dict[str, object]]:
    """For the person's own data download (``services.privacy.export``): every meeting they
    were invited to, their answer and whether they came."""
    rows = session.execute(
        select(Intervision, IntervisionParticipant)
        .join(IntervisionParticipant, IntervisionParticipant.intervision_id == Intervision.id)
        .where(IntervisionParticipant.user_id == user.id)
        .order_by(Intervision.starts_at, Intervision.id)
    ).all()
    return [
        {
            "id": meeting.id,
            "title": meeting.title,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "mode": meeting.mode,
            "cancelled_at": meeting.cancelled_at,
            "invited_at": seat.invited_at,
            "my_response": seat.response,
            "attended": seat.attended,
        }
        for meeting, seat in rows
    ]
