"""Privacy rights on the web: download your data, delete your account (with a grace period
that logging in can cancel), and coordinators' erasure for someone who cannot log in.

The account page shows this feature as one include (``privacy/_account_section.html``).
"""

from __future__ import annotations

import datetime as dt
import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import logout_user
from werkzeug.wrappers.response import Response as WerkzeugResponse

from peermatch.auth.access import authenticated, roles
from peermatch.edge.context import Call, redirect_to, use_case
from peermatch.edge.i18n import local_datetime
from peermatch.models.enums import Role
from peermatch.services import privacy
from peermatch.web.privacy.forms import ConfirmForm, DeleteAccountForm, FindPersonForm

bp = Blueprint("privacy", __name__, url_prefix="/account/privacy")


def _grace() -> dt.timedelta:
    return dt.timedelta(days=int(current_app.config["ERASURE_GRACE_DAYS"]))


def _filename(call: Call, ext: str) -> str:
    return f"peermatch-{call.user.id}-{call.now:%Y%m%d}.{ext}"


@bp.get("/export.json")
@authenticated
@use_case()
def export_json(call: Call) -> Response:
    """Machine-readable (AVG art. 20): the same document as ``GET /api/v1/me/export``."""
    document = privacy.export_data(call.session, call.user, call.now)
    body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{_filename(call, "json")}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/export")
@authenticated
@use_case()
def export_page(call: Call) -> Response:
    """Readable (AVG art. 15): the same document as a page, to read, print or save."""
    document = privacy.export_data(call.session, call.user, call.now)
    html = render_template("privacy/export.html", document=document, sections=privacy.SECTIONS)
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/delete")
@authenticated
@use_case()
def confirm_delete(call: Call) -> str | WerkzeugResponse:
    if privacy.pending(call.user):
        return redirect(url_for(".pending"))
    return render_template(
        "privacy/delete.html", form=DeleteAccountForm(formdata=None), days=_grace().days
    )


@bp.post("/delete")
@authenticated
@use_case()
def delete(call: Call) -> tuple[str, int] | WerkzeugResponse:
    form = DeleteAccountForm()

    def again(status: int) -> tuple[str, int]:
        return render_template("privacy/delete.html", form=form, days=_grace().days), status

    call.otherwise(lambda err: again(err.status))
    if not form.validate():
        return again(422)
    due = privacy.request_own_erasure(
        call.session,
        call.user,
        password=form.password.data or "",
        now=call.now,
        origin=call.origin,
        grace=_grace(),
    )
    logout_user()
    session.clear()
    flash(
        _(
            "Your account will be deleted on %(when)s. Changed your mind? Log in before then "
            "and choose Cancel.",
            when=local_datetime(due, "EEEE d MMMM y"),
        ),
        "success",
    )
    return redirect(url_for("auth.login"))


@bp.get("/pending")
@authenticated
@use_case()
def pending(call: Call) -> str | WerkzeugResponse:
    """Shown right after logging in while an erasure is pending: "Je account wordt op …
    verwijderd — Annuleer"."""
    if not privacy.pending(call.user):
        return redirect(url_for("account.index"))
    return render_template(
        "privacy/pending.html", due=call.user.erasure_due_at, form=ConfirmForm(formdata=None)
    )


@bp.post("/cancel")
@authenticated
@use_case(redirect_to("account.index"))
def cancel(call: Call) -> WerkzeugResponse:
    if not ConfirmForm().validate():
        return redirect(url_for(".pending"))
    privacy.cancel_erasure(call.session, call.user, now=call.now, origin=call.origin)
    flash(_("Welcome back: your account will not be deleted."), "success")
    return redirect(url_for("account.index"))


# --- coordinators ---------------------------------------------------------------------


@bp.route("/erase", methods=["GET", "POST"])
@roles(Role.COORDINATOR)
@use_case()
def coordinator_find(call: Call) -> tuple[str, int]:
    """Step 1: find one of the organisation's people by address (nobody else is found)."""
    form = FindPersonForm()
    call.otherwise(lambda err: (render_template("privacy/erase_find.html", form=form), err.status))
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("privacy/erase_find.html", form=form), status
    person = privacy.person_for_coordinator(call.session, call.user, form.email.data or "")
    return (
        render_template(
            "privacy/erase_confirm.html",
            person=person,
            form=ConfirmForm(formdata=None),
            days=_grace().days,
        ),
        200,
    )


@bp.post("/erase/<int:user_id>")
@roles(Role.COORDINATOR)
@use_case(redirect_to(".coordinator_find"))
def coordinator_erase(call: Call, user_id: int) -> WerkzeugResponse:
    """Step 2, the confirm: the same grace period; audited with the coordinator as actor."""
    if not ConfirmForm().validate():
        return redirect(url_for(".coordinator_find"))
    person, due = privacy.request_erasure_for(
        call.session, call.user, user_id, now=call.now, origin=call.origin, grace=_grace()
    )
    flash(
        _(
            "The account of %(name)s will be deleted on %(when)s. Their upcoming sessions are "
            "cancelled. Logging in before then cancels the deletion.",
            name=person.display_name,
            when=local_datetime(due, "EEEE d MMMM y"),
        ),
        "success",
    )
    return redirect(url_for(".coordinator_find"))
