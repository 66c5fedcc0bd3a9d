"""A person's own account: settings and personal API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from werkzeug.wrappers.response import Response

from peermatch.auth.access import authenticated
from peermatch.services import account_settings, accounts, api_tokens
from peermatch.services.errors import DomainError
from peermatch.web import context as ctx
from peermatch.web.account.forms import PasswordForm, SettingsForm, TokenForm

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(
    settings: SettingsForm | None = None,
    token_form: TokenForm | None = None,
    new_secret: str | None = None,
    status: int = 200,
    password_form: PasswordForm | None = None,
) -> tuple[str, int]:
    user = ctx.user()
    if settings is None:
        settings = SettingsForm(
            data={
                "display_name": user.display_name,
                "locale": user.locale,
                "time_zone": user.time_zone,
            }
        )
    return (
        render_template(
            "account/index.html",
            user=user,
            settings=settings,
            token_form=token_form or TokenForm(formdata=None),
            tokens=api_tokens.list_tokens(ctx.session(), user),
            new_secret=new_secret,
            password_form=password_form or PasswordForm(formdata=None),
        ),
        status,
    )


@bp.get("")
@authenticated
def index() -> tuple[str, int]:
    return _page()


@bp.post("")
@authenticated
def save_settings() -> Response | tuple[str, int]:
    form = SettingsForm()
    if not form.validate():
        ctx.mark_rollback()
        return _page(settings=form, status=422)
    try:
        account_settings.update_settings(
            ctx.session(),
            ctx.user(),
            display_name=form.display_name.data or "",
            locale=form.locale.data or "",
            time_zone=form.time_zone.data or "",
            origin=ctx.origin(),
        )
    except DomainError as err:
        ctx.flash_error(err)
        return _page(settings=form, status=err.status)
    flash(_("Your settings are saved."), "success")
    return redirect(url_for("account.index"))


@bp.post("/tokens")
@authenticated
def create_token() -> tuple[str, int]:
    form = TokenForm()
    if not form.validate():
        ctx.mark_rollback()
        return _page(token_form=form, status=422)
    try:
        new = api_tokens.create_token(
            ctx.session(), ctx.user(), form.name.data or "", now=ctx.now(), origin=ctx.origin()
        )
    except DomainError as err:
        ctx.flash_error(err)
        return _page(token_form=form, status=err.status)
    # Rendered, not redirected: the secret is shown this once and never stored in clear.
    return _page(new_secret=new.secret)


@bp.post("/tokens/<int:token_id>/revoke")
@authenticated
def revoke_token(token_id: int) -> Response | tuple[str, int]:
    try:
        api_tokens.revoke_token(
            ctx.session(), ctx.user(), token_id, now=ctx.now(), origin=ctx.origin()
        )
    except DomainError as err:
        ctx.flash_error(err)
        return _page(status=err.status)
    flash(_("The token is revoked. Apps that used it no longer have access."), "success")
    return redirect(url_for("account.index"))


@bp.post("/password")
@authenticated
def change_password() -> Response | tuple[str, int]:
    form = PasswordForm()
    if not form.validate():
        ctx.mark_rollback()
        return _page(password_form=form, status=422)
    user = ctx.user()
    try:
        accounts.change_password(
            ctx.session(),
            user,
            current=form.current_password.data or "",
            new=form.new_password.data or "",
            now=ctx.now(),
            origin=ctx.origin(),
        )
    except DomainError as err:
        ctx.flash_error(err)
        return _page(password_form=form, status=err.status)
    # Other sessions ended with the old login id; this one continues under the new one.
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)
    flash(_("Your password is changed. You are logged out everywhere else."), "success")
    return redirect(url_for("account.index"))


@bp.get("/sessions/end")
@authenticated
def confirm_end_sessions() -> str:
    """The confirm step: ending every session also ends this one."""
    return render_template("account/end_sessions.html")


@bp.post("/sessions/end")
@authenticated
def end_sessions() -> Response:
    accounts.end_all_sessions(
        ctx.session(),
        ctx.user(),
        now=ctx.now(),
        origin=ctx.origin(),
        action="auth.logout_everywhere",
    )
    logout_user()
    session.clear()
    flash(_("You are logged out on every device and browser. Log in again to continue."), "info")
    return redirect(url_for("auth.login"))
