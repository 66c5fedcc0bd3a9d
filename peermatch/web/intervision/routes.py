"""Group intervision pages: the coordinator's list, plan/change/cancel and attendance; the
peer expert's own list and their answer. Every change has a confirm step (the UX rule) and
says what happened afterwards; the services decide who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import roles
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, use_case
from peermatch.models import Intervision
from peermatch.models.enums import Role
from peermatch.services import intervision as svc
from peermatch.services.accounts import coordinator_organisation_ids
from peermatch.services.errors import DomainError
from peermatch.timezones import zone_info
from peermatch.web.form_errors import add_refusals
from peermatch.web.intervision.forms import REFUSAL_PLACES, IntervisionForm

bp = Blueprint("intervision", __name__, url_prefix="/intervision")

Page = str | Response | tuple[str, int]
ATTENDANCE = {"yes": True, "no": False, "unknown": None}


@bp.app_context_processor
def _dashboard_helpers() -> dict[str, Any]:
    def upcoming_intervision() -> list[Any]:
        return svc.upcoming_for(ctx.session(), ctx.user(), now=ctx.now(), limit=5)

    return {"upcoming_intervision": upcoming_intervision}


# --- the coordinator's form -----------------------------------------------------------


def _form(
    call: Call, intervision: Intervision | None = None, *, formdata: bool = True
) -> IntervisionForm:
    org_ids = sorted(coordinator_organisation_ids(call.user))
    if intervision is not None and not formdata:
        zone = zone_info(call.user.time_zone)
        start = intervision.starts_at.astimezone(zone)
        form = IntervisionForm(
            formdata=None,
            organisation=intervision.organisation_id,
            title=intervision.title,
            topic=intervision.topic,
            day=start.date(),
            start=start.time().replace(second=0, microsecond=0),
            end=intervision.ends_at.astimezone(zone).time().replace(second=0, microsecond=0),
            mode=intervision.mode,
            place=intervision.place,
            capacity=intervision.capacity,
            peers=[p.user_id for p in intervision.participants],
        )
    elif formdata:
        form = IntervisionForm()
    else:
        form = IntervisionForm(formdata=None, organisation=org_ids[0] if org_ids else None)
    orgs = [intervision.organisation] if intervision is not None else []
    if intervision is None:
        orgs = [svc.organisation_of(call.session, call.user, oid) for oid in org_ids]
    form.organisation.choices = [SelectChoice(str(o.id), o.name) for o in orgs]
    peers = svc.invitable_peers(call.session, [o.id for o in orgs])
    form.peers.choices = [SelectChoice(str(p.id), p.display_name) for p in peers]
    return form


def _plan(call: Call, form: IntervisionForm) -> svc.Plan:
    zone = zone_info(call.user.time_zone)
    day: dt.date = form.day.data
    return svc.Plan(
        title=form.title.data or "",
        topic=form.topic.data,
        starts_at=dt.datetime.combine(day, form.start.data, zone),
        ends_at=dt.datetime.combine(day, form.end.data, zone),
        mode=form.mode.data or "",
        place=form.place.data,
        capacity=form.capacity.data,
        peer_user_ids=tuple(form.peers.data or ()),
    )


def _form_page(
    call: Call,
    form: IntervisionForm,
    *,
    intervision: Intervision | None = None,
    step: str = "form",
    plan: svc.Plan | None = None,
) -> str:
    names = {int(c.value): str(c.label) for c in form.peers.choices or []}
    return render_template(
        "intervision/form.html",
        form=form,
        intervision=intervision,
        step=step,
        plan=plan,
        invited=[names[uid] for uid in (plan.peer_user_ids if plan else ()) if uid in names],
    )


def _submit(call: Call, intervision: Intervision | None) -> Page:
    form = _form(call, intervision)
    if not form.validate():
        return _form_page(call, form, intervision=intervision), 422
    if request.form.get("confirm") == "back":  # "No, change something" on the confirm step
        return _form_page(call, form, intervision=intervision)

    def again(err: DomainError) -> tuple[str, int]:
        add_refusals(form, [err], REFUSAL_PLACES)
        return _form_page(call, form, intervision=intervision), err.status

    call.otherwise(again, flash=False)
    plan = svc.check(
        call.session,
        call.user,
        form.organisation.data,
        _plan(call, form),
        now=call.now,
        intervision_id=intervision.id if intervision is not None else None,
    )
    if request.form.get("confirm") != "yes":
        return _form_page(call, form, intervision=intervision, step="confirm", plan=plan)
    if intervision is None:
        made = svc.schedule(
            call.session, call.user, form.organisation.data, plan, now=call.now, origin=call.origin
        )
        flash(
            ngettext(
                "The intervision is planned. %(num)s peer expert got an invitation for their calendar.",
                "The intervision is planned. %(num)s peer experts got an invitation for their calendar.",
                len(made.participants),
            ),
            "success",
        )
        return redirect(url_for(".detail", intervision_id=made.id))
    changed, changes = svc.reschedule(
        call.session, call.user, intervision.id, plan, now=call.now, origin=call.origin
    )
    if changes.moved:
        flash(_("Saved. Everyone invited got the new time or place for their calendar."), "success")
    else:
        flash(_("Saved."), "success")
    return redirect(url_for(".detail", intervision_id=changed.id))


@bp.get("")
@roles(Role.COORDINATOR)
@use_case()
def index(call: Call) -> str:
    lists = svc.coordinator_list(call.session, call.user, now=call.now)
    return render_template("intervision/index.html", lists=lists)


@bp.get("/new")
@roles(Role.COORDINATOR)
@use_case()
def new(call: Call) -> str:
    return _form_page(call, _form(call, formdata=False))


@bp.post("/new")
@roles(Role.COORDINATOR)
@use_case()
def create(call: Call) -> Page:
    return _submit(call, None)


@bp.get("/<int:intervision_id>/edit")
@roles(Role.COORDINATOR)
@use_case()
def edit(call: Call, intervision_id: int) -> str:
    intervision = svc.for_coordinator(call.session, call.user, intervision_id)
    return _form_page(call, _form(call, intervision, formdata=False), intervision=intervision)


@bp.post("/<int:intervision_id>/edit")
@roles(Role.COORDINATOR)
@use_case()
def update(call: Call, intervision_id: int) -> Page:
    intervision = svc.for_coordinator(call.session, call.user, intervision_id)
    return _submit(call, intervision)


# --- one meeting ----------------------------------------------------------------------


def _detail(call: Call, intervision_id: int, step: str = "view", **extra: Any) -> str:
    """The coordinator's page for their organisation's meeting, else the invited peer
    expert's; anyone else gets the same 404 as for a meeting that does not exist."""
    intervision = svc.for_coordinator_or_none(call.session, call.user, intervision_id)
    if intervision is not None:
        return render_template(
            "intervision/detail.html",
            intervision=intervision,
            coordinator=True,
            participant=None,
            started=intervision.starts_at <= call.now,
            step=step,
            **extra,
        )
    intervision, participant = svc.for_participant(call.session, call.user, intervision_id)
    return render_template(
        "intervision/detail.html",
        intervision=intervision,
        coordinator=False,
        participant=participant,
        started=intervision.starts_at <= call.now,
        step=step,
        **extra,
    )


@bp.get("/<int:intervision_id>")
@roles(Role.COORDINATOR, Role.PEER_EXPERT)
@use_case()
def detail(call: Call, intervision_id: int) -> str:
    return _detail(call, intervision_id)


@bp.post("/<int:intervision_id>/cancel")
@roles(Role.COORDINATOR)
@use_case()
def cancel(call: Call, intervision_id: int) -> Page:
    call.otherwise(lambda err: (_detail(call, intervision_id), err.status))
    if request.form.get("confirm") != "yes":
        svc.check_open(call.session, call.user, intervision_id, now=call.now)
        return _detail(call, intervision_id, step="cancel")
    svc.cancel(call.session, call.user, intervision_id, now=call.now, origin=call.origin)
    flash(_("The intervision is called off. Everyone invited has been told."), "success")
    return redirect(url_for(".index"))


def _attendance_choices(intervision: Intervision) -> dict[int, bool | None]:
    found: dict[int, bool | None] = {}
    for participant in intervision.participants:
        raw = request.form.get(f"attended-{participant.user_id}", "")
        if raw not in ATTENDANCE:
            abort(400)
        found[participant.user_id] = ATTENDANCE[raw]
    return found


@bp.post("/<int:intervision_id>/attendance")
@roles(Role.COORDINATOR)
@use_case()
def attendance(call: Call, intervision_id: int) -> Page:
    intervision = svc.for_coordinator(call.session, call.user, intervision_id)
    chosen = _attendance_choices(intervision)
    call.otherwise(lambda err: (_detail(call, intervision_id), err.status))
    if request.form.get("confirm") != "yes":
        svc.check_attendance(call.session, call.user, intervision_id, now=call.now)
        return _detail(call, intervision_id, step="attendance", chosen=chosen)
    svc.record_attendance(
        call.session, call.user, intervision_id, chosen, now=call.now, origin=call.origin
    )
    came = sum(1 for value in chosen.values() if value is True)
    flash(
        ngettext(
            "Saved: %(num)s peer expert came. It counts in the hours report.",
            "Saved: %(num)s peer experts came. It counts in the hours report.",
            came,
        ),
        "success",
    )
    return redirect(url_for(".detail", intervision_id=intervision_id))


# --- the peer expert ------------------------------------------------------------------


@bp.get("/mine")
@roles(Role.PEER_EXPERT)
@use_case()
def mine(call: Call) -> str:
    return render_template(
        "intervision/mine.html", entries=svc.mine(call.session, call.user, now=call.now)
    )


@bp.post("/<int:intervision_id>/respond")
@roles(Role.PEER_EXPERT)
@use_case()
def respond(call: Call, intervision_id: int) -> Page:
    answer = request.form.get("response", "")
    call.otherwise(lambda err: (_detail(call, intervision_id), err.status))
    if request.form.get("confirm") != "yes":
        # The confirm step only for an answer the service would take now.
        svc.check_response(call.session, call.user, intervision_id, answer, now=call.now)
        return _detail(call, intervision_id, step="respond", answer=answer)
    svc.respond(call.session, call.user, intervision_id, answer, now=call.now, origin=call.origin)
    if answer == "accepted":
        flash(_("Thank you! You are coming. It is in your PeerMatch calendar."), "success")
    else:
        flash(
            _("Thank you for letting us know. It is taken out of your PeerMatch calendar."),
            "success",
        )
    return redirect(url_for(".detail", intervision_id=intervision_id))
