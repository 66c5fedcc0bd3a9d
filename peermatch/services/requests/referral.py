"""A team member refers a youth."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, OrganisationMembership, Team, TeamMembership, User
from peermatch.models.enums import RequestKind, RequestStatus, Role
from peermatch.services import accounts, audit
from peermatch.services.errors import Forbidden, InvalidInput, NotFound
from peermatch.services.requests.access import AgeRoute, age_route, current_draft, has_proposals
from peermatch.services.requests.inputs import MIN_AGE


def _member_organisation_id(session: Session, member: User) -> int:
    team_org = session.scalar(
        select(Team.organisation_id)
        .join(TeamMembership, TeamMembership.team_id == Team.id)
        .where(TeamMembership.user_id == member.id)
        .order_by(Team.id)
        .limit(1)
    )
    if team_org is not None:
        return team_org
    org_id = session.scalar(
        select(OrganisationMembership.organisation_id)
        .where(OrganisationMembership.user_id == member.id)
        .order_by(OrganisationMembership.organisation_id)
        .limit(1)
    )
    if org_id is None:
        raise Forbidden("request.error.no_organisation")
    return org_id


def refer_youth(
    session: Session, member: User, youth_email: str, *, now: dt.datetime, origin: audit.Origin
) -> ContactRequest:
    """A team member refers a youth: their draft request carries the referral.

    A referred 12-15-year-old may then submit without a guardian's consent, because a
    professional of the organisation is involved.
    """
    if not member.has_role(Role.TEAM_MEMBER):
        raise Forbidden("request.error.team_member_only")
    organisation_id = _member_organisation_id(session, member)
    youth = accounts.find_by_email(session, youth_email)
    if youth is None or not youth.has_role(Role.YOUTH):
        raise NotFound("request.error.youth_not_found")
    if age_route(youth, now) is AgeRoute.TOO_YOUNG:
        raise InvalidInput("request.error.referral_too_young", min=MIN_AGE)
    request = current_draft(session, youth)
    if request is not None and has_proposals(session, request):
        request = None
    if request is None:
        request = ContactRequest(
            kind=RequestKind.YOUTH,
            status=RequestStatus.DRAFT,
            requester_id=youth.id,
            time_preferences={"weekly": [], "windows": []},
            created_at=now,
        )
        session.add(request)
    request.referred_by_id = member.id
    request.organisation_id = organisation_id
    request.updated_at = now
    session.flush()
    audit.record(
        session,
        "request.referred",
        actor_id=member.id,
        origin=origin,
        subject_type="contact_request",
        subject_id=request.id,
        details={"youth_id": youth.id, "organisation_id": organisation_id},
    )
    from peermatch.services.notifications import notify

    notify(session, youth.id, "request.referred", now=now, link="/requests/")
    return request
