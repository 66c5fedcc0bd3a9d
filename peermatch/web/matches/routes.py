"""Matching pages. Thin: every rule lives in services.matching / services.proposals."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import authenticated, roles
from peermatch.matching import Weights
from peermatch.models.enums import Role
from peermatch.services import matching, safeguarding
from peermatch.services import proposals as svc
from peermatch.services import requests as requests_service
from peermatch.services.errors import DomainError, InvalidInput
from peermatch.web import context as ctx
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
    def match_counts() -> dict[str, int]:
        user = ctx.user()
        session = ctx.session()
        counts = {"approvals": 0, "incoming": 0}
        if user.has_role(Role.COORDINATOR):
            counts["approvals"] = svc.waiting_approval_count(session, user)
        if user.has_role(Role.PEER_EXPERT):
            counts["incoming"] = sum(
                1 for p in svc.incoming_for(session, user) if p.status.value == "asked"
            )
        return counts

    def open_matches() -> list[Any]:
        return svc.open_for_requester(ctx.session(), ctx.user())

    return {"match_counts": match_counts, "open_matches": open_matches, **HELPERS}


def _weights() -> Weights:
    return matching.configured_weights(current_app.config)


def _fail(err: DomainError) -> None:
    """A 404 stays a 404 page; anything else becomes a flash message and nothing is saved."""
    if err.status == 404:
        raise err
    ctx.flash_error(err)


# --- the youth (or team member) ----------------------------------------------------------------


def _candidates_page(request_id: int, form: ChooseForm | None = None) -> str:
    session = ctx.session()
    request = requests_service.get_for(session, request_id, ctx.user())
    view = matching.candidates_for(session, request, ctx.user(), now=ctx.now(), weights=_weights())
    if view.nobody_fits:
        return render_template("matches/nobody_fits.html", view=view)
    form = form or ChooseForm()
    shown = min(svc.picks_allowed(request), len(view.cards))
    form.set_people([(c.profile.id, c.first_name) for c in view.cards], shown)
    return render_template("matches/candidates.html", view=view, form=form, shown=shown)


@bp.get("/requests/<int:request_id>/candidates")
@roles(*REQUESTERS)
def candidates(request_id: int) -> Page:
    try:
        return _candidates_page(request_id)
    except DomainError as err:
        _fail(err)
        return redirect(url_for(".request_status", request_id=request_id))


@bp.post("/requests/<int:request_id>/choose")
@roles(*REQUESTERS)
def choose(request_id: int) -> Page:
    form = ChooseForm()
    try:
        if not form.validate_on_submit():
            ctx.mark_rollback()
            return _candidates_page(request_id, form), 422
        created = svc.choose(
            ctx.session(),
            request_id,
            ctx.user(),
            form.picks(),
            now=ctx.now(),
            origin=ctx.origin(),
            weights=_weights(),
        )
    except DomainError as err:
        _fail(err)
        return redirect(url_for(".candidates", request_id=request_id))
    flash(_("Thank you! We asked your first choice. You can follow it here."), "success")
    return redirect(url_for(".status", proposal_id=created[0].id))


@bp.post("/requests/<int:request_id>/help")
@roles(*REQUESTERS)
def ask_help(request_id: int) -> Response:
    try:
        svc.ask_coordinator_for_help(
            ctx.session(), request_id, ctx.user(), now=ctx.now(), origin=ctx.origin()
        )
    except DomainError as err:
        _fail(err)
    else:
        flash(_("A coordinator will help you look further. You will hear from us."), "success")
    return redirect(url_for(".request_status", request_id=request_id))


@bp.get("/requests/<int:request_id>")
@roles(*REQUESTERS)
def request_status(request_id: int) -> str:
    request, proposals = svc.proposals_for_request(ctx.session(), request_id, ctx.user())
    return render_template("matches/request.html", request=request, proposals=proposals)


@bp.post("/<int:proposal_id>/confirm")
@roles(*REQUESTERS)
def confirm(proposal_id: int) -> Response:
    try:
        svc.confirm_suggestion(
            ctx.session(), proposal_id, ctx.user(), now=ctx.now(), origin=ctx.origin()
        )
    except DomainError as err:
        _fail(err)
    return redirect(url_for(".status", proposal_id=proposal_id))


@bp.post("/<int:proposal_id>/refuse")
@roles(*REQUESTERS)
def refuse(proposal_id: int) -> Response:
    try:
        proposal = svc.refuse_suggestion(
            ctx.session(), proposal_id, ctx.user(), now=ctx.now(), origin=ctx.origin()
        )
    except DomainError as err:
        _fail(err)
        return redirect(url_for(".status", proposal_id=proposal_id))
    return redirect(url_for(".candidates", request_id=proposal.request_id))


# --- everyone involved -------------------------------------------------------------------------


def _status_page(proposal_id: int, answer_form: AnswerForm | None = None) -> str:
    view = svc.view(ctx.session(), proposal_id, ctx.user(), now=ctx.now(), origin=ctx.origin())
    return render_template(
        "matches/status.html",
        view=view,
        domains=matching.domains_by_id(ctx.session()),
        answer_form=answer_form or AnswerForm(),
        decline_form=DeclineForm(),
    )


@bp.get("/<int:proposal_id>")
@authenticated
def status(proposal_id: int) -> str:
    return _status_page(proposal_id)


@bp.post("/<int:proposal_id>/answer")
@authenticated
def answer(proposal_id: int) -> Page:
    form = AnswerForm()
    if not form.validate_on_submit():
        ctx.mark_rollback()
        return _status_page(proposal_id, form), 422
    try:
        svc.answer(
            ctx.session(),
            proposal_id,
            ctx.user(),
            body=form.body.data or "",
            now=ctx.now(),
            origin=ctx.origin(),
        )
    except DomainError as err:
        _fail(err)
    else:
        flash(_("Your answer was sent."), "success")
    return redirect(url_for(".status", proposal_id=proposal_id))


# --- the peer expert ---------------------------------------------------------------------------


@bp.get("/incoming")
@roles(Role.PEER_EXPERT)
def incoming() -> str:
    return render_template(
        "matches/incoming.html",
        proposals=svc.incoming_for(ctx.session(), ctx.user()),
        domains=matching.domains_by_id(ctx.session()),
        decline_form=DeclineForm(),
    )


@bp.post("/<int:proposal_id>/accept")
@roles(Role.PEER_EXPERT)
def accept(proposal_id: int) -> Response:
    try:
        svc.accept(ctx.session(), proposal_id, ctx.user(), now=ctx.now(), origin=ctx.origin())
    except DomainError as err:
        _fail(err)
    else:
        flash(_("Thank you for saying yes!"), "success")
    return redirect(url_for(".status", proposal_id=proposal_id))


@bp.post("/<int:proposal_id>/decline")
@roles(Role.PEER_EXPERT)
def decline(proposal_id: int) -> Response:
    form = DeclineForm()
    if not form.validate_on_submit():
        ctx.mark_rollback()
        flash(_("Keep the reason short."), "error")
        return redirect(url_for(".status", proposal_id=proposal_id))
    try:
        svc.decline(
            ctx.session(),
            proposal_id,
            ctx.user(),
            reason=form.reason.data,
            now=ctx.now(),
            origin=ctx.origin(),
        )
    except DomainError as err:
        _fail(err)
    else:
        flash(_("Thank you for letting us know. Saying no is fine."), "success")
    return redirect(url_for(".incoming"))


# --- the coordinator ---------------------------------------------------------------------------


@bp.get("/approvals")
@roles(Role.COORDINATOR)
def approvals() -> str:
    return render_template(
        "matches/approvals.html",
        items=svc.approval_queue(ctx.session(), ctx.user(), now=ctx.now()),
        not_again=safeguarding.peer_expert_blocks(ctx.session(), ctx.user()),
    )


def _approval_page(proposal_id: int, **forms: Any) -> str:
    page = svc.approval_view(
        ctx.session(),
        proposal_id,
        ctx.user(),
        now=ctx.now(),
        origin=ctx.origin(),
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
        page=page,
        proposal=page.item.proposal,
        domains=matching.domains_by_id(ctx.session()),
        reject_form=forms.get("reject_form") or RejectForm(),
        propose_form=propose,
        question_form=forms.get("question_form") or QuestionForm(),
        others=others,
    )


@bp.get("/approvals/<int:proposal_id>")
@roles(Role.COORDINATOR)
def approval(proposal_id: int) -> str:
    return _approval_page(proposal_id)


@bp.post("/approvals/<int:proposal_id>/approve")
@roles(Role.COORDINATOR)
def approve(proposal_id: int) -> Response:
    try:
        svc.approve(ctx.session(), proposal_id, ctx.user(), now=ctx.now(), origin=ctx.origin())
    except DomainError as err:
        _fail(err)
        return redirect(url_for(".approval", proposal_id=proposal_id))
    flash(_("The match is approved. They can plan a first conversation now."), "success")
    return redirect(url_for(".approvals"))


@bp.post("/approvals/<int:proposal_id>/reject")
@roles(Role.COORDINATOR)
def reject(proposal_id: int) -> Page:
    form = RejectForm()
    if not form.validate_on_submit():
        ctx.mark_rollback()
        return _approval_page(proposal_id, reject_form=form), 422
    try:
        svc.reject(
            ctx.session(),
            proposal_id,
            ctx.user(),
            reason=form.reason.data or "",
            now=ctx.now(),
            origin=ctx.origin(),
        )
    except DomainError as err:
        _fail(err)
        return redirect(url_for(".approval", proposal_id=proposal_id))
    flash(_("The match is not approved. The young person can read your reason."), "success")
    return redirect(url_for(".approvals"))


@bp.post("/approvals/<int:proposal_id>/propose")
@roles(Role.COORDINATOR)
def propose(proposal_id: int) -> Page:
    form = ProposeOtherForm()
    if not form.validate_on_submit():
        ctx.mark_rollback()
        return _approval_page(proposal_id, propose_form=form), 422
    try:
        svc.propose_other(
            ctx.session(),
            proposal_id,
            ctx.user(),
            int(form.profile_id.data or 0),
            now=ctx.now(),
            origin=ctx.origin(),
            weights=_weights(),
        )
    except DomainError as err:
        _fail(err)
        return redirect(url_for(".approval", proposal_id=proposal_id))
    flash(_("Your suggestion was sent. The young person is asked to confirm it."), "success")
    return redirect(url_for(".approvals"))


@bp.post("/approvals/<int:proposal_id>/ask")
@roles(Role.COORDINATOR)
def ask(proposal_id: int) -> Page:
    form = QuestionForm()
    if not form.validate_on_submit():
        ctx.mark_rollback()
        return _approval_page(proposal_id, question_form=form), 422
    try:
        svc.ask_question(
            ctx.session(),
            proposal_id,
            ctx.user(),
            to="peer_expert" if form.to.data == "peer_expert" else "requester",
            body=form.body.data or "",
            now=ctx.now(),
            origin=ctx.origin(),
        )
    except DomainError as err:
        _fail(err)
    else:
        flash(_("Your question was sent."), "success")
    return redirect(url_for(".approval", proposal_id=proposal_id))


@bp.get("/requests/<int:request_id>/coordinate")
@roles(Role.COORDINATOR)
def coordinate(request_id: int) -> Page:
    session = ctx.session()
    request = matching.get_request(session, request_id)
    try:
        view = matching.candidates_for(
            session, request, ctx.user(), now=ctx.now(), weights=_weights()
        )
    except DomainError as err:
        _fail(err)
        return redirect(url_for(".approvals"))
    return render_template("matches/coordinate.html", view=view)


# --- batch matching ----------------------------------------------------------------------------


def _batch_form() -> BatchForm:
    form = BatchForm()
    requests = svc.open_requests_for(ctx.session(), ctx.user())
    form.request_ids.choices = [SelectChoice(r.id, _("Request %(id)s", id=r.id)) for r in requests]
    return form


@bp.get("/batch")
@roles(Role.COORDINATOR)
def batch() -> str:
    form = _batch_form()
    return render_template(
        "matches/batch.html", form=form, requests=svc.open_requests_for(ctx.session(), ctx.user())
    )


@bp.post("/batch/review")
@roles(Role.COORDINATOR)
def batch_review() -> Page:
    form = _batch_form()
    try:
        if not form.validate_on_submit():
            raise InvalidInput("match.error.batch_choose_requests")
        plan = svc.batch_plan(
            ctx.session(),
            ctx.user(),
            form.request_ids.data or [],
            now=ctx.now(),
            weights=_weights(),
        )
    except DomainError as err:
        _fail(err)
        requests = svc.open_requests_for(ctx.session(), ctx.user())
        return render_template("matches/batch.html", form=form, requests=requests), err.status
    return render_template("matches/batch_review.html", plan=plan, form=form)


@bp.post("/batch/send")
@roles(Role.COORDINATOR)
def batch_send() -> Response:
    form = _batch_form()
    try:
        if not form.validate_on_submit():
            raise InvalidInput("match.error.batch_choose_requests")
        created = svc.send_batch(
            ctx.session(),
            ctx.user(),
            form.request_ids.data or [],
            now=ctx.now(),
            origin=ctx.origin(),
            weights=_weights(),
        )
    except DomainError as err:
        _fail(err)
        return redirect(url_for(".batch"))
    flash(
        _("%(num)s peer experts were asked.", num=len(created)),
        "success",
    )
    return redirect(url_for(".batch"))
