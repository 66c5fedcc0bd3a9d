"""PeerMatch: matching young peer experts with youths and clinician teams."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pure cores live in this package: importing them must not load Flask
    from flask import Flask

    from config import Config

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def create_app(config: str | type[Config] | dict[str, Any] | None = None) -> Flask:
    """Build the app for a named configuration ("development", "testing", "production"),
    a config class, or a plain mapping (tests)."""
    from config import load_config
    from peermatch.edge.transactions import PeerMatchFlask

    app = PeerMatchFlask(
        __name__,
        template_folder=str(PROJECT_DIR / "templates"),
        static_folder=str(PACKAGE_DIR / "static"),
        instance_path=str(PROJECT_DIR / "instance"),
    )
    from peermatch.edge.templating import PeerMatchEnvironment

    app.jinja_environment = PeerMatchEnvironment  # before anything builds app.jinja_env
    from peermatch.routing import install_converters

    install_converters(app.url_map)
    app.config.update(load_config(config))
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", app.config["DATABASE_URL"])
    from peermatch.security import encrypted

    # Process-wide: the column type has no app at hand (CLI, jobs, migrations use it too).
    encrypted.configure(encrypted.keys_for_config(app.config, Path(app.instance_path)))
    from peermatch.auth import passwords

    passwords.configure(app.config["PASSWORD_HASHING"])
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    from peermatch.clock import Clock
    from peermatch.edge.access import init_access
    from peermatch.edge.errors import init_error_handlers
    from peermatch.edge.i18n import get_locale, get_timezone, init_i18n
    from peermatch.edge.transactions import init_transactions
    from peermatch.extensions import babel, csrf, db, limiter, login_manager
    from peermatch.web import register_blueprints
    from peermatch.web.shell import init_shell

    app.extensions["peermatch_clock"] = Clock()
    from peermatch.edge.cookie_session import init_cookie_sessions

    init_cookie_sessions(app)
    db.init_app(app)
    # First of the before_request hooks: a writing request locks before anything reads.
    init_transactions(app)
    # Timing and the request id start before access checks, so refused requests count too.
    from peermatch.observability.request_log import init_request_log

    init_request_log(app)
    from peermatch.observability.metrics import init_metrics

    init_metrics(app)
    babel.init_app(
        app,
        locale_selector=get_locale,
        timezone_selector=get_timezone,
        default_translation_directories=str(PACKAGE_DIR / "translations"),
    )
    csrf.init_app(app)
    from peermatch.security.csrf_check import check_csrf_only_for_protected_methods

    check_csrf_only_for_protected_methods(app)
    limiter.init_app(app)
    from peermatch.security.api_limits import init_api_limits

    init_api_limits(app)
    login_manager.init_app(app)
    from peermatch.auth.sessions import init_sessions
    from peermatch.security.headers import init_security_headers
    from peermatch.security.log_redaction import install_log_redaction
    from peermatch.security.proxies import init_proxies

    init_proxies(app)
    install_log_redaction()
    init_sessions(app)  # before access: an expired session must not pass the access check
    init_security_headers(app)
    init_access(app)
    init_i18n(app)
    init_error_handlers(app)
    register_blueprints(app)
    init_shell(app)
    from peermatch.edge.templating import init_templating

    init_templating(app)
    from peermatch.api import init_api

    init_api(app)

    from peermatch.cli import register_cli

    register_cli(app)
    from peermatch.security.api_limits import trim_idle_limiter_hooks

    trim_idle_limiter_hooks(app)
    return app
