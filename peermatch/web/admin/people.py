"""Admin pages for accounts: search (bounded, paged), one person's page, deactivate,
reactivate and roles, each behind a confirm step."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import roles
from peermatch.edge.context import Call, use_case
from peermatch.models import User
from peermatch.models.enums import Role
from peermatch.services.administration import organisations, people
from peermatch.web.admin.confirm import Check, confirm_page, form_page
from peermatch.web.admin.forms import ROLE_LABELS, ActionForm, RolesForm, UserSearchForm
from peermatch.web.admin.routes import bp

Page = str | Response | tuple[str, int]
PER_PAGE = 25


def _user_url(user: User) -> str:
    return url_for("admin.user", user_id=user.id)


@bp.get("/users")
@roles(Role.ADMIN)
@use_case()
def user_list(call: Call) -> Page:
    form = UserSearchForm(request.args)
    orgs = organisations.list_organisations(call.session)
    form.organisation.choices = [
        SelectChoice("", _("Every organisation")),
        *(SelectChoice(str(o.id), o.name) for o in orgs),
    ]
    if not form.validate():
        return render_template(
            "admin/users.html", form=form, found=None, role_labels=ROLE_LABELS
        ), 422
    org = form.organisation.data or ""
    wanted = people.UserFilter(
        text=form.q.data or "",
        role=Role(form.role.data) if form.role.data else None,
        organisation_id=int(org) if org.isdigit() else None,
        active=None if not form.status.data else form.status.data == "active",
    )
    page = form.page.data or 1
    found = people.search_users(call.session, wanted, page=page, per_page=PER_PAGE)
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "admin/users.html",
        form=form,
        found=found,
        role_labels=ROLE_LABELS,
        previous_url=url_for("admin.user_list", **args, page=page - 1) if page > 1 else None,
        next_url=url_for("admin.user_list", **args, page=page + 1) if found.has_more else None,
    )


@bp.get("/users/<int:user_id>")
@roles(Role.ADMIN)
@use_case()
def user(call: Call, user_id: int) -> Page:
    person = people.get_user(call.session, user_id)
    return render_template(
        "admin/user.html",
        person=person,
        memberships=people.organisations_of(call.session, person),
        role_labels=ROLE_LABELS,
        is_self=person.id == call.user.id,
    )


def _active_action(call: Call, user_id: int, active: bool) -> Page:
    person = people.get_user(call.session, user_id)
    name = person.display_name
    if not ActionForm().validate_on_submit():
        check = (
            Check(
                title=_("Reactivate the account of %(person)s?", person=name),
                intro=_(
                    "They can log in again with their password. API tokens they had stay "
                    "revoked; they can make new ones."
                ),
                button=_("Yes, reactivate"),
                cancel=_user_url(person),
            )
            if active
            else Check(
                title=_("Deactivate the account of %(person)s?", person=name),
                intro=_(
                    "They are logged out everywhere at once, cannot log in, their API tokens "
                    "stop working and they are no longer proposed. You can reactivate it later."
                ),
                button=_("Yes, deactivate"),
                cancel=_user_url(person),
            )
        )
        return confirm_page(check, resend=False)
    call.otherwise(lambda err: redirect(_user_url(person)))
    change = people.reactivate if active else people.deactivate
    change(call.session, person, actor=call.user, origin=call.origin, now=call.now)
    flash(
        _("The account of %(person)s is active again.", person=name)
        if active
        else _("The account of %(person)s is deactivated; they are logged out.", person=name),
        "success",
    )
    return redirect(_user_url(person))


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def user_deactivate(call: Call, user_id: int) -> Page:
    return _active_action(call, user_id, False)


@bp.route("/users/<int:user_id>/reactivate", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def user_reactivate(call: Call, user_id: int) -> Page:
    return _active_action(call, user_id, True)


@bp.route("/users/<int:user_id>/roles", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def user_roles(call: Call, user_id: int) -> Page:
    person = people.get_user(call.session, user_id)
    form = RolesForm(data={"roles": sorted(person.role_names)} if request.method == "GET" else None)

    page = partial(
        form_page, form, _("Roles of %(person)s", person=person.display_name), _user_url(person)
    )

    if form.validate_on_submit():
        wanted = frozenset(Role(r) for r in form.roles.data or [])
        names = ", ".join(str(ROLE_LABELS[r]) for r in sorted(wanted)) or "-"
        if not form.is_confirmed:
            return confirm_page(
                Check(
                    title=_("Change the roles of %(person)s?", person=person.display_name),
                    intro=_("They are logged out everywhere and log in again with the new roles."),
                    lines=[
                        (
                            _("Now"),
                            ", ".join(str(ROLE_LABELS[r]) for r in sorted(person.role_names)),
                        ),
                        (_("New roles"), names),
                    ],
                    button=_("Yes, change the roles"),
                    cancel=_user_url(person),
                )
            )
        call.otherwise(page)
        people.set_roles(
            call.session, person, wanted, actor=call.user, origin=call.origin, now=call.now
        )
        flash(
            _(
                "%(person)s now has these roles: %(roles)s.",
                person=person.display_name,
                roles=names,
            ),
            "success",
        )
        return redirect(_user_url(person))
    return page()
