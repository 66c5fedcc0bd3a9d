"""The people of one organisation: admins manage every organisation's, coordinators their own.

An organisation the actor may not manage is "not found" (404): a coordinator cannot even
learn which other organisations exist. Coordinators manage members (peer experts, team
members) and teams; coordinator memberships and people who also belong elsewhere are an
admin's to change, so one organisation cannot lock someone out of another.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from peermatch.models import Organisation, OrganisationMembership, Team, TeamMembership, User
from peermatch.models.enums import MembershipRole, Role
from peermatch.services import accounts, audit
from peermatch.services.administration import organisations, people
from peermatch.services.administration.common import record
from peermatch.services.errors import Conflict, InvalidInput, NotFound

#: The account role a membership needs: members share experience or work in a team.
MEMBER_ROLES = frozenset({Role.PEER_EXPERT, Role.TEAM_MEMBER})


def is_admin(actor: User | None) -> bool:
    return actor is None or actor.has_role(Role.ADMIN)


def manageable(session: Session, actor: User) -> list[Organisation]:
    """Every organisation for admins; a coordinator's own (active or not)."""
    if is_admin(actor):
        return organisations.list_organisations(session)
    ids = (
        accounts.coordinator_organisation_ids(actor) if actor.has_role(Role.COORDINATOR) else set()
    )
    return list(
        session.scalars(
            select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
        )
    )


def managed_organisation(
    session: Session, actor: User | None, organisation_id: int
) -> Organisation:
    org = session.get(Organisation, organisation_id)
    if org is None or not (
        is_admin(actor)
        or (actor is not None and accounts.coordinates_any(actor, [organisation_id]))
    ):
        raise NotFound("organisation.error.not_found", organisation=organisation_id)
    return org


def members_of(session: Session, org: Organisation) -> list[OrganisationMembership]:
    return list(
        session.scalars(
            select(OrganisationMembership)
            .join(User, User.id == OrganisationMembership.user_id)
            .where(OrganisationMembership.organisation_id == org.id)
            .options(selectinload(OrganisationMembership.user))
            .order_by(OrganisationMembership.role, func.lower(User.display_name), User.id)
        )
    )


def team_members(session: Session, org: Organisation) -> dict[int, list[User]]:
    """team id -> its people, for every team of the organisation, in one statement."""
    found: dict[int, list[User]] = {t.id: [] for t in organisations.teams_of(session, org)}
    rows = session.execute(
        select(TeamMembership.team_id, User)
        .join(User, User.id == TeamMembership.user_id)
        .join(Team, Team.id == TeamMembership.team_id)
        .where(Team.organisation_id == org.id)
        .order_by(func.lower(User.display_name))
    )
    for team_id, user in rows:
        found.setdefault(team_id, []).append(user)
    return found


def _membership(session: Session, org: Organisation, membership_id: int) -> OrganisationMembership:
    membership = session.get(OrganisationMembership, membership_id)
    if membership is None or membership.organisation_id != org.id:
        raise NotFound("admin.error.member_not_found")
    return membership


def add_member(
    session: Session,
    org: Organisation,
    email: str,
    role: MembershipRole,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> OrganisationMembership:
    """An existing account joins the organisation (new accounts: ``accounts.create_user``)."""
    if role is MembershipRole.COORDINATOR and not is_admin(actor):
        raise Conflict("admin.error.coordinators_by_admin")
    if not org.is_active:
        raise Conflict("organisation.error.inactive")
    user = accounts.find_by_email(session, email)
    if user is None:
        raise NotFound("admin.error.no_account_with_email")
    needed = {Role.COORDINATOR} if role is MembershipRole.COORDINATOR else MEMBER_ROLES
    if not user.has_role(*needed):
        raise InvalidInput(
            "admin.error.coordinator_role_needed"
            if role is MembershipRole.COORDINATOR
            else "admin.error.member_role_needed"
        )
    if any(m.organisation_id == org.id for m in user.memberships):
        raise Conflict("admin.error.already_member", name=user.display_name)
    membership = OrganisationMembership(organisation_id=org.id, user_id=user.id, role=role)
    session.add(membership)
    session.flush()
    session.refresh(user, ["memberships"])
    record(
        session,
        "organisation.member_added",
        actor=actor,
        origin=origin,
        now=now,
        subject_type="user",
        subject_id=user.id,
        organisation_id=org.id,
        role=role.value,
    )
    return membership


def _ensure_coordinator_may_change(
    session: Session, org: Organisation, membership: OrganisationMembership, actor: User | None
) -> None:
    if is_admin(actor):
        return
    user = membership.user
    if actor is not None and user.id == actor.id:
        raise Conflict("admin.error.not_yourself")
    if membership.role is MembershipRole.COORDINATOR or user.has_role(Role.ADMIN, Role.COORDINATOR):
        raise Conflict("admin.error.coordinators_by_admin")


def remove_member(
    session: Session,
    org: Organisation,
    membership_id: int,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> User:
    """The person leaves the organisation and its teams; their account stays as it is."""
    membership = _membership(session, org, membership_id)
    _ensure_coordinator_may_change(session, org, membership, actor)
    user = membership.user
    team_ids = select(Team.id).where(Team.organisation_id == org.id)
    session.execute(
        delete(TeamMembership).where(
            TeamMembership.user_id == user.id, TeamMembership.team_id.in_(team_ids)
        )
    )
    session.delete(membership)
    session.flush()
    session.refresh(user, ["memberships"])
    record(
        session,
        "organisation.member_removed",
        actor=actor,
        origin=origin,
        now=now,
        subject_type="user",
        subject_id=user.id,
        organisation_id=org.id,
    )
    return user


def set_member_active(
    session: Session,
    org: Organisation,
    membership_id: int,
    active: bool,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> User:
    """A coordinator may (re)activate the account of a member who belongs to no other
    organisation; anyone else's account is an admin's to change."""
    membership = _membership(session, org, membership_id)
    _ensure_coordinator_may_change(session, org, membership, actor)
    user = membership.user
    if not is_admin(actor) and any(m.organisation_id != org.id for m in user.memberships):
        raise Conflict("admin.error.member_elsewhere", name=user.display_name)
    change = people.reactivate if active else people.deactivate
    return change(session, user, actor=actor, origin=origin, now=now, checked=True)


def _team(session: Session, org: Organisation, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None or team.organisation_id != org.id:
        raise NotFound("team.error.not_found")
    return team


def add_team(
    session: Session,
    org: Organisation,
    name: str,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> Team:
    return organisations.create_team(session, org, name, actor=actor, origin=origin, now=now)


def add_to_team(
    session: Session,
    org: Organisation,
    team_id: int,
    membership_id: int,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> Team:
    """Only a team member (clinician) of this organisation joins one of its teams."""
    team = _team(session, org, team_id)
    user = _membership(session, org, membership_id).user
    if not user.has_role(Role.TEAM_MEMBER):
        raise InvalidInput("admin.error.team_member_role_needed")
    exists = session.get(TeamMembership, (team.id, user.id))
    if exists is not None:
        raise Conflict("admin.error.already_in_team", name=user.display_name)
    session.add(TeamMembership(team_id=team.id, user_id=user.id))
    session.flush()
    record(
        session,
        "team.member_added",
        actor=actor,
        origin=origin,
        now=now,
        subject_type="user",
        subject_id=user.id,
        team_id=team.id,
    )
    return team


def remove_from_team(
    session: Session,
    org: Organisation,
    team_id: int,
    user_id: int,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> Team:
    team = _team(session, org, team_id)
    exists = session.get(TeamMembership, (team.id, user_id))
    if exists is None:
        raise NotFound("admin.error.member_not_found")
    session.delete(exists)
    session.flush()
    record(
        session,
        "team.member_removed",
        actor=actor,
        origin=origin,
        now=now,
        subject_type="user",
        subject_id=user_id,
        team_id=team.id,
    )
    return team
