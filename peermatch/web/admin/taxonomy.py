"""Admin pages for the experience taxonomy: add, rename, move, retire and bring back."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import roles
from peermatch.edge.context import Call, current_locale, use_case
from peermatch.models import ExperienceDomain
from peermatch.models.enums import Role
from peermatch.services.administration import domains
from peermatch.web.admin.confirm import Check, confirm_page, form_page
from peermatch.web.admin.forms import ActionForm, DomainForm, MoveForm
from peermatch.web.admin.routes import bp

Page = str | Response | tuple[str, int]
LIST = "admin.taxonomy"


def _category_choices(call: Call, top_level: str) -> list[SelectChoice]:
    locale = current_locale()
    return [
        SelectChoice("", top_level),
        *(
            SelectChoice(str(category.id), category.label(locale))
            for category, _children in domains.tree(call.session)
            if category.is_active
        ),
    ]


def _parent_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _labels(form: DomainForm) -> domains.Labels:
    return domains.Labels(
        label_nl=form.label_nl.data or "",
        label_en=form.label_en.data or "",
        youth_label_nl=form.youth_label_nl.data or "",
        youth_label_en=form.youth_label_en.data or "",
    )


@bp.get("/taxonomy")
@roles(Role.ADMIN)
@use_case()
def taxonomy(call: Call) -> Page:
    return render_template(
        "admin/taxonomy.html", tree=domains.tree(call.session), locale=current_locale()
    )


def _form_page(form: DomainForm | MoveForm, title: str, err: object = None) -> tuple[str, int]:
    return form_page(form, title, url_for(LIST), err)


@bp.route("/taxonomy/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def domain_new(call: Call) -> Page:
    form = DomainForm()
    form.parent.choices = _category_choices(call, _("None: a new category"))
    title = _("New experience domain")
    if form.validate_on_submit():
        parent = {c.value: c.label for c in form.parent.choices}[form.parent.data or ""]
        if not form.is_confirmed:
            return confirm_page(
                Check(
                    title=_("Add this domain?"),
                    intro=_("Peer experts and youths can choose it right away."),
                    lines=[
                        (_("Name in Dutch"), form.label_nl.data or ""),
                        (_("Name in English"), form.label_en.data or ""),
                        (_("Category"), str(parent)),
                    ],
                    button=_("Yes, add the domain"),
                    cancel=url_for(LIST),
                )
            )
        call.otherwise(lambda err: _form_page(form, title, err))
        domain = domains.add_domain(
            call.session,
            _labels(form),
            parent_id=_parent_id(form.parent.data),
            actor=call.user,
            origin=call.origin,
            now=call.now,
        )
        flash(
            _("%(domain)s is added and can be chosen now.", domain=domain.label(current_locale())),
            "success",
        )
        return redirect(url_for(LIST))
    return _form_page(form, title)


@bp.route("/taxonomy/<int:domain_id>/rename", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def domain_rename(call: Call, domain_id: int) -> Page:
    domain = domains.get_domain(call.session, domain_id)
    form = DomainForm(obj=domain)
    del form.parent
    title = _("Rename %(domain)s", domain=domain.label(current_locale()))
    if form.validate_on_submit():
        if not form.is_confirmed:
            return confirm_page(
                Check(
                    title=_("Rename this domain?"),
                    intro=_("Profiles and requests that have it show the new name at once."),
                    lines=[
                        (_("Now"), f"{domain.label_nl} / {domain.label_en}"),
                        (_("New name"), f"{form.label_nl.data} / {form.label_en.data}"),
                    ],
                    button=_("Yes, rename"),
                    cancel=url_for(LIST),
                )
            )
        call.otherwise(lambda err: _form_page(form, title, err))
        domains.rename_domain(
            call.session, domain, _labels(form), actor=call.user, origin=call.origin, now=call.now
        )
        flash(
            _("The domain is now called %(domain)s.", domain=domain.label(current_locale())),
            "success",
        )
        return redirect(url_for(LIST))
    return _form_page(form, title)


@bp.route("/taxonomy/<int:domain_id>/move", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def domain_move(call: Call, domain_id: int) -> Page:
    domain = domains.get_domain(call.session, domain_id)
    form = MoveForm(data={"parent": str(domain.parent_id or "")})
    form.parent.choices = [
        c for c in _category_choices(call, _("Top level: a category")) if c.value != str(domain.id)
    ]
    name = domain.label(current_locale())
    title = _("Move %(domain)s", domain=name)
    if form.validate_on_submit():
        place = {c.value: c.label for c in form.parent.choices}[form.parent.data or ""]
        if not form.is_confirmed:
            return confirm_page(
                Check(
                    title=_("Move this domain?"),
                    intro=_("Matching relates domains by their place, so suggestions may change."),
                    lines=[(_("Domain"), name), (_("New place"), str(place))],
                    button=_("Yes, move"),
                    cancel=url_for(LIST),
                )
            )
        call.otherwise(lambda err: _form_page(form, title, err))
        domains.move_domain(
            call.session,
            domain,
            _parent_id(form.parent.data),
            actor=call.user,
            origin=call.origin,
            now=call.now,
        )
        flash(_("%(domain)s is moved to %(place)s.", domain=name, place=place), "success")
        return redirect(url_for(LIST))
    return _form_page(form, title)


def _retire_action(call: Call, domain_id: int, retired: bool) -> Page:
    domain: ExperienceDomain = domains.get_domain(call.session, domain_id)
    name = domain.label(current_locale())
    if not ActionForm().validate_on_submit():
        check = (
            Check(
                title=_("Retire %(domain)s?", domain=name),
                intro=_(
                    "Nobody can choose it any more. Profiles and requests that have it keep "
                    "it, and matching still uses it there. You can bring it back later."
                ),
                button=_("Yes, retire"),
                cancel=url_for(LIST),
            )
            if retired
            else Check(
                title=_("Bring back %(domain)s?", domain=name),
                intro=_("Peer experts and youths can choose it again."),
                button=_("Yes, bring back"),
                cancel=url_for(LIST),
            )
        )
        return confirm_page(check, resend=False)
    call.otherwise(lambda err: redirect(url_for(LIST)))
    domains.set_retired(
        call.session, domain, retired, actor=call.user, origin=call.origin, now=call.now
    )
    flash(
        _("%(domain)s is retired: it can no longer be chosen.", domain=name)
        if retired
        else _("%(domain)s can be chosen again.", domain=name),
        "success",
    )
    return redirect(url_for(LIST))


@bp.route("/taxonomy/<int:domain_id>/retire", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def domain_retire(call: Call, domain_id: int) -> Page:
    return _retire_action(call, domain_id, True)


@bp.route("/taxonomy/<int:domain_id>/restore", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def domain_restore(call: Call, domain_id: int) -> Page:
    return _retire_action(call, domain_id, False)
