"""Sign in, sign out, register."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import logout_user
from werkzeug.wrappers.response import Response

from peermatch.auth.access import authenticated, public
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, use_case
from peermatch.extensions import limiter
from peermatch.i18n.messages import message
from peermatch.models.enums import Role
from peermatch.services import account_links, accounts
from peermatch.web.auth.forms import ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm
from peermatch.web.two_factor import flow as two_factor_flow

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _register_limit() -> str:
    return str(current_app.config["REGISTER_RATE_LIMIT"])


def _login_account_key() -> str:
    """Rate-limit key per account: the normalised email address, whoever's IP tries it."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"login-account:{email}"


def _login_account_limit() -> str:
    return str(current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"])


def _reset_limit() -> str:
    return str(current_app.config["PASSWORD_RESET_RATE_LIMIT"])


def _reset_account_limit() -> str:
    return str(current_app.config["PASSWORD_RESET_ACCOUNT_RATE_LIMIT"])


def _reset_account_key() -> str:
    """Per address, whoever asks: nobody can flood one inbox with reset emails."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"reset-account:{email}"


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_account_limit, key_func=_login_account_key, methods=["POST"])
def login() -> str | Response | tuple[str, int]:
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = accounts.authenticate(
            ctx.session(),
            form.email.data or "",
            form.password.data or "",
            now=ctx.now(),
            origin=ctx.origin(),
        )
        if user is None:
            # The failed attempt is audited, so this response must still commit.
            flash(
                _("This email address and password do not match. Check them and try again."),
                "error",
            )
            return render_template("auth/login.html", form=form), 200
        # A second step (code) when the person has one; then the checks that come first.
        return two_factor_flow.after_password(user, form.next.data)
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@authenticated
def logout() -> Response:
    accounts.record_logout(ctx.session(), ctx.user(), now=ctx.now(), origin=ctx.origin())
    logout_user()
    session.clear()
    flash(_("You are logged out. See you soon!"), "info")
    return redirect(url_for("main.home"))


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit(_register_limit, methods=["POST"])
@use_case()
def register(call: Call) -> str | Response | tuple[str, int]:
    form = RegisterForm()
    if request.method == "GET" and request.args.get("role") in {"youth", "peer_expert"}:
        form.role.data = request.args["role"]
    if form.validate_on_submit():
        data = accounts.Registration(
            email=form.email.data or "",
            password=form.password.data or "",
            display_name=form.display_name.data or "",
            birth_year=int(form.birth_year.data or 0),
            role=Role(form.role.data),
            privacy_version=current_app.config["PRIVACY_STATEMENT_VERSION"],
            locale=ctx.current_locale(),
        )
        call.otherwise(lambda err: (render_template("auth/register.html", form=form), err.status))
        account_links.register(call.session, data, now=call.now, origin=call.origin)
        # The same answer whether the address was new or already had an account (its owner
        # got an email), so this form does not tell strangers who uses PeerMatch.
        flash(
            _(
                "Your account is ready: log in with your email address and password. Did you "
                "already have an account with this address? Then we have sent you an email."
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
# Shared scopes: the API's /password-reset counts against the same limits.
@limiter.shared_limit(_reset_limit, scope="password-reset-ip", methods=["POST"])
@limiter.shared_limit(
    _reset_account_limit,
    scope="password-reset-account",
    key_func=_reset_account_key,
    methods=["POST"],
)
@use_case()
def forgot_password(call: Call) -> str | Response | tuple[str, int]:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        account_links.request_password_reset(
            call.session, form.email.data or "", now=call.now, origin=call.origin
        )
        # The same answer for every address, so this form tells nobody who has an account.
        flash(
            _(
                "If this email address belongs to a PeerMatch account, we have sent it a link "
                "to set a new password. The link works for one hour. No email? Check your spam "
                "folder or ask again."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
@use_case()
def reset_password(call: Call, token: str) -> str | Response | tuple[str, int]:
    """Public by secret: the link in the email is the only key."""
    form = ResetPasswordForm()
    call.otherwise(
        lambda err: (
            render_template(
                "auth/reset_password.html", form=None, error=message(err.key, **err.params)
            ),
            err.status,
        ),
        flash=False,
    )
    account_links.check_reset_link(call.session, token, now=call.now)
    if form.validate_on_submit():
        call.otherwise(
            lambda err: (
                render_template(
                    "auth/reset_password.html", form=form, error=message(err.key, **err.params)
                ),
                err.status,
            ),
            flash=False,
        )
        account_links.reset_password(
            call.session, token, form.new_password.data or "", now=call.now, origin=call.origin
        )
        # Whoever was logged in here (maybe someone else) is logged out with every session.
        logout_user()
        locale = session.get("locale")
        session.clear()
        if locale:
            session["locale"] = locale
        flash(
            _("Your new password is set. You are logged out everywhere: log in with it now."),
            "success",
        )
        return redirect(url_for("auth.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/reset_password.html", form=form, error=None), status
