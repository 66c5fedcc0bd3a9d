"""The coordinator's VOG follow-up actions: remind, record the original seen, set minors aside.

Every change has a confirm step (the UX rule); the VOG list itself is
``verification.vog``, which links here per peer expert.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import roles
from peermatch.dutch_calendar import dutch_date
from peermatch.edge.context import Call, use_case
from peermatch.models.enums import Role
from peermatch.services import profiles as profile_svc
from peermatch.services import vog_followup as svc
from peermatch.services.disclosure import vog_valid_until
from peermatch.services.errors import DomainError
from peermatch.services.vog_state import vog_status
from peermatch.web.vog.forms import OriginalSeenForm

bp = Blueprint("vog", __name__, url_prefix="/verification/vog")

Page = str | Response | tuple[str, int]


def _page(call: Call, profile_id: int, form: OriginalSeenForm, step: str = "choose") -> str:
    profile = profile_svc.profile_for_coordinator(call.session, call.user, profile_id)
    today = dutch_date(call.now)
    issued = form.issued_on.data
    return render_template(
        "vog/actions.html",
        profile=profile,
        form=form,
        step=step,
        status=vog_status(profile.vog_date, today),
        valid_until=vog_valid_until(profile.vog_date),
        new_valid_until=vog_valid_until(issued) if issued else None,
        today=today,
    )


@bp.get("/<int:profile_id>")
@roles(Role.COORDINATOR)
@use_case()
def actions(call: Call, profile_id: int) -> str:
    return _page(call, profile_id, OriginalSeenForm(formdata=None))


@bp.post("/<int:profile_id>/remind")
@roles(Role.COORDINATOR)
@use_case()
def remind(call: Call, profile_id: int) -> Page:
    if request.form.get("confirm") != "yes":
        return _page(call, profile_id, OriginalSeenForm(formdata=None), step="remind")
    profile = svc.remind(call.session, call.user, profile_id, now=call.now, origin=call.origin)
    flash(
        _("We sent %(name)s a reminder to renew their VOG.", name=profile.user.display_name),
        "success",
    )
    return redirect(url_for("verification.vog"))


@bp.post("/<int:profile_id>/seen")
@roles(Role.COORDINATOR)
@use_case()
def seen(call: Call, profile_id: int) -> Page:
    form = OriginalSeenForm()
    if not form.validate():
        return _page(call, profile_id, form), 422
    if request.form.get("confirm") != "yes":
        return _page(call, profile_id, form, step="seen")

    def again(err: DomainError) -> tuple[str, int]:
        return _page(call, profile_id, form), err.status

    call.otherwise(again)
    profile = svc.record_original_seen(
        call.session,
        call.user,
        profile_id,
        issued_on=form.issued_on.data,
        now=call.now,
        origin=call.origin,
    )
    flash(
        _("Saved: you saw the original VOG of %(name)s.", name=profile.user.display_name),
        "success",
    )
    return redirect(url_for("verification.vog"))


@bp.post("/<int:profile_id>/suspend-minors")
@roles(Role.COORDINATOR)
@use_case()
def suspend_minors(call: Call, profile_id: int) -> Page:
    if request.form.get("confirm") != "yes":
        return _page(call, profile_id, OriginalSeenForm(formdata=None), step="suspend")

    def again(err: DomainError) -> tuple[str, int]:
        return _page(call, profile_id, OriginalSeenForm(formdata=None)), err.status

    call.otherwise(again)
    profile = svc.suspend_minors(
        call.session, call.user, profile_id, now=call.now, origin=call.origin
    )
    flash(
        _(
            "Meetings with young people under 18 are on hold for %(name)s until the VOG is renewed.",
            name=profile.user.display_name,
        ),
        "success",
    )
    return redirect(url_for("verification.vog"))
