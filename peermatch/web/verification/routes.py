"""Coordinators verify the peer experts of their own organisation and watch VOG validity."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import roles
from peermatch.dutch_calendar import dutch_date
from peermatch.models.enums import Role
from peermatch.services import profiles as svc
from peermatch.services import safeguarding
from peermatch.services.disclosure import vog_valid_on, vog_valid_until
from peermatch.services.errors import DomainError
from peermatch.services.profile_preview import build_preview
from peermatch.web import context as ctx
from peermatch.web.labels import LANGUAGE_LABELS, MODE_LABELS
from peermatch.web.profiles.forms import (
    AUDIENCE_LABELS,
    TRAINING_LABELS,
    VISIBILITY_LABELS,
    ReviewForm,
)
from peermatch.web.profiles.routes import join_labels

bp = Blueprint("verification", __name__, url_prefix="/verification")

Page = str | Response | tuple[str, int]


@bp.app_context_processor
def _dashboard_helpers() -> dict[str, Any]:
    def verification_counts() -> dict[str, int]:
        user = ctx.user()
        return {
            "waiting": svc.waiting_count(ctx.session(), user),
            "vog": len(svc.vog_attention(ctx.session(), user, today=dutch_date(ctx.now()))),
        }

    return {"verification_counts": verification_counts}


@bp.get("")
@roles(Role.COORDINATOR)
def queue() -> str:
    return render_template(
        "verification/queue.html", profiles=svc.verification_queue(ctx.session(), ctx.user())
    )


def _profile_page(profile_id: int, form: ReviewForm) -> dict[str, Any]:
    profile = svc.review_profile(ctx.session(), ctx.user(), profile_id, origin=ctx.origin())
    today = dutch_date(ctx.now())
    return {
        "profile": profile,
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
def profile(profile_id: int) -> str:
    return render_template("verification/profile.html", **_profile_page(profile_id, ReviewForm()))


@bp.post("/profiles/<int:profile_id>/verify")
@roles(Role.COORDINATOR)
def verify(profile_id: int) -> Page:
    try:
        verified = svc.verify(
            ctx.session(), profile_id, coordinator=ctx.user(), now=ctx.now(), origin=ctx.origin()
        )
    except DomainError as err:
        if err.status == 404:
            raise
        ctx.flash_error(err)
        return redirect(url_for(".profile", profile_id=profile_id))
    flash(
        _("%(name)s is verified and can now be matched.", name=verified.user.display_name),
        "success",
    )
    return redirect(url_for(".queue"))


@bp.post("/profiles/<int:profile_id>/request-changes")
@roles(Role.COORDINATOR)
def request_changes(profile_id: int) -> Page:
    form = ReviewForm()
    try:
        changed = svc.request_changes(
            ctx.session(),
            profile_id,
            form.message.data or "",
            coordinator=ctx.user(),
            now=ctx.now(),
            origin=ctx.origin(),
        )
    except DomainError as err:
        if err.status == 404:
            raise
        ctx.flash_error(err)
        return render_template(
            "verification/profile.html", **_profile_page(profile_id, form)
        ), err.status
    flash(_("Your message was sent to %(name)s.", name=changed.user.display_name), "success")
    return redirect(url_for(".queue"))


@bp.get("/vog")
@roles(Role.COORDINATOR)
def vog() -> str:
    today = dutch_date(ctx.now())
    return render_template(
        "verification/vog.html",
        rows=svc.vog_attention(ctx.session(), ctx.user(), today=today),
        at_risk=safeguarding.sessions_at_risk(ctx.session(), ctx.user(), now=ctx.now()),
        today=today,
        days=svc.VOG_ATTENTION_DAYS,
        format_date=format_date,
    )
