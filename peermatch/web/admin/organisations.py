"""Organisation pages: admins see and change every organisation; coordinators their own
organisation's members and teams (another organisation is a 404, as the service says)."""

from __future__ import annotations

from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import roles
from peermatch.edge.context import Call, use_case
from peermatch.models import Organisation
from peermatch.models.enums import MembershipRole, OrganisationKind, Role
from peermatch.services.administration import members, organisations
from peermatch.services.errors import NotFound
from peermatch.web.admin.confirm import Check, confirm_page, form_page
from peermatch.web.admin.forms import (
    KIND_LABELS,
    MEMBERSHIP_LABELS,
    ROLE_LABELS,
    ActionForm,
    MemberForm,
    OrganisationForm,
    RenameForm,
    TeamForm,
    TeamMemberForm,
)
from peermatch.web.admin.routes import bp

Page = str | Response | tuple[str, int]


def _detail_url(org: Organisation) -> str:
    return url_for("admin.organisation", organisation_id=org.id)


@bp.get("/organisations")
@roles(Role.ADMIN, Role.COORDINATOR)
@use_case()
def organisation_list(call: Call) -> Page:
    found = members.manageable(call.session, call.user)
    if len(found) == 1 and not call.user.has_role(Role.ADMIN):
        return redirect(_detail_url(found[0]))
    return render_template("admin/organisations.html", organisations=found, kinds=KIND_LABELS)


@bp.route("/organisations/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def organisation_new(call: Call) -> Page:
    form = OrganisationForm()
    page = partial(
        form_page, form, _("New organisation"), url_for("admin.organisation_list"), button=_("Next")
    )
    if form.validate_on_submit():
        kind = OrganisationKind(form.kind.data)
        if not form.is_confirmed:
            return confirm_page(
                Check(
                    title=_("Create this organisation?"),
                    intro=_("Check the details. You can rename it later."),
                    lines=[(_("Name"), form.name.data or ""), (_("Kind"), str(KIND_LABELS[kind]))],
                    button=_("Yes, create the organisation"),
                    cancel=url_for("admin.organisation_list"),
                )
            )
        call.otherwise(page)
        org = organisations.create_organisation(
            call.session,
            name=form.name.data or "",
            kind=kind,
            actor=call.user,
            origin=call.origin,
            now=call.now,
        )
        flash(
            _("Organisation %(name)s is created. Add its coordinators next.", name=org.name),
            "success",
        )
        return redirect(_detail_url(org))
    return page()


@bp.get("/organisations/<int:organisation_id>")
@roles(Role.ADMIN, Role.COORDINATOR)
@use_case()
def organisation(call: Call, organisation_id: int) -> Page:
    org = members.managed_organisation(call.session, call.user, organisation_id)
    teams = organisations.teams_of(call.session, org)
    return render_template(
        "admin/organisation.html",
        org=org,
        memberships=members.members_of(call.session, org),
        teams=teams,
        team_people=members.team_members(call.session, org),
        kinds=KIND_LABELS,
        membership_labels=MEMBERSHIP_LABELS,
        role_labels=ROLE_LABELS,
        is_admin=call.user.has_role(Role.ADMIN),
        action_form=ActionForm(),
    )


@bp.route("/organisations/<int:organisation_id>/rename", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def organisation_rename(call: Call, organisation_id: int) -> Page:
    org = organisations.get_organisation(call.session, organisation_id)
    form = RenameForm(data={"name": org.name})
    page = partial(form_page, form, _("Rename %(name)s", name=org.name), _detail_url(org))
    if form.validate_on_submit():
        new = form.name.data or ""
        if not form.is_confirmed:
            return confirm_page(
                Check(
                    title=_("Rename this organisation?"),
                    intro=_("Everyone will see the new name at once."),
                    lines=[(_("Now"), org.name), (_("New name"), new)],
                    button=_("Yes, rename"),
                    cancel=_detail_url(org),
                )
            )
        call.otherwise(page)
        old = org.name
        organisations.rename_organisation(
            call.session, org, new, actor=call.user, origin=call.origin, now=call.now
        )
        flash(_("%(old)s is now called %(new)s.", old=old, new=org.name), "success")
        return redirect(_detail_url(org))
    return page()


def _org_active_action(call: Call, organisation_id: int, active: bool) -> Page:
    org = organisations.get_organisation(call.session, organisation_id)
    form = ActionForm()
    if not form.validate_on_submit():
        if active:
            check = Check(
                title=_("Reactivate %(name)s?", name=org.name),
                intro=_("Its peer experts can be proposed again, and new accounts can join it."),
                button=_("Yes, reactivate"),
                cancel=_detail_url(org),
            )
        else:
            check = Check(
                title=_("Deactivate %(name)s?", name=org.name),
                intro=_(
                    "Its peer experts are no longer proposed and no new accounts can join it. "
                    "Accounts, sessions and history stay; you can reactivate it later."
                ),
                button=_("Yes, deactivate"),
                cancel=_detail_url(org),
            )
        return confirm_page(check, resend=False)
    call.otherwise(lambda err: redirect(_detail_url(org)))
    organisations.set_organisation_active(
        call.session, org, active, actor=call.user, origin=call.origin, now=call.now
    )
    flash(
        _("%(name)s is active again.", name=org.name)
        if active
        else _("%(name)s is deactivated. Its peer experts are no longer proposed.", name=org.name),
        "success",
    )
    return redirect(_detail_url(org))


@bp.route("/organisations/<int:organisation_id>/deactivate", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def organisation_deactivate(call: Call, organisation_id: int) -> Page:
    return _org_active_action(call, organisation_id, False)


@bp.route("/organisations/<int:organisation_id>/reactivate", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def organisation_reactivate(call: Call, organisation_id: int) -> Page:
    return _org_active_action(call, organisation_id, True)


@bp.route("/organisations/<int:organisation_id>/members/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COORDINATOR)
@use_case()
def member_new(call: Call, organisation_id: int) -> Page:
    org = members.managed_organisation(call.session, call.user, organisation_id)
    form = MemberForm()
    if not call.user.has_role(Role.ADMIN):
        form.role.choices = [
            SelectChoice(MembershipRole.MEMBER.value, str(MEMBERSHIP_LABELS[MembershipRole.MEMBER]))
        ]
    page = partial(form_page, form, _("Add someone to %(name)s", name=org.name), _detail_url(org))
    if form.validate_on_submit():
        role = MembershipRole(form.role.data)
        if not form.is_confirmed:
            return confirm_page(
                Check(
                    title=_("Add this person?"),
                    intro=_("They will see %(name)s on their page.", name=org.name),
                    lines=[
                        (_("Email address"), form.email.data or ""),
                        (_("As"), str(MEMBERSHIP_LABELS[role])),
                    ],
                    button=_("Yes, add"),
                    cancel=_detail_url(org),
                )
            )
        call.otherwise(page)
        membership = members.add_member(
            call.session,
            org,
            form.email.data or "",
            role,
            actor=call.user,
            origin=call.origin,
            now=call.now,
        )
        flash(
            _(
                "%(person)s is now a member of %(org)s.",
                person=membership.user.display_name,
                org=org.name,
            ),
            "success",
        )
        return redirect(_detail_url(org))
    return page()


def _membership_action(call: Call, organisation_id: int, membership_id: int, what: str) -> Page:
    org = members.managed_organisation(call.session, call.user, organisation_id)
    membership = next(
        (m for m in members.members_of(call.session, org) if m.id == membership_id), None
    )
    if membership is None:
        raise NotFound("admin.error.member_not_found")
    person = membership.user.display_name
    form = ActionForm()
    if not form.validate_on_submit():
        checks = {
            "remove": Check(
                title=_("Remove %(person)s from %(org)s?", person=person, org=org.name),
                intro=_("They leave the organisation and its teams. Their account stays."),
                button=_("Yes, remove"),
                cancel=_detail_url(org),
            ),
            "deactivate": Check(
                title=_("Deactivate the account of %(person)s?", person=person),
                intro=_(
                    "They are logged out everywhere at once, cannot log in, their API tokens "
                    "stop working and they are no longer proposed. You can reactivate it later."
                ),
                button=_("Yes, deactivate"),
                cancel=_detail_url(org),
            ),
            "reactivate": Check(
                title=_("Reactivate the account of %(person)s?", person=person),
                intro=_("They can log in again with their password."),
                button=_("Yes, reactivate"),
                cancel=_detail_url(org),
            ),
        }
        return confirm_page(checks[what], resend=False)
    call.otherwise(lambda err: redirect(_detail_url(org)))
    if what == "remove":
        members.remove_member(
            call.session, org, membership_id, actor=call.user, origin=call.origin, now=call.now
        )
        flash(_("%(person)s no longer belongs to %(org)s.", person=person, org=org.name), "success")
    else:
        members.set_member_active(
            call.session,
            org,
            membership_id,
            what == "reactivate",
            actor=call.user,
            origin=call.origin,
            now=call.now,
        )
        flash(
            _("The account of %(person)s is active again.", person=person)
            if what == "reactivate"
            else _("The account of %(person)s is deactivated; they are logged out.", person=person),
            "success",
        )
    return redirect(_detail_url(org))


@bp.route(
    "/organisations/<int:organisation_id>/members/<int:membership_id>/remove",
    methods=["GET", "POST"],
)
@roles(Role.ADMIN, Role.COORDINATOR)
@use_case()
def member_remove(call: Call, organisation_id: int, membership_id: int) -> Page:
    return _membership_action(call, organisation_id, membership_id, "remove")


@bp.route(
    "/organisations/<int:organisation_id>/members/<int:membership_id>/deactivate",
    methods=["GET", "POST"],
)
@roles(Role.ADMIN, Role.COORDINATOR)
@use_case()
def member_deactivate(call: Call, organisation_id: int, membership_id: int) -> Page:
    return _membership_action(call, organisation_id, membership_id, "deactivate")


@bp.route(
    "/organisations/<int:organisation_id>/members/<int:membership_id>/reactivate",
    methods=["GET", "POST"],
)
@roles(Role.ADMIN, Role.COORDINATOR)
@use_case()
def member_reactivate(call: Call, organisation_id: int, membership_id: int) -> Page:
    return _membership_action(call, organisation_id, membership_id, "reactivate")


@bp.route("/organisations/<int:organisation_id>/teams/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COORDINATOR)
@use_case()
def team_new(call: Call, organisation_id: int) -> Page:
    org = members.managed_organisation(call.session, call.user, organisation_id)
    form = TeamForm()
    page = partial(form_page, form, _("New team in %(name)s", name=org.name), _detail_url(org))
    if form.validate_on_submit():
        if not form.is_confirmed:
            return confirm_page(
                Check(
                    title=_("Create this team?"),
                    intro=_("Team members of %(name)s can then join it.", name=org.name),
                    lines=[(_("Name of the team"), form.name.data or "")],
                    button=_("Yes, create the team"),
                    cancel=_detail_url(org),
                )
            )
        call.otherwise(page)
        team = members.add_team(
            call.session,
            org,
            form.name.data or "",
            actor=call.user,
            origin=call.origin,
            now=call.now,
        )
        flash(_("Team %(team)s is created.", team=team.name), "success")
        return redirect(_detail_url(org))
    return page()


@bp.route(
    "/organisations/<int:organisation_id>/teams/<int:team_id>/members", methods=["GET", "POST"]
)
@roles(Role.ADMIN, Role.COORDINATOR)
@use_case()
def team_member_new(call: Call, organisation_id: int, team_id: int) -> Page:
    org = members.managed_organisation(call.session, call.user, organisation_id)
    team = next((t for t in organisations.teams_of(call.session, org) if t.id == team_id), None)
    if team is None:
        raise NotFound("team.error.not_found")
    form = TeamMemberForm()
    choices = [
        m for m in members.members_of(call.session, org) if m.user.has_role(Role.TEAM_MEMBER)
    ]
    form.membership.choices = [SelectChoice(str(m.id), m.user.display_name) for m in choices]
    page = partial(
        form_page, form, _("Add someone to team %(team)s", team=team.name), _detail_url(org)
    )
    if form.validate_on_submit():
        person = next(m.user.display_name for m in choices if m.id == form.membership.data)
        if not form.is_confirmed:
            return confirm_page(
                Check(
                    title=_("Add %(person)s to team %(team)s?", person=person, team=team.name),
                    intro=_("They will see this team's requests."),
                    button=_("Yes, add"),
                    cancel=_detail_url(org),
                )
            )
        call.otherwise(page)
        members.add_to_team(
            call.session,
            org,
            team.id,
            form.membership.data,
            actor=call.user,
            origin=call.origin,
            now=call.now,
        )
        flash(_("%(person)s is now in team %(team)s.", person=person, team=team.name), "success")
        return redirect(_detail_url(org))
    return page()


@bp.route(
    "/organisations/<int:organisation_id>/teams/<int:team_id>/members/<int:user_id>/remove",
    methods=["GET", "POST"],
)
@roles(Role.ADMIN, Role.COORDINATOR)
@use_case()
def team_member_remove(call: Call, organisation_id: int, team_id: int, user_id: int) -> Page:
    org = members.managed_organisation(call.session, call.user, organisation_id)
    people_by_team = members.team_members(call.session, org)
    person = next((u for u in people_by_team.get(team_id, []) if u.id == user_id), None)
    if person is None:
        raise NotFound("admin.error.member_not_found")
    form = ActionForm()
    if not form.validate_on_submit():
        return confirm_page(
            Check(
                title=_("Take %(person)s out of this team?", person=person.display_name),
                intro=_("They stay a member of %(org)s.", org=org.name),
                button=_("Yes, take out of the team"),
                cancel=_detail_url(org),
            ),
            resend=False,
        )
    call.otherwise(lambda err: redirect(_detail_url(org)))
    members.remove_from_team(
        call.session, org, team_id, user_id, actor=call.user, origin=call.origin, now=call.now
    )
    flash(_("%(person)s is no longer in this team.", person=person.display_name), "success")
    return redirect(_detail_url(org))
