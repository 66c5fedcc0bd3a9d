"""A peer expert's own profile: onboarding steps, experiences, status and preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import roles
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, use_case
from peermatch.edge.labels import LANGUAGE_LABELS, MODE_LABELS
from peermatch.i18n.messages import message
from peermatch.models import PeerExpertProfile
from peermatch.models.enums import (
    DomainEntryStatus,
    DomainVisibility,
    Gender,
    Role,
    TrainingStatus,
)
from peermatch.places import get_place
from peermatch.profiles_states import Actor, allowed_actions
from peermatch.services import profiles as svc
from peermatch.services.disclosure import vog_valid_until
from peermatch.services.errors import DomainError
from peermatch.services.profile_preview import PREVIEW_VIEWERS, PreviewViewer, build_preview
from peermatch.services.taxonomy import domain_groups
from peermatch.web.place_search import find_places, place_choices
from peermatch.web.profiles.forms import (
    AUDIENCE_LABELS,
    TRAINING_LABELS,
    VISIBILITY_LABELS,
    AboutYouForm,
    CapacityForm,
    CredentialsForm,
    EntryForm,
    ExperiencesStepForm,
    HowYouMeetForm,
    StoryForm,
)

bp = Blueprint("profiles", __name__, url_prefix="/profile")

Page = str | Response | tuple[str, int]

STEP_TITLES = {
    1: _l("About you"),
    2: _l("How you meet"),
    3: _l("Your story"),
    4: _l("Your experiences"),
    5: _l("Training and VOG"),
    6: _l("Sessions and capacity"),
}
VIEWER_LABELS = {
    "youth_12_15": _l("Young person aged 12 to 15"),
    "youth_16_17": _l("Young person aged 16 or 17"),
    "adult_18_plus": _l("Young adult aged 18 or older"),
    "team": _l("A team of care professionals"),
    "coordinator": _l("A coordinator"),
}


def join_labels(keys: list[str], labels: dict[str, Any]) -> str:
    return ", ".join(str(labels.get(k, k)) for k in keys)


def _labels() -> dict[str, Any]:
    return {
        "language_labels": LANGUAGE_LABELS,
        "mode_labels": MODE_LABELS,
        "audience_labels": AUDIENCE_LABELS,
        "visibility_labels": VISIBILITY_LABELS,
        "training_labels": TRAINING_LABELS,
        "step_titles": STEP_TITLES,
        "step_count": svc.STEP_COUNT,
        "vog_valid_until": vog_valid_until,
        "format_date": format_date,
        "join_labels": join_labels,
        "today": ctx.now().date(),
    }


def _profile(call: Call) -> PeerExpertProfile:
    return svc.open_onboarding(call.session, call.user, now=call.now, origin=call.origin)


def _again(template: str, **kw: Any) -> Callable[[DomainError], tuple[str, int]]:
    """The page again with what was typed, for ``call.otherwise``."""

    def page(err: DomainError) -> tuple[str, int]:
        return render_template(template, **kw, **_labels()), err.status

    return page


@bp.get("")
@roles(Role.PEER_EXPERT)
@use_case()
def overview(call: Call) -> str:
    profile = _profile(call)
    missing = svc.missing_for_submit(profile, today=call.now.date())
    return render_template(
        "profiles/overview.html",
        profile=profile,
        missing=[message(k) for k in missing],
        actions={a.value for a in allowed_actions(profile.status, Actor.PEER_EXPERT)},
        **_labels(),
    )


# --- onboarding ------------------------------------------------------------------------


def _step_form(step: int, profile: PeerExpertProfile) -> Any:
    user = profile.user
    form: Any
    if step == svc.STEP_ABOUT:
        form = AboutYouForm(
            data=None
            if request.method == "POST"
            else {
                "display_name": user.display_name,
                "pronouns": profile.pronouns,
                "birth_year": user.birth_year,
                "gender": profile.gender.value if profile.gender else "",
                "organisation_id": str(profile.organisation_id or ""),
            }
        )
        form.organisation_id.choices = [SelectChoice("", _("Choose…"))] + [
            SelectChoice(str(o.id), o.name) for o in svc.organisations(ctx.session())
        ]
    elif step == svc.STEP_MEET:
        place = get_place(profile.place_id) if profile.place_id else None
        form = HowYouMeetForm(
            data=None
            if request.method == "POST"
            else {
                "languages": profile.languages,
                "modes": profile.modes,
                "audiences": profile.audiences,
                "place_query": place.name if place else "",
                "max_travel_km": profile.max_travel_km,
            }
        )
    elif step == svc.STEP_STORY:
        form = StoryForm(obj=profile if request.method == "GET" else None)
    elif step == svc.STEP_EXPERIENCES:
        form = ExperiencesStepForm()
    elif step == svc.STEP_CREDENTIALS:
        form = CredentialsForm(
            data=None
            if request.method == "POST"
            else {
                "training_status": profile.training_status.value,
                "training_year": profile.training_year,
                "vog_date": profile.vog_date,
            }
        )
    else:
        form = CapacityForm(
            data=None
            if request.method == "POST"
            else {
                "session_lengths": [str(n) for n in profile.session_lengths],
                "buffer_before_minutes": profile.buffer_before_minutes,
                "buffer_after_minutes": profile.buffer_after_minutes,
                "min_notice_hours": profile.min_notice_hours,
                "horizon_weeks": profile.horizon_weeks,
                "max_sessions_per_week": profile.max_sessions_per_week,
                "max_sessions_per_day": profile.max_sessions_per_day,
                "max_active_matches": profile.max_active_matches,
            }
        )
    return form


def _resolve_place(form: HowYouMeetForm) -> tuple[int | None, bool]:
    """Turn the typed place into a catalogue id; (None, True) means: let them pick one."""
    if form.place_id.data:
        try:
            return int(form.place_id.data), False
        except ValueError:
            return None, False
    query = (form.place_query.data or "").strip()
    if not query:
        return None, False
    found = find_places(query)
    if not found:
        return -1, False  # unknown place: the service says so
    exact = [p for p in found if p.name.casefold() == query.casefold()]
    if len(found) == 1 or len(exact) == 1:
        return (exact or found)[0].id, False
    form.place_id.choices = place_choices(found)
    return None, True


def _save_step(call: Call, step: int, profile: PeerExpertProfile, form: Any) -> bool:
    """Call the service for one step; False when the peer expert still has to pick a place."""
    session, user, now, origin = call.session, call.user, call.now, call.origin
    if step == svc.STEP_ABOUT:
        org = form.organisation_id.data
        svc.save_about_you(
            session,
            profile,
            svc.AboutYou(
                display_name=form.display_name.data or "",
                birth_year=form.birth_year.data,
                pronouns=form.pronouns.data,
                gender=Gender(form.gender.data) if form.gender.data else None,
                organisation_id=int(org) if org and str(org).isdigit() else None,
            ),
            actor=user,
            now=now,
            origin=origin,
        )
    elif step == svc.STEP_MEET:
        place_id, must_pick = _resolve_place(form)
        if must_pick:
            return False
        svc.save_how_you_meet(
            session,
            profile,
            svc.HowYouMeet(
                languages=list(form.languages.data or []),
                modes=list(form.modes.data or []),
                audiences=list(form.audiences.data or []),
                place_id=place_id,
                max_travel_km=form.max_travel_km.data,
            ),
            actor=user,
            origin=origin,
        )
    elif step == svc.STEP_STORY:
        svc.save_story(
            session,
            profile,
            svc.YourStory(form.introduction.data or "", form.what_helped.data),
            actor=user,
            origin=origin,
        )
    elif step == svc.STEP_EXPERIENCES:
        svc.confirm_experiences(session, profile, actor=user, origin=origin)
    elif step == svc.STEP_CREDENTIALS:
        svc.save_credentials(
            session,
            profile,
            svc.Credentials(
                training_status=TrainingStatus(form.training_status.data),
                training_year=form.training_year.data,
                vog_date=form.vog_date.data,
            ),
            actor=user,
            now=now,
            origin=origin,
        )
    else:
        svc.save_capacity(
            session,
            profile,
            svc.Capacity(
                session_lengths=[int(n) for n in form.session_lengths.data or [] if n.isdigit()],
                buffer_before_minutes=form.buffer_before_minutes.data,
                buffer_after_minutes=form.buffer_after_minutes.data,
                min_notice_hours=form.min_notice_hours.data,
                horizon_weeks=form.horizon_weeks.data,
                max_sessions_per_week=form.max_sessions_per_week.data,
                max_active_matches=form.max_active_matches.data,
                max_sessions_per_day=form.max_sessions_per_day.data,
            ),
            actor=user,
            origin=origin,
        )
    return True


@bp.route("/onboarding/<int:step>", methods=["GET", "POST"])
@roles(Role.PEER_EXPERT)
@use_case()
def onboarding(call: Call, step: int) -> Page:
    if not 1 <= step <= svc.STEP_COUNT:
        abort(404)
    profile = _profile(call)
    form = _step_form(step, profile)
    page = {
        "profile": profile,
        "form": form,
        "step": step,
        "choose_organisation": svc.needs_organisation_choice(profile, call.user),
        "taxonomy": domain_groups(call.session) if step == svc.STEP_EXPERIENCES else [],
        "locale": ctx.current_locale(),
    }
    template = "profiles/onboarding.html"
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template(template, **page, **_labels()), 422
        call.otherwise(_again(template, **page))
        saved = _save_step(call, step, profile, form)
        call.refusal_page = None
        if not saved:
            flash(_("There are several places with this name. Choose yours."), "info")
            return render_template(template, **page, **_labels())
        flash(_("Saved."), "success")
        if request.form.get("go") == "back" and step > 1:
            return redirect(url_for(".onboarding", step=step - 1))
        if step == svc.STEP_COUNT:
            return redirect(url_for(".overview"))
        return redirect(url_for(".onboarding", step=step + 1))
    return render_template(template, **page, **_labels())


# --- status ------------------------------------------------------------------------------


@bp.post("/status/<action>")
@roles(Role.PEER_EXPERT)
@use_case()
def change_status(call: Call, action: str) -> Page:
    session, user = call.session, call.user
    profile = svc.own_profile(session, user)
    operations = {
        "submit": (svc.submit, _("Sent! A coordinator will look at your profile soon.")),
        "pause": (svc.pause, _("Your profile is paused. Nobody new will be matched with you.")),
        "resume": (svc.resume, _("Welcome back! Your profile is active again.")),
        "retire": (svc.retire, _("Your profile has stopped. Thank you for everything you shared.")),
    }
    if action not in operations:
        abort(404)
    operation, done = operations[action]

    def overview_again(err: DomainError) -> tuple[str, int]:
        missing = svc.missing_for_submit(profile, today=call.now.date())
        return _again(
            "profiles/overview.html",
            profile=profile,
            missing=[message(k) for k in missing],
            actions={a.value for a in allowed_actions(profile.status, Actor.PEER_EXPERT)},
        )(err)

    call.otherwise(overview_again)
    operation(session, profile, actor=user, now=call.now, origin=call.origin)
    flash(done, "success")
    return redirect(url_for(".overview"))


# --- experience entries --------------------------------------------------------------------


def _entry_form(profile: PeerExpertProfile, entry: Any = None) -> EntryForm:
    form = EntryForm(
        data=None
        if request.method == "POST" or entry is None
        else {
            "share_text": entry.share_text,
            "visibility": entry.visibility.value,
            "audiences": entry.audiences,
            "ready_to_share": entry.ready_to_share,
        }
    )
    form.audiences.choices = [SelectChoice(a, AUDIENCE_LABELS[a]) for a in profile.audiences]
    locale = ctx.current_locale()
    taken = {e.domain_id for e in profile.domains if e.status != DomainEntryStatus.WITHDRAWN}
    form.domain_id.choices = [SelectChoice("", _("Choose an experience…"))] + [
        SelectChoice(
            str(child.id),
            child.label(locale),
            render_kw={"disabled": True} if child.id in taken else {},
            optgroup=group.category.label(locale),
        )
        for group in domain_groups(ctx.session())
        for child in group.domains
    ]
    return form


def _entry_input(form: EntryForm, *, with_domain: bool) -> svc.DomainEntryInput:
    raw = form.domain_id.data
    return svc.DomainEntryInput(
        share_text=form.share_text.data,
        visibility=DomainVisibility(form.visibility.data),
        audiences=list(form.audiences.data or []),
        ready_to_share=bool(form.ready_to_share.data),
        domain_id=int(raw) if with_domain and raw and str(raw).isdigit() else None,
    )


@bp.route("/experiences", methods=["GET", "POST"])
@roles(Role.PEER_EXPERT)
@use_case()
def entries(call: Call) -> Page:
    profile = _profile(call)
    form = _entry_form(profile)
    page = {"profile": profile, "form": form, "locale": ctx.current_locale()}
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("profiles/entries.html", **page, **_labels()), 422
        call.otherwise(_again("profiles/entries.html", **page))
        svc.add_entry(
            call.session,
            profile,
            _entry_input(form, with_domain=True),
            actor=call.user,
            origin=call.origin,
        )
        flash(_("Added to your profile."), "success")
        return redirect(url_for(".entries"))
    return render_template("profiles/entries.html", **page, **_labels())


@bp.route("/experiences/<int:entry_id>", methods=["GET", "POST"])
@roles(Role.PEER_EXPERT)
@use_case()
def edit_entry(call: Call, entry_id: int) -> Page:
    profile = svc.own_profile(call.session, call.user)
    entry = svc.own_entry(call.session, profile, entry_id)
    form = _entry_form(profile, entry)
    page = {"profile": profile, "entry": entry, "form": form, "locale": ctx.current_locale()}
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("profiles/entry_edit.html", **page, **_labels()), 422
        call.otherwise(_again("profiles/entry_edit.html", **page))
        svc.update_entry(
            call.session,
            entry,
            _entry_input(form, with_domain=False),
            actor=call.user,
            origin=call.origin,
        )
        flash(_("Saved."), "success")
        return redirect(url_for(".entries"))
    return render_template("profiles/entry_edit.html", **page, **_labels())


@bp.post("/experiences/<int:entry_id>/<move>")
@roles(Role.PEER_EXPERT)
@use_case()
def move_entry(call: Call, entry_id: int, move: str) -> Page:
    if move not in ("pause", "resume", "withdraw"):
        abort(404)
    profile = svc.own_profile(call.session, call.user)
    entry = svc.own_entry(call.session, profile, entry_id)
    if move == "withdraw" and request.form.get("confirmed") != "yes":
        # Taking an experience off deletes its text: only from the confirm page.
        return redirect(url_for(".confirm_withdraw", entry_id=entry.id))
    call.otherwise(redirect_to_entries)
    svc.change_entry_status(call.session, entry, move, actor=call.user, origin=call.origin)
    done = {
        "pause": _("Paused. This experience is not used until you resume it."),
        "resume": _("Resumed. This experience is used again."),
        "withdraw": _("Taken off your profile. Your text has been deleted."),
    }
    flash(done[move], "success")
    return redirect(url_for(".entries"))


@bp.get("/experiences/<int:entry_id>/withdraw")
@roles(Role.PEER_EXPERT)
@use_case()
def confirm_withdraw(call: Call, entry_id: int) -> str:
    """The confirm step before an experience and its text are taken off the profile."""
    profile = svc.own_profile(call.session, call.user)
    entry = svc.own_entry(call.session, profile, entry_id)
    return render_template(
        "profiles/withdraw_confirm.html", entry=entry, locale=ctx.current_locale()
    )


def redirect_to_entries(_err: DomainError) -> Response:
    return redirect(url_for(".entries"))


# --- preview -------------------------------------------------------------------------------


@bp.get("/preview")
@roles(Role.PEER_EXPERT)
@use_case()
def preview(call: Call) -> str:
    profile = svc.own_profile(call.session, call.user)
    viewer = request.args.get("viewer", "youth_16_17")
    if viewer not in PREVIEW_VIEWERS:
        viewer = "youth_16_17"
    return render_template(
        "profiles/preview.html",
        profile=profile,
        preview=build_preview(profile, cast(PreviewViewer, viewer)),
        viewers=[(v, VIEWER_LABELS[v]) for v in PREVIEW_VIEWERS],
        locale=ctx.current_locale(),
        **_labels(),
    )
