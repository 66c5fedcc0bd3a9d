"""The peer expert's availability editor: weekly windows, exceptions, and a preview."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import roles
from peermatch.edge.context import Call, use_case
from peermatch.models import AvailabilityRule
from peermatch.models.enums import ExceptionKind, Role
from peermatch.services import availability as service
from peermatch.services.errors import DomainError
from peermatch.web.availability.forms import ExtraForm, UnavailableForm, WindowForm, weekday_names

bp = Blueprint("availability", __name__, url_prefix="/availability")

PREVIEW_WEEKS = 4


def _forms() -> tuple[WindowForm, UnavailableForm, ExtraForm]:
    return WindowForm(prefix="window"), UnavailableForm(prefix="off"), ExtraForm(prefix="extra")


def _page(
    call: Call,
    status: int = 200,
    *,
    window_form: WindowForm | None = None,
    off_form: UnavailableForm | None = None,
    extra_form: ExtraForm | None = None,
) -> tuple[str, int]:
    session, user = call.session, call.user
    profile = service.profile_of(session, user)
    if profile is None:
        return render_template("availability/index.html", profile=None), status
    now = call.now
    rules = service.list_rules(session, profile)
    by_day: dict[int, list[AvailabilityRule]] = {day: [] for day in range(7)}
    for rule in rules:
        by_day[rule.weekday].append(rule)
    return (
        render_template(
            "availability/index.html",
            profile=profile,
            weekdays=weekday_names(),
            rules_by_day=by_day,
            exceptions=service.list_exceptions(
                session, profile, from_date=service.local_today(profile, now)
            ),
            preview=service.preview(session, profile, now=now, weeks=PREVIEW_WEEKS),
            preview_weeks=min(PREVIEW_WEEKS, profile.horizon_weeks),
            session_minutes=service.default_session_minutes(profile),
            time_zone=service.zone_of(user),
            window_form=window_form or WindowForm(prefix="window", formdata=None),
            off_form=off_form or UnavailableForm(prefix="off", formdata=None),
            extra_form=extra_form or ExtraForm(prefix="extra", formdata=None),
        ),
        status,
    )


def _refused(call: Call, err: DomainError, *_args: Any, **_ids: Any) -> tuple[str, int]:
    """``on_error``: the editor again, the refusal flashed (forms come back blank)."""
    return _page(call, err.status)


@bp.get("")
@roles(Role.PEER_EXPERT)
@use_case()
def index(call: Call) -> tuple[str, int]:
    return _page(call)


@bp.post("/windows")
@roles(Role.PEER_EXPERT)
@use_case(_refused)
def add_window(call: Call) -> Response | tuple[str, int]:
    form = WindowForm(prefix="window")
    if not form.validate():
        return _page(call, 422, window_form=form)
    call.otherwise(lambda err: _page(call, err.status, window_form=form))
    profile = service.require_profile(call.session, call.user)
    assert form.start.data is not None and form.end.data is not None
    service.add_rule(
        call.session,
        profile,
        service.WindowInput(int(form.weekday.data or 0), form.start.data, form.end.data),
    )
    flash(_("Time block added."), "success")
    return redirect(url_for("availability.index"))


@bp.post("/windows/<int:rule_id>/delete")
@roles(Role.PEER_EXPERT)
@use_case(_refused)
def remove_window(call: Call, rule_id: int) -> Response | tuple[str, int]:
    profile = service.require_profile(call.session, call.user)
    service.remove_rule(call.session, profile, rule_id)
    flash(_("Time block removed."), "success")
    return redirect(url_for("availability.index"))


@bp.post("/exceptions/unavailable")
@roles(Role.PEER_EXPERT)
@use_case(_refused)
def add_unavailable(call: Call) -> Response | tuple[str, int]:
    form = UnavailableForm(prefix="off")
    if not form.validate():
        return _page(call, 422, off_form=form)
    assert form.start_date.data is not None
    call.otherwise(lambda err: _page(call, err.status, off_form=form))
    profile = service.require_profile(call.session, call.user)
    service.add_exception(
        call.session,
        profile,
        service.ExceptionInput(
            kind=ExceptionKind.UNAVAILABLE,
            start_date=form.start_date.data,
            end_date=form.end_date.data or form.start_date.data,
            start_time=form.start_time.data,
            end_time=form.end_time.data,
            note=form.note.data,
        ),
        now=call.now,
    )
    flash(_("Saved: you are not available then."), "success")
    return redirect(url_for("availability.index"))


@bp.post("/exceptions/extra")
@roles(Role.PEER_EXPERT)
@use_case(_refused)
def add_extra(call: Call) -> Response | tuple[str, int]:
    form = ExtraForm(prefix="extra")
    if not form.validate():
        return _page(call, 422, extra_form=form)
    assert form.day.data is not None
    call.otherwise(lambda err: _page(call, err.status, extra_form=form))
    profile = service.require_profile(call.session, call.user)
    service.add_exception(
        call.session,
        profile,
        service.ExceptionInput(
            kind=ExceptionKind.EXTRA,
            start_date=form.day.data,
            end_date=form.day.data,
            start_time=form.start_time.data,
            end_time=form.end_time.data,
        ),
        now=call.now,
    )
    flash(_("Extra time block added."), "success")
    return redirect(url_for("availability.index"))


@bp.post("/exceptions/<int:exception_id>/delete")
@roles(Role.PEER_EXPERT)
@use_case(_refused)
def remove_exception(call: Call, exception_id: int) -> Response | tuple[str, int]:
    profile = service.require_profile(call.session, call.user)
    service.remove_exception(call.session, profile, exception_id)
    flash(_("Exception removed."), "success")
    return redirect(url_for("availability.index"))
