"""Coordinators verify the peer experts of their own organisation and watch VOG validity."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import roles
from peermatch.dutch_calendar import dutch_date
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, redirect_to, use_case
from peermatch.edge.labels import LANGUAGE_LABELS, MODE_LABELS
from peermatch.models.enums import Role
from peermatch.services import credentials, safeguarding
from peermatch.services import profiles as svc
from peermatch.services.disclosure import needs_vog, vog_valid_on, vog_valid_until
from peermatch.services.errors import DomainError
from peermatch.services.profile_preview import build_preview
from peermatch.services.vog_state import vog_status
from peermatch.web.credentials.forms import KIND_LABELS
from peermatch.web.profiles.forms import (
    AUDIENCE_LABELS,
    TRAINING_LABELS,
    VISIBILITY_LABELS,
    ReviewForm,
)
from peermatch.web.profiles.routes import join_labels

bp = Blueprint("verification", __name__, url_prefix="/verification")

Page = str | Response | tuple[str, int]


@bp.get("")
@roles(Role.COORDINATOR)
@use_case()
def queue(call: Call) -> str:
    return render_template(
        "verification/queue.html", profiles=svc.verification_queue(call.session, call.user)
    )


def _profile_page(call: Call, profile_id: int, form: ReviewForm) -> dict[str, Any]:
    profile = svc.review_profile(
        call.session, call.user, profile_id, origin=call.origin, now=call.now
    )
    today = dutch_date(call.now)
    return {
        "profile": profile,
        "certificates": credentials.of_profile(call.session, call.user, profile),
        "certificate_state": lambda c: (
            credentials.credential_state(c.status, c.expires_on, today).value
        ),
        "kind_labels": KIND_LABELS,
        "preview": build_preview(profile, "coordinator"),
        "form": form,
        "vog_until": vog_valid_until(profile.vog_date),
        "vog_valid": vog_valid_on(profile, today),
        "locale": ctx.current_locale(),
        "audience_labels": AUDIENCE_LABELS,
        "language_labels": LANGUAGE_LABELS,
        "mode_labels": MODE_LABELS,
        "training_labels": TRAINING_LABELS,
        "visibility_labels": VISIBILITY_LABELS,
        "join_labels": join_labels,
        "format_date": format_date,
    }


@bp.get("/profiles/<int:profile_id>")
@roles(Role.COORDINATOR)
@use_case()
def profile(call: Call, profile_id: int) -> str:
    return render_template(
        "verification/profile.html", **_profile_page(call, profile_id, ReviewForm())
    )


@bp.post("/profiles/<int:profile_id>/verify")
@roles(Role.COORDINATOR)
@use_case(redirect_to(".profile"), not_found_page=True)
def verify(call: Call, profile_id: int) -> Page:
    verified = svc.verify(
        call.session, profile_id, coordinator=call.user, now=call.now, origin=call.origin
    )
    flash(
        _("%(name)s is verified and can now be matched.", name=verified.user.display_name),
        "success",
    )
    return redirect(url_for(".queue"))


def _review_again(call: Call, err: DomainError, profile_id: int) -> tuple[str, int]:
    page = _profile_page(call, profile_id, ReviewForm())
    return render_template("verification/profile.html", **page), err.status


@bp.post("/profiles/<int:profile_id>/request-changes")
@roles(Role.COORDINATOR)
@use_case(_review_again, not_found_page=True)
def request_changes(call: Call, profile_id: int) -> Page:
    form = ReviewForm()
    changed = svc.request_changes(
        call.session,
        profile_id,
        form.message.data or "",
        coordinator=call.user,
        now=call.now,
        origin=call.origin,
    )
    flash(_("Your message was sent to %(name)s.", name=changed.user.display_name), "success")
    return redirect(url_for(".queue"))


@bp.get("/vog")
@roles(Role.COORDINATOR)
@use_case()
def vog(call: Call) -> str:
    today = dutch_date(call.now)
    return render_template(
        "verification/vog.html",
        rows=svc.vog_overview(
            call.session, call.user, today=today, now=call.now, origin=call.origin
        ),
        at_risk=safeguarding.sessions_at_risk(call.session, call.user, now=call.now),
        today=today,
        status_of=lambda row: vog_status(row.profile.vog_date, today),
        open_to_minors=lambda row: needs_vog(row.profile.audiences),
        days=svc.VOG_ATTENTION_DAYS,
        format_date=format_date,
    )
