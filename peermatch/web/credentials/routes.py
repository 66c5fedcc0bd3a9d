"""Credentials pages: the peer expert's own list (add, change, remove) and the coordinator's
organisation list with its check actions (verify, reject, remind).

Every change has a confirm step and words after it (the UX rules); the services decide who
may see what (a credential of another organisation is a 404).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import roles
from peermatch.dutch_calendar import dutch_date
from peermatch.edge.context import Call, use_case
from peermatch.models import Credential
from peermatch.models.enums import CredentialKind, Role
from peermatch.services import credentials as svc
from peermatch.services.errors import DomainError
from peermatch.web.credentials.forms import KIND_LABELS, CredentialForm, RejectForm, VerifyForm

bp = Blueprint("credentials", __name__)

Page = str | Response | tuple[str, int]


def _common(call: Call) -> dict[str, Any]:
    today = dutch_date(call.now)
    return {
        "kind_labels": KIND_LABELS,
        "today": today,
        "state_of": lambda c: svc.credential_state(c.status, c.expires_on, today).value,
    }


# --- the peer expert's own credentials ---------------------------------------------------


@bp.get("/profile/credentials")
@roles(Role.PEER_EXPERT)
@use_case()
def own(call: Call) -> str:
    return render_template(
        "credentials/own.html", items=svc.list_own(call.session, call.user), **_common(call)
    )


def _input(form: CredentialForm) -> svc.CredentialInput:
    return svc.CredentialInput(
        kind=CredentialKind(form.kind.data),
        name=form.name.data or "",
        obtained_on=form.obtained_on.data,
        expires_on=form.expires_on.data,
    )


def _form_page(
    call: Call, form: CredentialForm, *, credential: Credential | None, step: str = "form"
) -> str:
    return render_template(
        "credentials/own_form.html",
        form=form,
        credential=credential,
        step=step,
        **_common(call),
    )


@bp.route("/profile/credentials/new", methods=["GET", "POST"])
@roles(Role.PEER_EXPERT)
@use_case()
def add(call: Call) -> Page:
    form = CredentialForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        return _form_page(call, form, credential=None)
    if not form.validate():
        return _form_page(call, form, credential=None), 422
    if request.form.get("confirm") != "yes":
        return _form_page(call, form, credential=None, step="confirm")
    call.otherwise(lambda err: (_form_page(call, form, credential=None), err.status))
    added = svc.add(call.session, call.user, _input(form), now=call.now, origin=call.origin)
    flash(
        _("Saved: “%(name)s”. Your coordinator will check it.", name=added.name),
        "success",
    )
    return redirect(url_for(".own"))


@bp.route("/profile/credentials/<int:credential_id>/edit", methods=["GET", "POST"])
@roles(Role.PEER_EXPERT)
@use_case()
def edit(call: Call, credential_id: int) -> Page:
    credential = svc.own_credential(call.session, call.user, credential_id)
    if request.method == "GET":
        return _form_page(call, CredentialForm(obj=credential), credential=credential)
    form = CredentialForm()
    if not form.validate():
        return _form_page(call, form, credential=credential), 422
    if request.form.get("confirm") != "yes":
        return _form_page(call, form, credential=credential, step="confirm")
    call.otherwise(lambda err: (_form_page(call, form, credential=credential), err.status))
    changed = svc.edit(
        call.session, call.user, credential_id, _input(form), now=call.now, origin=call.origin
    )
    flash(
        _("Changed: “%(name)s”. Your coordinator will check it again.", name=changed.name),
        "success",
    )
    return redirect(url_for(".own"))


@bp.post("/profile/credentials/<int:credential_id>/remove")
@roles(Role.PEER_EXPERT)
@use_case()
def remove(call: Call, credential_id: int) -> Page:
    credential = svc.own_credential(call.session, call.user, credential_id)
    if request.form.get("confirm") != "yes":
        return render_template(
            "credentials/remove_confirm.html", credential=credential, **_common(call)
        )
    name = svc.remove(call.session, call.user, credential_id, origin=call.origin)
    flash(_("Removed: “%(name)s”.", name=name), "success")
    return redirect(url_for(".own"))


# --- the coordinator's list and checks ---------------------------------------------------


@bp.get("/verification/credentials")
@roles(Role.COORDINATOR)
@use_case()
def organisation(call: Call) -> str:
    show = request.args.get("show", "to_check")
    if show not in svc.FILTERS:
        show = "to_check"
    rows = svc.organisation_list(
        call.session, call.user, show=show, now=call.now, origin=call.origin
    )
    return render_template(
        "credentials/list.html", rows=rows, show=show, filters=svc.FILTERS, **_common(call)
    )


def _actions_page(
    call: Call,
    credential_id: int,
    *,
    verify_form: VerifyForm | None = None,
    reject_form: RejectForm | None = None,
    step: str = "choose",
) -> str:
    credential = svc.for_coordinator(call.session, call.user, credential_id)
    return render_template(
        "credentials/actions.html",
        credential=credential,
        verify_form=verify_form or VerifyForm(formdata=None),
        reject_form=reject_form or RejectForm(formdata=None),
        step=step,
        **_common(call),
    )


@bp.get("/verification/credentials/<int:credential_id>")
@roles(Role.COORDINATOR)
@use_case()
def actions(call: Call, credential_id: int) -> str:
    return _actions_page(call, credential_id)


@bp.post("/verification/credentials/<int:credential_id>/verify")
@roles(Role.COORDINATOR)
@use_case()
def verify(call: Call, credential_id: int) -> Page:
    form = VerifyForm()
    if not form.validate():
        return _actions_page(call, credential_id, verify_form=form), 422
    if request.form.get("confirm") != "yes":
        return _actions_page(call, credential_id, verify_form=form, step="verify")

    def again(err: DomainError) -> tuple[str, int]:
        return _actions_page(call, credential_id, verify_form=form), err.status

    call.otherwise(again)
    credential = svc.verify(
        call.session,
        call.user,
        credential_id,
        seen_note=form.seen_note.data,
        now=call.now,
        origin=call.origin,
    )
    flash(
        _(
            "Saved: you saw the original of “%(name)s” of %(peer)s.",
            name=credential.name,
            peer=credential.profile.user.display_name,
        ),
        "success",
    )
    return redirect(url_for(".organisation"))


@bp.post("/verification/credentials/<int:credential_id>/reject")
@roles(Role.COORDINATOR)
@use_case()
def reject(call: Call, credential_id: int) -> Page:
    form = RejectForm()
    if not form.validate():
        return _actions_page(call, credential_id, reject_form=form), 422
    if request.form.get("confirm") != "yes":
        return _actions_page(call, credential_id, reject_form=form, step="reject")

    def again(err: DomainError) -> tuple[str, int]:
        return _actions_page(call, credential_id, reject_form=form), err.status

    call.otherwise(again)
    credential = svc.reject(
        call.session,
        call.user,
        credential_id,
        reason=form.reason.data or "",
        now=call.now,
        origin=call.origin,
    )
    flash(
        _(
            "Not accepted: “%(name)s” of %(peer)s. We told them why.",
            name=credential.name,
            peer=credential.profile.user.display_name,
        ),
        "success",
    )
    return redirect(url_for(".organisation"))


@bp.post("/verification/credentials/<int:credential_id>/remind")
@roles(Role.COORDINATOR)
@use_case()
def remind(call: Call, credential_id: int) -> Page:
    if request.form.get("confirm") != "yes":
        return _actions_page(call, credential_id, step="remind")
    credential = svc.remind(
        call.session, call.user, credential_id, now=call.now, origin=call.origin
    )
    flash(
        _(
            "We sent %(peer)s a reminder to renew “%(name)s”.",
            peer=credential.profile.user.display_name,
            name=credential.name,
        ),
        "success",
    )
    return redirect(url_for(".organisation", show="expiring"))
