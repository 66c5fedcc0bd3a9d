"""Email settings, consent to a new privacy statement, and withdrawing consent."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import logout_user
from werkzeug.wrappers.response import Response

from peermatch.auth.access import authenticated
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, redirect_to, use_case
from peermatch.services import email_preferences, privacy_consent, two_factor
from peermatch.web.privacy_choices.forms import EmailSettingsForm
from peermatch.web.two_factor import flow

bp = Blueprint("privacy_choices", __name__)


def _version() -> str:
    return str(current_app.config["PRIVACY_STATEMENT_VERSION"])


@dataclass(frozen=True, slots=True)
class Panel:
    """What the account page's privacy-and-security section shows."""

    two_factor_on: bool
    two_factor_required: bool
    recovery_codes_left: int
    email_form: EmailSettingsForm
    consent_version: str | None
    consent_at: object


@bp.app_template_global("privacy_choices_panel")
def panel() -> Panel:
    """Called by ``account/_privacy_choices.html`` only, so the account page's own view
    needs to know nothing about this section."""
    call_session, user = ctx.session(), ctx.user()
    on = two_factor.is_active(call_session, user)
    return Panel(
        two_factor_on=on,
        two_factor_required=two_factor.required_for(user),
        recovery_codes_left=two_factor.recovery_codes_left(call_session, user) if on else 0,
        email_form=EmailSettingsForm(
            formdata=None, data=email_preferences.settings(call_session, user)
        ),
        consent_version=user.privacy_consent_version,
        consent_at=user.privacy_consent_at,
    )


@bp.post("/account/email-settings")
@authenticated
@use_case(redirect_to("account.index"))
def save_email_settings(call: Call) -> Response:
    form = EmailSettingsForm()
    if not form.validate():
        flash(_("Your email settings could not be saved. Try again."), "error")
        return redirect(url_for("account.index"))
    email_preferences.update(
        call.session,
        call.user,
        {group: bool(form[group].data) for group in email_preferences.GROUPS},
        now=call.now,
        origin=call.origin,
    )
    flash(
        _(
            "Your email settings are saved. Emails about your account's safety and about "
            "changes to your sessions always come."
        ),
        "success",
    )
    return redirect(url_for("account.index") + "#email-settings-title")


@bp.get("/privacy/consent")
@authenticated
@use_case()
def consent(call: Call) -> str:
    return render_template(
        "privacy_choices/consent.html",
        version=_version(),
        earlier=call.user.privacy_consent_version,
        withdrawal=privacy_consent.last_withdrawal(call.session, call.user),
    )


@bp.post("/privacy/consent")
@authenticated
@use_case()
def give_consent(call: Call) -> Response:
    privacy_consent.give(call.session, call.user, _version(), now=call.now, origin=call.origin)
    session.pop(flow.MUST_CONSENT, None)
    flash(_("Thank you. Your consent is recorded."), "success")
    return redirect(url_for("dashboard.index"))


@bp.get("/account/privacy/withdraw")
@authenticated
def confirm_withdraw() -> str:
    return render_template("privacy_choices/withdraw.html")


@bp.post("/account/privacy/withdraw")
@authenticated
@use_case(redirect_to("account.index"))
def withdraw(call: Call) -> Response:
    privacy_consent.withdraw(call.session, call.user, now=call.now, origin=call.origin)
    logout_user()
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    flash(
        _(
            "You have withdrawn your consent. We will delete your account and your data. "
            "Changed your mind? Log in again and give your consent: then your account stays."
        ),
        "info",
    )
    return redirect(url_for("main.home"))
