"""Admins and coordinators create accounts for team members and coordinators."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import roles
from peermatch.edge.context import Call, use_case
from peermatch.i18n.messages import message
from peermatch.models.enums import Role
from peermatch.services import accounts, organisation_settings
from peermatch.services.errors import DomainError
from peermatch.web.staff.forms import StaffUserForm, VideoServiceForm

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


@bp.get("/organisation")
@roles(Role.COORDINATOR)
@use_case()
def organisation(call: Call) -> str:
    """The settings a coordinator keeps for their organisations (the video service)."""
    return _settings_page(call)


def _settings_page(call: Call, failed: tuple[int, VideoServiceForm] | None = None) -> str:
    forms = []
    for org in organisation_settings.coordinated_organisations(call.session, call.user):
        if failed is not None and failed[0] == org.id:
            forms.append((org, failed[1]))
        else:
            forms.append((org, VideoServiceForm(video_base_url=org.video_base_url)))
    return render_template("staff/organisation.html", forms=forms)


@bp.post("/organisations/<int:organisation_id>/video")
@roles(Role.COORDINATOR)
@use_case()
def video_service(call: Call, organisation_id: int) -> str | Response | tuple[str, int]:
    # Strangers get the calm 404 page before anything else happens.
    organisation_settings.organisation_for_coordinator(call.session, organisation_id, call.user)
    form = VideoServiceForm()

    def again(err: DomainError) -> tuple[str, int]:
        form.video_base_url.errors = [message(err.key, **err.params)]
        return _settings_page(call, (organisation_id, form)), err.status

    call.otherwise(again, flash=False)
    if not form.validate_on_submit():
        return _settings_page(call, (organisation_id, form)), 422
    org = organisation_settings.set_video_base_url(
        call.session, organisation_id, call.user, url=form.video_base_url.data,
        origin=call.origin,
    )  # fmt: skip
    if org.video_base_url:
        flash(
            _("Saved: every new video session of %(name)s gets its own room at %(url)s.",
              name=org.name, url=org.video_base_url),
            "success",
        )  # fmt: skip
    else:
        flash(
            _("Saved: peer experts of %(name)s paste a video link themselves.", name=org.name),
            "success",
        )
    return redirect(url_for("staff.organisation"))
