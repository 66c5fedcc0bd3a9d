"""Matching pages. Thin: every rule lives in services.matching / services.proposals."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import authenticated, roles
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, redirect_to, use_case
from peermatch.i18n.messages import message
from peermatch.matching import Weights
from peermatch.models.enums import RequestKind, Role
from peermatch.services import feedback, matching, safeguarding
from peermatch.services import proposals as svc
from peermatch.services import requests as requests_service
from peermatch.services.errors import DomainError, InvalidInput
from peermatch.services.proposals import safety
from peermatch.web.matches.forms import (
    AnswerForm,
    BatchForm,
    ChooseForm,
    DeclineForm,
    ProposeOtherForm,
    QuestionForm,
    RejectForm,
)
from peermatch.web.matches.present import HELPERS

bp = Blueprint("matches", __name__, url_prefix="/matches")

Page = str | Response | tuple[str, int]
REQUESTERS = (Role.YOUTH, Role.TEAM_MEMBER)


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    return HELPERS


def _weights() -> Weights:
    return matching.configured_weights(current_app.config)


# --- the youth (or team member) ----------------------------------------------------------------
# A 404 stays a 404 page (not_found_page); any other refusal is flashed and nothing is saved.


def _candidates_page(call: Call, request_id: int, form: ChooseForm | None = None) -> str:
    request = requests_service.get_for(call.session, request_id, call.user)
    if not svc.may_choose(call.session, request):
        # Chosen already (by them, or by a coordinator's batch): show the choice, not a form
        # that could only fail.
        _, proposals = svc.proposals_for_request(call.session, request_id, call.user)
        return render_template("matches/chosen.html", request=request, proposals=proposals)
    view = matching.candidates_for(
        call.session, request, call.user, now=call.now, weights=_weights()
    )
    if view.nobody_fits:
        return render_template("matches/nobody_fits.html", view=view)
    form = form or ChooseForm()
    shown = min(svc.picks_allowed(request), len(view.cards))
    form.set_people([(c.profile.id, c.first_name) for c in view.cards], shown)
    return render_template("matches/candidates.html", view=view, form=form, shown=shown)


@bp.get("/requests/<int:request_id>/candidates")
@roles(*REQUESTERS)
@use_case(redirect_to(".request_status"), not_found_page=True)
def candidates(call: Call, request_id: int) -> Page:
    return _candidates_page(call, request_id)


@bp.post("/requests/<int:request_id>/choose")
@roles(*REQUESTERS)
@use_case(redirect_to(".candidates"), not_found_page=True)
def choose(call: Call, request_id: int) -> Page:
    form = ChooseForm()
    if not form.validate_on_submit():
        return _candidates_page(call, request_id, form), 422
    created = svc.choose(
        call.session,
        request_id,
        call.user,
        form.picks(),
        now=call.now,
        origin=call.origin,
        weights=_weights(),
    )
    flash(_("Thank you! We asked your first choice. You can follow it here."), "success")
    return redirect(url_for(".status", proposal_id=created[0].id))


@bp.post("/requests/<int:request_id>/help")
@roles(*REQUESTERS)
@use_case(redirect_to(".request_status"), not_found_page=True)
def ask_help(call: Call, request_id: int) -> Response:
    svc.ask_coordinator_for_help(
        call.session, request_id, call.user, now=call.now, origin=call.origin
    )
    flash(_("A coordinator will help you look further. You will hear from us."), "success")
    return redirect(url_for(".request_status", request_id=request_id))


@bp.get("/requests/<int:request_id>")
@roles(*REQUESTERS)
@use_case()
def request_status(call: Call, request_id: int) -> str:
    request, proposals = svc.proposals_for_request(call.session, request_id, call.user)
    return render_template("matches/request.html", request=request, proposals=proposals)


@bp.post("/<int:proposal_id>/confirm")
@roles(*REQUESTERS)
@use_case(redirect_to(".status"), not_found_page=True)
def confirm(call: Call, proposal_id: int) -> Response:
    svc.confirm_suggestion(call.session, proposal_id, call.user, now=call.now, origin=call.origin)
    return redirect(url_for(".status", proposal_id=proposal_id))


@bp.post("/<int:proposal_id>/refuse")
@roles(*REQUESTERS)
@use_case(redirect_to(".status"), not_found_page=True)
def refuse(call: Call, proposal_id: int) -> Response:
    proposal = svc.refuse_suggestion(
        call.session, proposal_id, call.user, now=call.now, origin=call.origin
    )
    return redirect(url_for(".candidates", request_id=proposal.request_id))


# --- everyone involved -------------------------------------------------------------------------


def _status_page(call: Call, proposal_id: int, answer_form: AnswerForm | None = None) -> str:
    view = svc.view(call.session, proposal_id, call.user, now=call.now, origin=call.origin)
    decline_form = DeclineForm()
    if view.proposal.request.kind is RequestKind.TEAM:
        decline_form.for_team()
    return render_template(
        "matches/status.html",
        view=view,
        domains=matching.domains_by_id(call.session),
        answer_form=answer_form or AnswerForm(),
        decline_form=decline_form,
    )


@bp.get("/<int:proposal_id>")
@authenticated
@use_case()
def status(call: Call, proposal_id: int) -> str:
    return _status_page(call, proposal_id)


@bp.post("/<int:proposal_id>/answer")
@authenticated
@use_case(redirect_to(".status"), not_found_page=True)
def answer(call: Call, proposal_id: int) -> Page:
    form = AnswerForm()
    if not form.validate_on_submit():
        return _status_page(call, proposal_id, form), 422
    svc.answer(
        call.session,
        proposal_id,
        call.user,
        body=form.body.data or "",
        now=call.now,
        origin=call.origin,
    )
    flash(_("Your answer was sent."), "success")
    return redirect(url_for(".status", proposal_id=proposal_id))


# --- the peer expert ---------------------------------------------------------------------------


@bp.get("/incoming")
@roles(Role.PEER_EXPERT)
@use_case()
def incoming(call: Call) -> str:
    return render_template(
        "matches/incoming.html",
        cards=svc.request_cards(call.session, call.user, now=call.now),
        domains=matching.domains_by_id(call.session),
    )


@bp.post("/<int:proposal_id>/accept")
@roles(Role.PEER_EXPERT)
@use_case(redirect_to(".status"), not_found_page=True)
def accept(call: Call, proposal_id: int) -> Response:
    svc.accept(call.session, proposal_id, call.user, now=call.now, origin=call.origin)
    flash(_("Thank you for saying yes!"), "success")
    return redirect(url_for(".status", proposal_id=proposal_id))


@bp.post("/<int:proposal_id>/decline")
@roles(Role.PEER_EXPERT)
@use_case(redirect_to(".incoming"), not_found_page=True)
def decline(call: Call, proposal_id: int) -> Page:
    form = DeclineForm()
    if not form.validate_on_submit():
        ctx.mark_rollback()
        flash(_("Keep the reason short."), "error")
        return redirect(url_for(".status", proposal_id=proposal_id))
    if request.form.get("confirmed") != "yes":
        # Saying no cannot be undone: the confirm step first, with the reason carried along.
        svc.check_decline(
            call.session, proposal_id, call.user, reason=form.reason.data, now=call.now
        )
        return render_template("matches/decline_confirm.html", proposal_id=proposal_id, form=form)
    svc.decline(
        call.session,
        proposal_id,
        call.user,
        reason=form.reason.data,
        now=call.now,
        origin=call.origin,
    )
    flash(_("Thank you for letting us know. Saying no is fine."), "success")
    return redirect(url_for(".incoming"))


# --- the coordinator ---------------------------------------------------------------------------


@bp.get("/approvals")
@roles(Role.COORDINATOR)
@use_case()
def approvals(call: Call) -> str:
    items = svc.approval_queue(call.session, call.user, now=call.now)
    return render_template(
        "matches/approvals.html",
        items=items,
        safety={i.proposal.id: safety.summary(i.proposal, now=call.now) for i in items},
        not_again=safeguarding.peer_expert_blocks(call.session, call.user),
    )


def _approval_page(call: Call, proposal_id: int, **forms: Any) -> str:
    page = svc.approval_view(
        call.session,
        proposal_id,
        call.user,
        now=call.now,
        origin=call.origin,
        weights=_weights(),
    )
    propose = forms.get("propose_form") or ProposeOtherForm()
    others = [
        c
        for c in (page.candidates.cards if page.candidates else [])
        if c.profile.id != page.item.proposal.profile_id
    ]
    propose.profile_id.choices = [
        SelectChoice(c.profile.id, c.profile.user.display_name) for c in others
    ]
    return render_template(
        "matches/approval.html",
        safety=safety.safety_facts(call.session, page.item.proposal, now=call.now),
        page=page,
        proposal=page.item.proposal,
        domains=matching.domains_by_id(call.session),
        reject_form=forms.get("reject_form") or RejectForm(),
        propose_form=propose,
        question_form=forms.get("question_form") or QuestionForm(),
        others=others,
        match_feedback=feedback.feedback_by_match(
            call.session, call.user, page.item.proposal.profile_id
        ),
    )


@bp.get("/approvals/<int:proposal_id>")
@roles(Role.COORDINATOR)
@use_case()
def approval(call: Call, proposal_id: int) -> str:
    return _approval_page(call, proposal_id)


@bp.post("/approvals/<int:proposal_id>/approve")
@roles(Role.COORDINATOR)
@use_case(redirect_to(".approval"), not_found_page=True)
def approve(call: Call, proposal_id: int) -> Page:
    if request.form.get("confirmed") != "yes":
        # Approving cannot be undone: the confirm step first, with the safety check's verdict.
        proposal = svc.check_approve(call.session, proposal_id, call.user, now=call.now)
        return render_template(
            "matches/approve_confirm.html",
            proposal=proposal,
            safety=safety.safety_facts(call.session, proposal, now=call.now),
        )
    svc.approve(call.session, proposal_id, call.user, now=call.now, origin=call.origin)
    flash(_("The match is approved. They can plan a first conversation now."), "success")
    return redirect(url_for(".approvals"))


@bp.post("/approvals/<int:proposal_id>/reject")
@roles(Role.COORDINATOR)
@use_case(redirect_to(".approval"), not_found_page=True)
def reject(call: Call, proposal_id: int) -> Page:
    form = RejectForm()
    if not form.validate_on_submit():
        return _approval_page(call, proposal_id, reject_form=form), 422
    svc.reject(
        call.session,
        proposal_id,
        call.user,
        reason=form.reason.data or "",
        now=call.now,
        origin=call.origin,
    )
    flash(_("The match is not approved. The young person can read your reason."), "success")
    return redirect(url_for(".approvals"))


@bp.post("/approvals/<int:proposal_id>/propose")
@roles(Role.COORDINATOR)
@use_case(redirect_to(".approval"), not_found_page=True)
def propose(call: Call, proposal_id: int) -> Page:
    form = ProposeOtherForm()
    if not form.validate_on_submit():
        return _approval_page(call, proposal_id, propose_form=form), 422
    svc.propose_other(
        call.session,
        proposal_id,
        call.user,
        int(form.profile_id.data or 0),
        now=call.now,
        origin=call.origin,
        weights=_weights(),
    )
    flash(_("Your suggestion was sent. The young person is asked to confirm it."), "success")
    return redirect(url_for(".approvals"))


@bp.post("/approvals/<int:proposal_id>/ask")
@roles(Role.COORDINATOR)
@use_case(redirect_to(".approval"), not_found_page=True)
def ask(call: Call, proposal_id: int) -> Page:
    form = QuestionForm()
    if not form.validate_on_submit():
        return _approval_page(call, proposal_id, question_form=form), 422
    svc.ask_question(
        call.session,
        proposal_id,
        call.user,
        to="peer_expert" if form.to.data == "peer_expert" else "requester",
        body=form.body.data or "",
        now=call.now,
        origin=call.origin,
    )
    flash(_("Your question was sent."), "success")
    return redirect(url_for(".approval", proposal_id=proposal_id))


@bp.get("/requests/<int:request_id>/coordinate")
@roles(Role.COORDINATOR)
@use_case(redirect_to(".approvals"), not_found_page=True)
def coordinate(call: Call, request_id: int) -> Page:
    request = matching.get_request(call.session, request_id)
    view = matching.candidates_for(
        call.session, request, call.user, now=call.now, weights=_weights()
    )
    return render_template("matches/coordinate.html", view=view)


# --- batch matching ----------------------------------------------------------------------------


def _batch_form(call: Call) -> BatchForm:
    form = BatchForm()
    requests = svc.open_requests_for(call.session, call.user)
    form.request_ids.choices = [SelectChoice(r.id, _("Request %(id)s", id=r.id)) for r in requests]
    return form


@bp.get("/batch")
@roles(Role.COORDINATOR)
@use_case()
def batch(call: Call) -> str:
    form = _batch_form(call)
    return render_template(
        "matches/batch.html", form=form, requests=svc.open_requests_for(call.session, call.user)
    )


def _batch_again(call: Call, err: DomainError) -> tuple[str, int]:
    form = _batch_form(call)
    form.validate()  # the same posted data: shows the same field errors again
    requests = svc.open_requests_for(call.session, call.user)
    return render_template("matches/batch.html", form=form, requests=requests), err.status


def _picks(request_ids: list[int]) -> dict[int, int | None]:
    """Each request's choice on the review page: a peer expert's id, or None to skip it."""
    picks: dict[int, int | None] = {}
    for request_id in request_ids:
        raw = request.form.get(f"pick_{request_id}", "skip")
        picks[request_id] = int(raw) if raw.isdigit() and 0 < int(raw) < 2**31 else None
    return picks


@bp.post("/batch/review")
@roles(Role.COORDINATOR)
@use_case(_batch_again, not_found_page=True)
def batch_review(call: Call) -> Page:
    form = _batch_form(call)
    if not form.validate_on_submit():
        raise InvalidInput("match.error.batch_choose_requests")
    plan = svc.batch_plan(
        call.session,
        call.user,
        form.request_ids.data or [],
        now=call.now,
        weights=_weights(),
    )
    return render_template(
        "matches/batch_review.html", plan=plan, form=form, locale=ctx.current_locale()
    )


@bp.post("/batch/confirm")
@roles(Role.COORDINATOR)
@use_case(_batch_again, not_found_page=True)
def batch_confirm(call: Call) -> Page:
    """The confirm step: what will be sent and what skipped, before anything is."""
    form = _batch_form(call)
    if not form.validate_on_submit():
        raise InvalidInput("match.error.batch_choose_requests")
    ids = form.request_ids.data or []
    plan = svc.batch_plan(call.session, call.user, ids, now=call.now, weights=_weights())
    picks = _picks(ids)
    names = {row.request.id: row for row in plan.rows}
    peers = {
        p.id: p
        for row in plan.rows
        for p in ([row.profile] if row.profile else []) + [a for a, _ in row.alternatives]
    }
    return render_template(
        "matches/batch_confirm.html", rows=names, picks=picks, peers=peers, ids=ids
    )


@bp.post("/batch/send")
@roles(Role.COORDINATOR)
@use_case(redirect_to(".batch"), not_found_page=True)
def batch_send(call: Call) -> Response:
    form = _batch_form(call)
    if not form.validate_on_submit():
        raise InvalidInput("match.error.batch_choose_requests")
    ids = form.request_ids.data or []
    outcome = svc.send_chosen(
        call.session,
        call.user,
        _picks(ids),
        now=call.now,
        origin=call.origin,
        weights=_weights(),
    )
    flash(
        ngettext(
            "%(num)s peer expert was asked.", "%(num)s peer experts were asked.", len(outcome.sent)
        ),
        "success",
    )
    for request_id, key in outcome.skipped:
        flash(_("Request %(id)s: %(why)s", id=request_id, why=message(key)), "warning")
    return redirect(url_for(".batch"))
