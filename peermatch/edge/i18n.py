"""Locale and time-zone selection, plus template filters that show UTC times locally."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_translations
from flask_babel import get_locale as get_babel_locale
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from peermatch.edge.numbers import init_numbers
from peermatch.edge.paths import is_api_request
from peermatch.timezones import known_zone

COOKIE_LOCALE = "locale"


def get_locale() -> str:
    supported: tuple[str, ...] = current_app.config["LANGUAGES"]
    if is_api_request():
        # API clients say what they want per request; the account's language is the fallback.
        asked = request.accept_languages.best_match(supported)
        if asked:
            return str(asked)
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return str(current_user.locale)
    chosen = session.get(COOKIE_LOCALE) if has_request_context() else None
    if chosen in supported:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def get_timezone() -> str:
    if current_user and current_user.is_authenticated:
        return known_zone(current_user.time_zone)
    return str(current_app.config["DEFAULT_TIME_ZONE"])


def local_datetime(value: dt.datetime | None, fmt: str = "EEEE d MMMM y, HH:mm") -> str:
    """Format an aware UTC datetime in the viewer's zone and language."""
    if value is None:
        return ""
    return str(format_datetime(value, fmt))


def long_date(value: dt.date | str | None) -> str:
    """A calendar day in the reader's language ("woensdag 2 december 2026"); emails carry
    days as ISO strings in their parameters, so both are accepted."""
    if value is None or value == "":
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return str(format_date(day, "EEEE d MMMM y"))


def template_gettext() -> dict[str, Callable[..., Any]]:
    """``gettext``/``ngettext`` for one render, bound to that render's translations.

    Flask-Babel's template callables look the translations up again for every string (a
    dozen calls each, a tenth of a page's work); these take them once per render. They
    behave like Jinja's new-style callables: the result is escaped text, ``%(name)s``
    filled in, ``num`` set for plurals. Macros imported without context keep Flask-Babel's.
    """
    translations = get_translations()
    single = translations.ugettext
    plural = translations.ungettext

    @pass_context
    def gettext(context: Context, string: str, /, **variables: Any) -> str:
        value = single(string)
        if context.eval_ctx.autoescape:
            value = Markup(value)  # noqa: S704 - our own translations, as Jinja does
        return cast(str, value % variables)  # always a format string, as Jinja's own (%% is %)

    @pass_context
    def ngettext(
        context: Context, singular: str, plural_form: str, num: int, /, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        value = plural(singular, plural_form, num)
        if context.eval_ctx.autoescape:
            value = Markup(value)  # noqa: S704 - our own translations, as Jinja does
        return cast(str, value % variables)

    return {"gettext": gettext, "ngettext": ngettext}


def init_i18n(app: Flask) -> None:
    app.jinja_env.filters["localtime"] = local_datetime
    init_numbers(app)
    app.jinja_env.filters["longdate"] = long_date

    @app.context_processor
    def _inject() -> dict[str, object]:
        # Emails are rendered outside requests (CLI, services): no path there.
        path = request.full_path.rstrip("?") if has_request_context() else "/"
        return {
            "current_locale": str(get_babel_locale() or get_locale()),
            "current_path": path,
            **template_gettext(),
        }
