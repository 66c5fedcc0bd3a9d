"""Who may see and manage a request; age routes."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch import dutch_calendar
from peermatch.models import ContactRequest, MatchProposal, TeamMembership, User
from peermatch.models.enums import RequestKind, RequestStatus
from peermatch.services.errors import InvalidInput, NotFound
from peermatch.services.requests.inputs import CONSENT_BELOW_AGE, EDITABLE_STATUSES, MIN_AGE


class AgeRoute(StrEnum):
    TOO_YOUNG = "too_young"
    NEEDS_CONSENT = "needs_consent"  # or a referral by a team member
    INDEPENDENT = "independent"


def age_route(user: User, now: dt.datetime) -> AgeRoute:
    """Age rule from the birth year, taking the younger possible age when it is ambiguous."""
    if user.birth_year is None:
        raise InvalidInput("request.error.birth_year_missing")
    age = dutch_calendar.age_at(user.birth_year, now)
    if age < MIN_AGE:
        return AgeRoute.TOO_YOUNG
    if age < CONSENT_BELOW_AGE:
        return AgeRoute.NEEDS_CONSENT
    return AgeRoute.INDEPENDENT


def needs_guardian(user: User, request: ContactRequest, now: dt.datetime) -> bool:
    """Whether submitting this youth request needs a guardian's name and email."""
    return (
        request.kind is RequestKind.YOUTH
        and request.referred_by_id is None
        and age_route(user, now) is AgeRoute.NEEDS_CONSENT
    )


def has_proposals(session: Session, request: ContactRequest) -> bool:
    return bool(
        session.scalar(
            select(func.count())
            .select_from(MatchProposal)
            .where(MatchProposal.request_id == request.id)
        )
    )


def is_editable(session: Session, request: ContactRequest) -> bool:
    return request.status in EDITABLE_STATUSES and not has_proposals(session, request)


def editable_ids(session: Session, requests: list[ContactRequest]) -> set[int]:
    """``is_editable`` for a whole list in one statement, so a list never asks per row."""
    candidates = [r.id for r in requests if r.status in EDITABLE_STATUSES]
    if not candidates:
        return set()
    proposed = set(
        session.scalars(
            select(MatchProposal.request_id).where(MatchProposal.request_id.in_(candidates))
        )
    )
    return {request_id for request_id in candidates if request_id not in proposed}


def _team_ids(session: Session, user: User) -> list[int]:
    return list(
        session.scalars(
            select(TeamMembership.team_id)
            .where(TeamMembership.user_id == user.id)
            .order_by(TeamMembership.team_id)
        )
    )


def may_manage(session: Session, request: ContactRequest, user: User) -> bool:
    """The requester, or for a team request any member of that team."""
    if request.requester_id == user.id:
        return True
    return (
        request.kind is RequestKind.TEAM
        and request.team_id is not None
        and request.team_id in _team_ids(session, user)
    )


def get_for(session: Session, request_id: int, user: User) -> ContactRequest:
    """A request its viewer may manage; anything else is 'not found' so ids leak nothing."""
    request = session.get(ContactRequest, request_id)
    if request is None or not may_manage(session, request, user):
        raise NotFound("request.error.not_found")
    return request


def list_mine(session: Session, user: User) -> list[ContactRequest]:
    return list(
        session.scalars(
            select(ContactRequest)
            .where(ContactRequest.requester_id == user.id)
            .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())
        )
    )


def list_team_requests(session: Session, user: User) -> list[ContactRequest]:
    team_ids = _team_ids(session, user)
    if not team_ids:
        return []
    return list(
        session.scalars(
            select(ContactRequest)
            .where(ContactRequest.kind == RequestKind.TEAM, ContactRequest.team_id.in_(team_ids))
            .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())
        )
    )


def current_draft(session: Session, user: User) -> ContactRequest | None:
    """The youth's newest draft, so 'continue my request' picks up where they left off."""
    return session.scalar(
        select(ContactRequest)
        .where(
            ContactRequest.requester_id == user.id,
            ContactRequest.kind == RequestKind.YOUTH,
            ContactRequest.status == RequestStatus.DRAFT,
        )
        .order_by(ContactRequest.id.desc())
        .limit(1)
    )
