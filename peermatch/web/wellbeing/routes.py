"""A peer expert's break, and the coordinator's list of low check-ins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import roles
from peermatch.dutch_calendar import dutch_date
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, use_case
from peermatch.models.enums import Role
from peermatch.services import profiles as profile_svc
from peermatch.services import wellbeing as svc
from peermatch.services.bookings import upcoming_sessions_for_coordinator
from peermatch.services.errors import DomainError

bp = Blueprint("wellbeing", __name__)

Page = str | Response | tuple[str, int]


@bp.app_context_processor
def _dashboard_helpers() -> dict[str, Any]:
    def low_check_in_count() -> int:
        return len(svc.low_check_ins(ctx.session(), ctx.user()))

    return {"low_check_in_count": low_check_in_count}


def _until() -> dt.date | None:
    raw = request.form.get("until", "")
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _break_page(call: Call, step: str = "choose", **extra: Any) -> str:
    profile = profile_svc.own_profile(call.session, call.user)
    today = dutch_date(call.now)
    return render_template(
        "wellbeing/break.html",
        profile=profile,
        step=step,
        upcoming=upcoming_sessions_for_coordinator(call.session, profile, now=call.now),
        today=today,
        suggested=today + dt.timedelta(days=14),
        latest=today + dt.timedelta(days=svc.MAX_BREAK_DAYS),
        **extra,
    )


@bp.get("/profile/break")
@roles(Role.PEER_EXPERT)
@use_case()
def take_break_page(call: Call) -> str:
    return _break_page(call)


@bp.post("/profile/break")
@roles(Role.PEER_EXPERT)
@use_case()
def take_break(call: Call) -> Page:
    until = _until()
    if until is None:
        return _break_page(call, error=_("Choose the last day of your break.")), 422
    call.otherwise(lambda err: (_break_page(call, until=until), err.status))
    if request.form.get("confirm") != "yes":
        # Check the date with the service's rules before asking to confirm.
        svc.validate_until(until, now=call.now)
        return _break_page(call, step="confirm", until=until)
    profile = profile_svc.own_profile(call.session, call.user)
    svc.take_break(
        call.session, profile, until=until, actor=call.user, now=call.now, origin=call.origin
    )
    flash(_("Enjoy your break. Nobody new is matched with you until it ends."), "success")
    return redirect(url_for(".take_break_page"))


@bp.post("/profile/break/end")
@roles(Role.PEER_EXPERT)
@use_case()
def end_break(call: Call) -> Page:
    if request.form.get("confirm") != "yes":
        return _break_page(call, step="end")
    call.otherwise(lambda err: (_break_page(call), err.status))
    profile = profile_svc.own_profile(call.session, call.user)
    svc.end_break(call.session, profile, actor=call.user, now=call.now, origin=call.origin)
    flash(_("Welcome back! Your profile is active again."), "success")
    return redirect(url_for(".take_break_page"))


@bp.get("/wellbeing")
@roles(Role.COORDINATOR)
@use_case()
def check_ins(call: Call) -> str:
    return render_template(
        "wellbeing/check_ins.html", items=svc.low_check_ins(call.session, call.user)
    )


@bp.post("/wellbeing/<int:feedback_id>/seen")
@roles(Role.COORDINATOR)
@use_case()
def seen(call: Call, feedback_id: int) -> Page:
    def again(err: DomainError) -> tuple[str, int]:
        items = svc.low_check_ins(call.session, call.user)
        return render_template("wellbeing/check_ins.html", items=items), err.status

    call.otherwise(again)
    svc.acknowledge(call.session, call.user, feedback_id, now=call.now, origin=call.origin)
    flash(_("Marked as seen. Thank you for following it up."), "success")
    return redirect(url_for(".check_ins"))
