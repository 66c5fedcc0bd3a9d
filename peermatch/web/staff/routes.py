"""Admins and coordinators create accounts for team members and coordinators."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import roles
from peermatch.edge.context import Call, use_case
from peermatch.models.enums import Role
from peermatch.services import accounts
from peermatch.web.staff.forms import StaffUserForm

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.route("/users/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COORDINATOR)
@use_case()
def new_user(call: Call) -> str | Response | tuple[str, int]:
    actor = call.user
    session = call.session
    organisations = accounts.manageable_organisations(session, actor)
    form = StaffUserForm()
    form.organisation.choices = [SelectChoice(str(o.id), o.name) for o in organisations]
    if form.validate_on_submit():
        org = next(o for o in organisations if o.id == form.organisation.data)
        call.otherwise(lambda err: (render_template("staff/new_user.html", form=form), err.status))
        user = accounts.create_user(
            session,
            email=form.email.data or "",
            password=form.password.data or "",
            display_name=form.display_name.data or "",
            role=Role(form.role.data),
            organisation=org,
            actor=actor,
            origin=call.origin,
        )
        flash(_("Account for %(name)s created.", name=user.display_name), "success")
        return redirect(url_for("staff.new_user"))
    return render_template("staff/new_user.html", form=form), 422 if form.errors else 200
