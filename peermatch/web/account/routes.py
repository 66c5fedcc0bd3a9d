"""A person's own account: settings and personal API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import authenticated
from peermatch.edge import context as ctx
from peermatch.services import account_settings, api_tokens
from peermatch.services.errors import DomainError
from peermatch.web.account.forms import SettingsForm, TokenForm

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(
    settings: SettingsForm | None = None,
    token_form: TokenForm | None = None,
    new_secret: str | None = None,
    status: int = 200,
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


@bp.after_request
def _never_cache(response: Response) -> Response:
    # The page may show a fresh token secret: keep it out of every cache.
    response.headers["Cache-Control"] = "no-store"
    return response
