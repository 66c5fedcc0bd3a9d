"""Administration over the API: organisations, their members, accounts.

The same services as the admin pages and the CLI. Organisations' members are open to their
coordinators too; any other organisation is a 404 for them, as on the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from flask import Response, jsonify, request

from peermatch.api.http import json_response, no_content, parse_body, parse_query
from peermatch.api.openapi import current_page, endpoint
from peermatch.api.validation import Doc, Length, to_json
from peermatch.auth.access import roles
from peermatch.edge.context import Call
from peermatch.models import Organisation, OrganisationMembership, User
from peermatch.models.enums import MembershipRole, OrganisationKind, Role
from peermatch.services.administration import members, organisations, people

TAG = "administration"
STAFF = (Role.ADMIN, Role.COORDINATOR)


@dataclass(frozen=True, slots=True)
class OrganisationOut:
    id: int
    name: str
    slug: str
    kind: OrganisationKind
    active: bool
    deactivated_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class OrganisationIn:
    """A new organisation; the short name (slug) is made from the name when left out."""

    name: Annotated[str, Length(1, organisations.MAX_NAME)]
    kind: OrganisationKind
    slug: Annotated[str | None, Length(1, organisations.MAX_SLUG)] = None


@dataclass(frozen=True, slots=True)
class OrganisationRenameIn:
    name: Annotated[str, Length(1, organisations.MAX_NAME)]


@dataclass(frozen=True, slots=True)
class UserOut:
    id: int
    email: str
    display_name: str
    roles: list[Role]
    active: bool
    deactivated_at: dt.datetime | None
    created_at: dt.datetime
    last_login_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class UsersQuery:
    """Filters; all optional and combined."""

    q: Annotated[str, Length(0, people.MAX_QUERY), Doc("Part of a name or email address")] = ""
    role: Role | None = None
    organisation_id: int | None = None
    active: bool | None = None


@dataclass(frozen=True, slots=True)
class RolesIn:
    """These become the person's roles exactly; any change logs them out everywhere."""

    roles: Annotated[list[Role], Length(1, len(Role))]


@dataclass(frozen=True, slots=True)
class MemberOut:
    id: Annotated[int, Doc("The membership's id")]
    user_id: int
    display_name: str
    role: MembershipRole
    active: bool


@dataclass(frozen=True, slots=True)
class MemberIn:
    """An existing account joins the organisation. Coordinators add members only."""

    email: Annotated[str, Length(3, 254)]
    role: MembershipRole = MembershipRole.MEMBER


def _org_out(org: Organisation) -> OrganisationOut:
    return OrganisationOut(org.id, org.name, org.slug, org.kind, org.is_active, org.deactivated_at)


def _user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        roles=sorted(user.role_names),
        active=user.is_active,
        deactivated_at=user.deactivated_at,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
    )


def _member_out(m: OrganisationMembership) -> MemberOut:
    return MemberOut(m.id, m.user_id, m.user.display_name, m.role, m.user.is_active)


@endpoint(
    "GET",
    "/admin/organisations",
    summary="Organisations you manage (admins: all)",
    response=list[OrganisationOut],
    tag=TAG,
)
@roles(*STAFF)
def admin_organisations(call: Call) -> Response:
    return json_response([_org_out(o) for o in members.manageable(call.session, call.user)])


@endpoint(
    "POST",
    "/admin/organisations",
    summary="Create an organisation",
    body=OrganisationIn,
    response=OrganisationOut,
    status=201,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_organisation_create(call: Call) -> Response:
    data = parse_body(OrganisationIn)
    org = organisations.create_organisation(
        call.session,
        name=data.name,
        kind=data.kind,
        slug=data.slug,
        actor=call.user,
        origin=call.origin,
        now=call.now,
    )
    return json_response(_org_out(org), status=201)


@endpoint(
    "PATCH",
    "/admin/organisations/<int:organisation_id>",
    summary="Rename an organisation",
    body=OrganisationRenameIn,
    response=OrganisationOut,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_organisation_rename(call: Call, organisation_id: int) -> Response:
    data = parse_body(OrganisationRenameIn)
    org = organisations.get_organisation(call.session, organisation_id)
    organisations.rename_organisation(
        call.session, org, data.name, actor=call.user, origin=call.origin, now=call.now
    )
    return json_response(_org_out(org))


def _set_org_active(call: Call, organisation_id: int, active: bool) -> Response:
    org = organisations.get_organisation(call.session, organisation_id)
    organisations.set_organisation_active(
        call.session, org, active, actor=call.user, origin=call.origin, now=call.now
    )
    return json_response(_org_out(org))


@endpoint(
    "POST",
    "/admin/organisations/<int:organisation_id>/deactivate",
    summary="Deactivate an organisation: no new accounts, its peer experts not proposed",
    response=OrganisationOut,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_organisation_deactivate(call: Call, organisation_id: int) -> Response:
    return _set_org_active(call, organisation_id, False)


@endpoint(
    "POST",
    "/admin/organisations/<int:organisation_id>/reactivate",
    summary="Reactivate an organisation",
    response=OrganisationOut,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_organisation_reactivate(call: Call, organisation_id: int) -> Response:
    return _set_org_active(call, organisation_id, True)


@endpoint(
    "GET",
    "/admin/organisations/<int:organisation_id>/members",
    summary="The people of an organisation you manage",
    response=list[MemberOut],
    tag=TAG,
)
@roles(*STAFF)
def admin_members(call: Call, organisation_id: int) -> Response:
    org = members.managed_organisation(call.session, call.user, organisation_id)
    return json_response([_member_out(m) for m in members.members_of(call.session, org)])


@endpoint(
    "POST",
    "/admin/organisations/<int:organisation_id>/members",
    summary="Add an existing account to an organisation you manage",
    body=MemberIn,
    response=MemberOut,
    status=201,
    errors=(409,),
    tag=TAG,
)
@roles(*STAFF)
def admin_member_add(call: Call, organisation_id: int) -> Response:
    data = parse_body(MemberIn)
    org = members.managed_organisation(call.session, call.user, organisation_id)
    membership = members.add_member(
        call.session, org, data.email, data.role, actor=call.user, origin=call.origin, now=call.now
    )
    return json_response(_member_out(membership), status=201)


@endpoint(
    "DELETE",
    "/admin/organisations/<int:organisation_id>/members/<int:membership_id>",
    summary="Remove someone from an organisation (and its teams); the account stays",
    status=204,
    errors=(409,),
    tag=TAG,
)
@roles(*STAFF)
def admin_member_remove(call: Call, organisation_id: int, membership_id: int) -> Response:
    org = members.managed_organisation(call.session, call.user, organisation_id)
    members.remove_member(
        call.session, org, membership_id, actor=call.user, origin=call.origin, now=call.now
    )
    return no_content()


def _set_member_active(
    call: Call, organisation_id: int, membership_id: int, active: bool
) -> Response:
    org = members.managed_organisation(call.session, call.user, organisation_id)
    members.set_member_active(
        call.session, org, membership_id, active, actor=call.user, origin=call.origin, now=call.now
    )
    found = next(m for m in members.members_of(call.session, org) if m.id == membership_id)
    return json_response(_member_out(found))


@endpoint(
    "POST",
    "/admin/organisations/<int:organisation_id>/members/<int:membership_id>/deactivate",
    summary="Deactivate a member's account (coordinators: members of yours only)",
    response=MemberOut,
    errors=(409,),
    tag=TAG,
)
@roles(*STAFF)
def admin_member_deactivate(call: Call, organisation_id: int, membership_id: int) -> Response:
    return _set_member_active(call, organisation_id, membership_id, False)


@endpoint(
    "POST",
    "/admin/organisations/<int:organisation_id>/members/<int:membership_id>/reactivate",
    summary="Reactivate a member's account",
    response=MemberOut,
    errors=(409,),
    tag=TAG,
)
@roles(*STAFF)
def admin_member_reactivate(call: Call, organisation_id: int, membership_id: int) -> Response:
    return _set_member_active(call, organisation_id, membership_id, True)


@endpoint(
    "GET",
    "/admin/users",
    summary="Search accounts by name, email, role, organisation and status",
    query=UsersQuery,
    response=list[UserOut],
    tag=TAG,
    description="Paged in the database: at most `limit` accounts are read per call.",
)
@roles(Role.ADMIN)
def admin_users(call: Call) -> Response:
    query = parse_query(UsersQuery)
    page = current_page()
    assert page is not None
    found = people.search_users(
        call.session,
        people.UserFilter(
            text=query.q,
            role=query.role,
            organisation_id=query.organisation_id,
            active=query.active,
        ),
        page=page.page,
        per_page=page.limit,
    )
    response = jsonify(to_json([_user_out(u) for u in found.users]))
    if found.has_more:
        args = {k: v for k, v in request.args.items() if k not in ("page", "limit")}
        args.update(limit=str(page.limit), page=str(page.page + 1))
        response.headers["Link"] = f'<{request.base_url}?{urlencode(args)}>; rel="next"'
    return response


@endpoint("GET", "/admin/users/<int:user_id>", summary="One account", response=UserOut, tag=TAG)
@roles(Role.ADMIN)
def admin_user(call: Call, user_id: int) -> Response:
    return json_response(_user_out(people.get_user(call.session, user_id)))


@endpoint(
    "POST",
    "/admin/users/<int:user_id>/deactivate",
    summary="Deactivate an account: sessions and API tokens end at once, no longer proposed",
    response=UserOut,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_user_deactivate(call: Call, user_id: int) -> Response:
    user = people.get_user(call.session, user_id)
    people.deactivate(call.session, user, actor=call.user, origin=call.origin, now=call.now)
    return json_response(_user_out(user))


@endpoint(
    "POST",
    "/admin/users/<int:user_id>/reactivate",
    summary="Reactivate an account (revoked API tokens stay revoked)",
    response=UserOut,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_user_reactivate(call: Call, user_id: int) -> Response:
    user = people.get_user(call.session, user_id)
    people.reactivate(call.session, user, actor=call.user, origin=call.origin, now=call.now)
    return json_response(_user_out(user))


@endpoint(
    "PUT",
    "/admin/users/<int:user_id>/roles",
    summary="Set an account's roles",
    body=RolesIn,
    response=UserOut,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_user_roles(call: Call, user_id: int) -> Response:
    data = parse_body(RolesIn)
    user = people.get_user(call.session, user_id)
    people.set_roles(
        call.session,
        user,
        frozenset(data.roles),
        actor=call.user,
        origin=call.origin,
        now=call.now,
    )
    return json_response(_user_out(user))
