"""Contact requests: youths ask for a peer expert, teams for peer experts, guardians consent."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import public, roles
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, use_case
from peermatch.i18n.messages import message
from peermatch.models import ContactRequest
from peermatch.models.enums import RequestKind, RequestStatus, Role
from peermatch.services import requests as svc
from peermatch.services.taxonomy import domain_groups
from peermatch.web.form_errors import add_refusals
from peermatch.web.requests import forms

bp = Blueprint("requests", __name__, url_prefix="/requests")

Page = str | Response | tuple[str, int]


def _action() -> str:
    return request.form.get("action", "save")


# --- youth -----------------------------------------------------------------------------------


@bp.get("/")
@roles(Role.YOUTH)
@use_case()
def index(call: Call) -> str:
    items = svc.list_mine(call.session, call.user)
    editable = svc.editable_ids(call.session, items)
    return render_template("requests/index.html", items=items, editable=editable)


def _youth_form_page(call: Call, existing: ContactRequest | None) -> Page:
    session, user, now = call.session, call.user, call.now
    groups = domain_groups(session)
    locale = ctx.current_locale()
    form = forms.youth_form_class(groups, locale)()
    form.asks_own_gender = user.gender is None
    if request.method == "GET" and existing is not None:
        own_words = svc.read_own_words(session, existing, user, origin=call.origin, now=now)
        forms.fill_youth_form(form, groups, existing, own_words, user.time_zone)
    elif request.method == "GET":
        forms.preselect_language(form, locale)
    searching = request.method == "POST" and _action() == "search_place"
    forms.set_place_choices(form, searching)

    def render(status: int = 200) -> tuple[str, int]:
        return (
            render_template(
                "requests/youth_form.html",
                form=form,
                groups=groups,
                domain_fields=forms.domain_fields(form, groups),
                existing=existing,
                ask_gender=user.gender is None,
                searching=searching,
                locale=locale,
            ),
            status,
        )

    if request.method == "GET":
        call.otherwise(lambda err: render(err.status))
        if svc.age_route(user, now) is svc.AgeRoute.TOO_YOUNG:
            flash(message("request.error.too_young", min=svc.MIN_AGE), "error")
            return render(403)
        return render()
    if searching:
        # Searching changes nothing; the form comes back with places to pick from.
        return render()
    if not form.validate_on_submit():
        return render(422)
    call.otherwise(lambda err: render(err.status))
    data = forms.youth_input(form, groups, user.time_zone)
    saved = svc.save_youth_draft(session, user, data, now=now, origin=call.origin, request=existing)
    if _action() == "send" and saved.status == RequestStatus.DRAFT:
        gaps = svc.missing_before_send(session, saved, user, now=now)
        if add_refusals(form, gaps, forms.REFUSAL_PLACES):
            # Every gap at once, at its field; nothing is saved (the page keeps what was typed).
            ctx.mark_rollback()
            return render(422)
        if svc.needs_guardian(user, saved, now):
            return redirect(url_for("requests.guardian", request_id=saved.id))
        svc.submit(session, saved, user, now=now, origin=call.origin)
        flash(_("Your request has been sent."), "success")
        return redirect(url_for("requests.status", request_id=saved.id))
    flash(_("Saved. You can continue later."), "success")
    return redirect(url_for("requests.index"))


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.YOUTH)
@use_case()
def new(call: Call) -> Page:
    draft = svc.current_draft(call.session, call.user)
    if request.method == "GET" and draft is not None:
        return redirect(url_for("requests.edit", request_id=draft.id))
    return _youth_form_page(call, draft)


@bp.route("/<int:request_id>/edit", methods=["GET", "POST"])
@roles(Role.YOUTH)
@use_case()
def edit(call: Call, request_id: int) -> Page:
    existing = svc.get_for(call.session, request_id, call.user)
    if existing.kind is not RequestKind.YOUTH:
        return redirect(url_for("requests.team_edit", request_id=existing.id))
    if not svc.is_editable(call.session, existing):
        flash(message("request.error.has_proposals"), "info")
        return redirect(url_for("requests.status", request_id=existing.id))
    return _youth_form_page(call, existing)


@bp.route("/<int:request_id>/guardian", methods=["GET", "POST"])
@roles(Role.YOUTH)
@use_case()
def guardian(call: Call, request_id: int) -> Page:
    session, user, now = call.session, call.user, call.now
    item = svc.get_for(session, request_id, user)
    if not svc.needs_guardian(user, item, now) or item.status != RequestStatus.DRAFT:
        return redirect(url_for("requests.status", request_id=item.id))
    form = forms.GuardianForm()
    if form.validate_on_submit():
        call.otherwise(
            lambda err: (
                render_template("requests/guardian.html", form=form, item=item),
                err.status,
            )
        )
        svc.submit(
            session,
            item,
            user,
            now=now,
            origin=call.origin,
            guardian=svc.GuardianContact(
                name=form.guardian_name.data or "", email=form.guardian_email.data or ""
            ),
        )
        return redirect(url_for("requests.status", request_id=item.id))
    status = 422 if request.method == "POST" else 200
    return render_template("requests/guardian.html", form=form, item=item), status


@bp.get("/<int:request_id>")
@roles(Role.YOUTH, Role.TEAM_MEMBER)
@use_case()
def status(call: Call, request_id: int) -> str:
    item = svc.get_for(call.session, request_id, call.user)
    own_words = svc.read_own_words(call.session, item, call.user, origin=call.origin, now=call.now)
    return render_template(
        "requests/status.html",
        item=item,
        own_words=own_words,
        editable=svc.is_editable(call.session, item),
        locale=ctx.current_locale(),
        labels=forms,
    )


@bp.route("/<int:request_id>/withdraw", methods=["GET", "POST"])
@roles(Role.YOUTH, Role.TEAM_MEMBER)
@use_case()
def withdraw(call: Call, request_id: int) -> Page:
    item = svc.get_for(call.session, request_id, call.user)
    if request.method == "POST" and request.form.get("confirm") == "yes":
        call.otherwise(
            lambda err: (render_template("requests/withdraw.html", item=item), err.status)
        )
        svc.withdraw(call.session, item, call.user, now=call.now, origin=call.origin)
        flash(_("Your request has been withdrawn."), "success")
        return redirect(
            url_for("requests.team_index" if item.kind is RequestKind.TEAM else "requests.index")
        )
    return render_template("requests/withdraw.html", item=item)


# --- guardian (public by secret) -------------------------------------------------------------


@bp.route("/consent/<token>", methods=["GET", "POST"])
@public
@use_case()
def guardian_consent(call: Call, token: str) -> Page:
    """Public by secret: the link in the guardian's email is the only key."""
    session, now = call.session, call.now
    # The page itself says what went wrong (no flash): the guardian has no account page.
    call.otherwise(
        lambda err: (
            render_template(
                "requests/consent.html", view=None, error=message(err.key, **err.params)
            ),
            err.status,
        ),
        flash=False,
    )
    view = svc.consent_view(session, token, now=now)
    if request.method == "POST":
        call.otherwise(
            lambda err: (
                render_template(
                    "requests/consent.html", view=view, error=message(err.key, **err.params)
                ),
                err.status,
            ),
            flash=False,
        )
        svc.confirm_guardian_consent(
            session, token, now=now, origin=call.origin,
            stated_name=request.form.get("stated_name"),
            relation=request.form.get("relation"),
        )  # fmt: skip
        call.refusal_page = None
        view = svc.consent_view(session, token, now=now)
        return render_template("requests/consent.html", view=view, error=None, thanks=True)
    return render_template("requests/consent.html", view=view, error=None)


# --- team members ----------------------------------------------------------------------------


@bp.get("/team")
@roles(Role.TEAM_MEMBER)
@use_case()
def team_index(call: Call) -> str:
    items = svc.list_team_requests(call.session, call.user)
    editable = svc.editable_ids(call.session, items)
    return render_template("requests/team_index.html", items=items, editable=editable)


def _team_form_page(call: Call, existing: ContactRequest | None) -> Page:
    session, user, now = call.session, call.user, call.now
    locale = ctx.current_locale()
    groups = domain_groups(session)
    form = forms.TeamRequestForm()
    form.domains.choices = [
        SelectChoice(str(d.id), d.label(locale)) for g in groups for d in g.domains
    ]
    if request.method == "GET" and existing is not None:
        notes = svc.read_own_words(session, existing, user, origin=call.origin, now=now)
        forms.fill_team_form(form, existing, notes, user.time_zone)
    elif request.method == "GET":
        forms.preselect_language(form, locale)
    searching = request.method == "POST" and _action() == "search_place"
    forms.set_place_choices(form, searching)

    def render(status: int = 200) -> tuple[str, int]:
        page = render_template(
            "requests/team_form.html", form=form, existing=existing, searching=searching
        )
        return page, status

    if request.method == "GET" or searching:
        return render()
    if not form.validate_on_submit():
        return render(422)
    call.otherwise(lambda err: render(err.status))
    saved = svc.save_team_request(
        session,
        user,
        forms.team_input(form, user.time_zone),
        now=now,
        origin=call.origin,
        request=existing,
    )
    if _action() == "send" and saved.status == RequestStatus.DRAFT:
        gaps = svc.missing_before_send(session, saved, user, now=now)
        if add_refusals(form, gaps, forms.TEAM_REFUSAL_PLACES):
            ctx.mark_rollback()
            return render(422)
        svc.submit(session, saved, user, now=now, origin=call.origin)
        flash(_("Your team's request has been sent."), "success")
        return redirect(url_for("requests.status", request_id=saved.id))
    flash(_("Saved. You can continue later."), "success")
    return redirect(url_for("requests.team_index"))


@bp.route("/team/new", methods=["GET", "POST"])
@roles(Role.TEAM_MEMBER)
@use_case()
def team_new(call: Call) -> Page:
    return _team_form_page(call, None)


@bp.route("/team/<int:request_id>/edit", methods=["GET", "POST"])
@roles(Role.TEAM_MEMBER)
@use_case()
def team_edit(call: Call, request_id: int) -> Page:
    existing = svc.get_for(call.session, request_id, call.user)
    if existing.kind is not RequestKind.TEAM or not svc.is_editable(call.session, existing):
        return redirect(url_for("requests.status", request_id=existing.id))
    return _team_form_page(call, existing)


@bp.route("/refer", methods=["GET", "POST"])
@roles(Role.TEAM_MEMBER)
@use_case()
def refer(call: Call) -> Page:
    form = forms.ReferralForm()
    if form.validate_on_submit():
        call.otherwise(lambda err: (render_template("requests/refer.html", form=form), err.status))
        svc.refer_youth(
            call.session, call.user, form.email.data or "", now=call.now, origin=call.origin
        )
        flash(_("Referral saved. The young person can now finish their request."), "success")
        return redirect(url_for("requests.refer"))
    status = 422 if request.method == "POST" else 200
    return render_template("requests/refer.html", form=form), status
