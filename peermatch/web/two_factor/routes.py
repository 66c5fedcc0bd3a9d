"""The login's second step, setting up and managing a second factor, and the admin reset."""

from __future__ import annotations

import segno
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
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import authenticated, public, roles
from peermatch.edge.context import Call, redirect_to, use_case
from peermatch.extensions import limiter
from peermatch.models import User
from peermatch.models.enums import Role
from peermatch.services import two_factor
from peermatch.web.two_factor import flow
from peermatch.web.two_factor.forms import AppCodeForm, FindUserForm, LoginCodeForm

bp = Blueprint("two_factor", __name__)


@bp.record_once
def _install_gate(state: BlueprintSetupState) -> None:
    flow.init_gate(state.app)


def _code_limit() -> str:
    return str(current_app.config["TWO_FACTOR_RATE_LIMIT"])


def _pending_key() -> str:
    """Per account waiting for its code, whoever's IP tries: guessing 6 digits stays slow."""
    pending = session.get(flow.PENDING)
    uid = pending.get("uid") if isinstance(pending, dict) else None
    return f"two-factor:{uid}"


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit(_code_limit, methods=["POST"])
@limiter.limit(_code_limit, key_func=_pending_key, methods=["POST"])
@use_case()
def code(call: Call) -> str | Response | tuple[str, int]:
    user = flow.pending_user()
    if user is None:
        flash(_("Log in again with your email address and password."), "info")
        return redirect(url_for("auth.login"))
    form = LoginCodeForm()
    if form.validate_on_submit():
        result = two_factor.check_code(
            call.session, user, form.code.data or "", now=call.now, origin=call.origin
        )
        if result.ok:
            response = flow.finish_login(user, flow.pending_next())
            if form.remember.data:
                flow.remember_device(response, user)
            if result.used_recovery_code:
                left = two_factor.recovery_codes_left(call.session, user)
                flash(
                    _(
                        "You used a recovery code; it no longer works. You have %(n)s left. "
                        "Make new ones on your account page when you have your app again.",
                        n=left,
                    ),
                    "info",
                )
            return response
        # The failed attempt is audited, so this answer must still commit.
        form.code.errors = [_("This code is not right, or was already used. Try the newest code.")]
        return render_template("two_factor/code.html", form=form), 200
    status = 422 if request.method == "POST" else 200
    return render_template("two_factor/code.html", form=form), status


def _qr_data_uri(uri: str) -> str:
    """The QR code as an SVG data: URI, made here (no outside service sees the secret)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2, dark="#000"))


def _setup_page(call: Call, form: AppCodeForm, status: int = 200) -> tuple[str, int]:
    """Scan-and-confirm once a secret is waiting; before that, a page with a start button
    (a GET never writes, so the secret is made by that POST)."""
    enrolled = two_factor.enrolment(call.session, call.user)
    qr = secret_groups = None
    if enrolled is not None and not enrolled.active:
        secret = enrolled.totp_secret
        qr = _qr_data_uri(two_factor.provisioning_uri(enrolled, call.user))
        secret_groups = [secret[i : i + 4] for i in range(0, len(secret), 4)]
    return (
        render_template(
            "two_factor/setup.html",
            form=form,
            qr=qr,
            secret_groups=secret_groups,
            required=two_factor.required_for(call.user),
            must=bool(session.get(flow.MUST_ENROL)),
        ),
        status,
    )


@bp.get("/account/two-factor")
@authenticated
@use_case()
def setup(call: Call) -> str | tuple[str, int]:
    if two_factor.is_active(call.session, call.user):
        return render_template(
            "two_factor/manage.html",
            left=two_factor.recovery_codes_left(call.session, call.user),
            required=two_factor.required_for(call.user),
            renew_form=AppCodeForm(formdata=None, prefix="renew"),
            disable_form=AppCodeForm(formdata=None, prefix="off"),
        )
    return _setup_page(call, AppCodeForm(formdata=None))


@bp.post("/account/two-factor/start")
@authenticated
@use_case(redirect_to(".setup"))
def start(call: Call) -> Response:
    two_factor.start_enrolment(call.session, call.user, now=call.now)
    return redirect(url_for(".setup"))


@bp.post("/account/two-factor")
@authenticated
@use_case()
def confirm(call: Call) -> str | Response | tuple[str, int]:
    form = AppCodeForm()
    call.otherwise(lambda err: _setup_page(call, form, err.status))
    if not form.validate():
        return _setup_page(call, form, 422)
    codes = two_factor.confirm_enrolment(
        call.session, call.user, form.code.data or "", now=call.now, origin=call.origin
    )
    session.pop(flow.MUST_ENROL, None)
    # Rendered, not redirected: the codes are shown this once and stored only as hashes.
    return render_template(
        "two_factor/recovery_codes.html",
        codes=codes,
        next_url=url_for("privacy_choices.consent")
        if session.get(flow.MUST_CONSENT)
        else url_for("account.index"),
        first=True,
    )


@bp.post("/account/two-factor/recovery-codes")
@authenticated
@use_case(redirect_to(".setup"))
def renew_codes(call: Call) -> str | Response:
    form = AppCodeForm(prefix="renew")
    if not form.validate():
        flash(_("Fill in the code from your app."), "error")
        return redirect(url_for(".setup"))
    codes = two_factor.regenerate_recovery_codes(
        call.session, call.user, form.code.data or "", now=call.now, origin=call.origin
    )
    return render_template(
        "two_factor/recovery_codes.html",
        codes=codes,
        next_url=url_for("account.index"),
        first=False,
    )


@bp.post("/account/two-factor/off")
@authenticated
@use_case(redirect_to(".setup"))
def disable(call: Call) -> Response:
    form = AppCodeForm(prefix="off")
    if not form.validate():
        flash(_("Fill in the code from your app."), "error")
        return redirect(url_for(".setup"))
    two_factor.disable(
        call.session, call.user, form.code.data or "", now=call.now, origin=call.origin
    )
    response = redirect(url_for("account.index"))
    response.delete_cookie(flow.DEVICE_COOKIE)
    flash(_("Two-step login is off. You log in with your password only."), "success")
    return response


@bp.route("/admin/two-factor", methods=["GET", "POST"])
@roles(Role.ADMIN)
@use_case()
def admin_find(call: Call) -> str | tuple[str, int]:
    """Find the person whose second factor is to be reset; the next page asks to confirm."""
    form = FindUserForm()
    target: User | None = None
    status = 200
    if form.validate_on_submit():
        call.otherwise(
            lambda err: (
                render_template("two_factor/admin_reset.html", form=form, target=None),
                err.status,
            )
        )
        target = two_factor.find_for_reset(call.session, form.email.data or "")
    elif request.method == "POST":
        status = 422
    return render_template("two_factor/admin_reset.html", form=form, target=target), status


@bp.post("/admin/two-factor/<int:user_id>/reset")
@roles(Role.ADMIN)
@use_case(redirect_to(".admin_find"))
def admin_reset(call: Call, user_id: int) -> Response:
    target = two_factor.reset_by_admin(
        call.session, call.user, user_id, now=call.now, origin=call.origin
    )
    flash(
        _(
            "The second factor of %(name)s is removed and they are logged out everywhere. "
            "At their next login they set it up again.",
            name=target.display_name,
        ),
        "success",
    )
    return redirect(url_for(".admin_find"))
