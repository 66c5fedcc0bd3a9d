"""A person's own account: settings and personal API tokens."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers.response import Response

from peermatch.auth.access import authenticated, public
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, use_case
from peermatch.extensions import limiter
from peermatch.i18n.messages import message
from peermatch.models import User
from peermatch.models.enums import Role
from peermatch.services import account_links, account_settings, accounts, api_tokens
from peermatch.web.account.forms import (
    OTHER_ZONE,
    EmailChangeForm,
    PasswordForm,
    SettingsForm,
    TokenForm,
    time_zone_options,
)
from peermatch.web.form_errors import add_field_error

bp = Blueprint("account", __name__, url_prefix="/account")

#: Roles that connect apps or scripts through the API and so see API tokens and the OpenAPI
#: link; a youth never does (a youth with an old token still sees it, to revoke it).
API_ROLES = (Role.PEER_EXPERT, Role.COORDINATOR, Role.TEAM_MEMBER, Role.ADMIN)


def uses_api(user: User) -> bool:
    return user.has_role(*API_ROLES)


def _settings_form() -> SettingsForm:
    """The submitted settings with this page's zone choices, checked for shape."""
    form = SettingsForm()
    form.offer_time_zones(ctx.current_locale(), current_user.time_zone)
    return form


def _page(
    call: Call,
    settings: SettingsForm | None = None,
    token_form: TokenForm | None = None,
    new_secret: str | None = None,
    status: int = 200,
    password_form: PasswordForm | None = None,
    email_form: EmailChangeForm | None = None,
) -> tuple[str, int]:
    user = call.user
    locale = ctx.current_locale()
    if settings is None:
        settings = SettingsForm(
            data={
                "display_name": user.display_name,
                "locale": user.locale,
                "time_zone": user.time_zone,
            }
        )
    settings.offer_time_zones(locale, user.time_zone)
    tokens = api_tokens.list_tokens(call.session, user)
    return (
        render_template(
            "account/index.html",
            user=user,
            settings=settings,
            zone_options=time_zone_options(locale),
            show_api=uses_api(user) or bool(tokens),
            may_create_token=uses_api(user),
            token_form=token_form or TokenForm(formdata=None),
            tokens=tokens,
            new_secret=new_secret,
            password_form=password_form or PasswordForm(formdata=None),
            email_form=email_form or EmailChangeForm(formdata=None),
        ),
        status,
    )


@bp.get("")
@authenticated
@use_case()
def index(call: Call) -> tuple[str, int]:
    return _page(call)


@bp.post("")
@authenticated
@use_case(lambda call, err: _page(call, settings=_settings_form(), status=err.status))
def save_settings(call: Call) -> Response | tuple[str, int]:
    form = _settings_form()
    valid = form.validate()
    zone = form.chosen_time_zone()
    if zone not in account_settings.canonical_time_zones() and zone != call.user.time_zone:
        # Said at the field that needs it, with the other problems (the service checks too).
        other = form.time_zone.data == OTHER_ZONE
        add_field_error(
            form,
            "other_time_zone" if other else "time_zone",
            message("account.error.time_zone_unknown"),
        )
        valid = False
    if not valid:
        return _page(call, settings=form, status=422)
    account_settings.update_settings(
        call.session,
        call.user,
        display_name=form.display_name.data or "",
        locale=form.locale.data or "",
        time_zone=zone,
        origin=call.origin,
    )
    flash(_("Your settings are saved."), "success")
    return redirect(url_for("account.index"))


@bp.post("/tokens")
@authenticated
@use_case(lambda call, err: _page(call, token_form=TokenForm(), status=err.status))
def create_token(call: Call) -> tuple[str, int]:
    if not uses_api(call.user):
        abort(404)
    form = TokenForm()
    if not form.validate():
        return _page(call, token_form=form, status=422)
    new = api_tokens.create_token(
        call.session, call.user, form.name.data or "", now=call.now, origin=call.origin
    )
    # Rendered, not redirected: the secret is shown this once and never stored in clear.
    return _page(call, new_secret=new.secret)


@bp.post("/tokens/<int:token_id>/revoke")
@authenticated
@use_case(lambda call, err, token_id: _page(call, status=err.status))
def revoke_token(call: Call, token_id: int) -> Response | tuple[str, int]:
    api_tokens.revoke_token(call.session, call.user, token_id, now=call.now, origin=call.origin)
    flash(_("The token is revoked. Apps that used it no longer have access."), "success")
    return redirect(url_for("account.index"))


@bp.post("/password")
@authenticated
@use_case(lambda call, err: _page(call, password_form=PasswordForm(), status=err.status))
def change_password(call: Call) -> Response | tuple[str, int]:
    form = PasswordForm()
    if not form.validate():
        return _page(call, password_form=form, status=422)
    user = call.user
    accounts.change_password(
        call.session,
        user,
        current=form.current_password.data or "",
        new=form.new_password.data or "",
        now=call.now,
        origin=call.origin,
    )
    # Other sessions ended with the old login id; this one continues under the new one.
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)
    flash(_("Your password is changed. You are logged out everywhere else."), "success")
    return redirect(url_for("account.index"))


@bp.post("/email")
@authenticated
@use_case(lambda call, err: _page(call, email_form=EmailChangeForm(), status=err.status))
def change_email(call: Call) -> Response | tuple[str, int]:
    form = EmailChangeForm()
    if not form.validate():
        return _page(call, email_form=form, status=422)
    account_links.request_email_change(
        call.session,
        call.user,
        new_email=form.new_email.data or "",
        password=form.email_password.data or "",
        now=call.now,
        origin=call.origin,
    )
    flash(
        _(
            "We have sent a link to your new email address. Open it within 24 hours; until "
            "then you keep logging in with your current address."
        ),
        "success",
    )
    return redirect(url_for("account.index"))


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
@public
@use_case()
def confirm_email(call: Call, token: str) -> Response | tuple[str, int]:
    """Public by secret: the link may be opened on a device where nobody is logged in.
    Opening it (GET) changes nothing; the button (POST) confirms."""
    call.otherwise(
        lambda err: (
            render_template("account/confirm_email.html", error=message(err.key, **err.params)),
            err.status,
        ),
        flash=False,
    )
    if request.method == "POST":
        account_links.confirm_email_change(call.session, token, now=call.now, origin=call.origin)
        flash(_("Your new email address is confirmed. Use it from now on to log in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("account/confirm_email.html", error=None), 200


def _resend_limit() -> str:
    return str(current_app.config["VERIFY_RESEND_RATE_LIMIT"])


def _resend_key() -> str:
    """Per account, whichever browser or address asks."""
    return f"verify-resend:{current_user.get_id()}"


@bp.post("/email/verify/resend")
@authenticated
@limiter.limit(_resend_limit, key_func=_resend_key)
@use_case()
def resend_verification(call: Call) -> Response:
    account_links.send_verification(call.session, call.user, now=call.now, origin=call.origin)
    flash(
        _(
            "We have sent a new link to %(email)s. Older links no longer work.",
            email=call.user.email,
        ),
        "success",
    )
    return redirect(request.referrer or url_for("account.index"))


@bp.get("/email/verify/<token>")
@public
@use_case()
def verify_email(call: Call, token: str) -> Response | tuple[str, int]:
    """Public by secret: the link is the proof that the address is theirs, wherever opened."""
    call.otherwise(
        lambda err: (
            render_template("account/confirm_email.html", error=message(err.key, **err.params)),
            err.status,
        ),
        flash=False,
    )
    account_links.verify_email(call.session, token, now=call.now, origin=call.origin)
    flash(_("Thank you: your email address is confirmed."), "success")
    return redirect(
        url_for("dashboard.index") if current_user.is_authenticated else url_for("auth.login")
    )


@bp.get("/sessions/end")
@authenticated
def confirm_end_sessions() -> str:
    """The confirm step: ending every session also ends this one."""
    return render_template("account/end_sessions.html")


@bp.post("/sessions/end")
@authenticated
@use_case()
def end_sessions(call: Call) -> Response:
    accounts.end_all_sessions(
        call.session, call.user, now=call.now, origin=call.origin, action="auth.logout_everywhere"
    )
    logout_user()
    session.clear()
    flash(_("You are logged out on every device and browser. Log in again to continue."), "info")
    return redirect(url_for("auth.login"))
