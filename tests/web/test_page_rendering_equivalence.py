"""Rendering got cheaper (texts translated when a template is compiled, per language; the menu
made once per roles and language); the pages must not change by one byte."""

from __future__ import annotations

from collections.abc import Callable

import jinja2
import pytest
from flask import Flask, url_for
from flask_babel import force_locale
from flask_login import login_user
from markupsafe import escape
from sqlalchemy.orm import Session

from peermatch.edge.templating import PeerMatchEnvironment
from peermatch.models import User
from peermatch.web.dashboard import present
from peermatch.web.shell import menu_for
from tests.web.page_world import LOCALES, pages, people


def _jinjas_own(app: Flask) -> Flask:
    """The app as Jinja alone renders it: runtime translation, Jinja's import check, Flask's
    ``url_for``."""
    env = app.jinja_env
    assert isinstance(env, PeerMatchEnvironment)
    env.translate_when_compiling = False
    env.template_class = jinja2.Template
    env.globals["url_for"] = app.url_for
    return app


def test_every_role_s_pages_are_what_jinja_alone_renders_in_both_languages(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    who = people(db_session)
    ours = pages(app_factory(), who)
    assert "Mijn pagina" in ours["youth nl /dashboard"]
    assert "My page" in ours["youth en /dashboard"]
    assert pages(_jinjas_own(app_factory()), who) == ours


def _from_loader(app: Flask, source: str, locale: str) -> str:
    env = app.jinja_env.overlay(loader=jinja2.DictLoader({"t.html": source}), cache_size=10)
    with app.test_request_context("/"), force_locale(locale):
        return env.get_template("t.html").render()


def test_a_template_is_compiled_and_kept_per_language(app: Flask) -> None:
    source = "{{ _('Notifications') }} {{ _('Hi %(name)s!', name='<b>') }}"
    assert _from_loader(app, source, "nl") == "Meldingen Hoi &lt;b&gt;!"
    assert _from_loader(app, source, "en") == "Notifications Hi &lt;b&gt;!"


def test_a_template_that_binds_underscore_keeps_the_runtime_lookup(app: Flask) -> None:
    source = "{% set _ = '{}!'.format %}{{ _('Notifications') }}"
    assert _from_loader(app, source, "nl") == "Notifications!"


def test_a_kept_link_follows_where_the_app_is_mounted(app: Flask) -> None:
    source = "{{ url_for('main.home') }} {{ url_for('static', filename='css/app.css') }}"
    for root in ("", "/peermatch", ""):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
            rendered = app.jinja_env.from_string(source).render()
            assert rendered == f"{root}/ {root}/static/css/app.css"


@pytest.mark.parametrize("locale", LOCALES)
def test_an_action_card_s_words_are_its_lazy_texts_in_the_reader_s_language(
    app: Flask, locale: str
) -> None:
    with app.test_request_context("/"), force_locale(locale):
        for kind, (_, title, text, button) in present._CARDS.items():
            expected = (str(title), str(text), None if button is None else str(button))
            assert present._card_words(kind) == expected


@pytest.mark.parametrize("locale", LOCALES)
def test_the_menu_links_are_the_lazy_items_as_the_template_showed_them(
    app: Flask, db_session: Session, locale: str
) -> None:
    people_by_role: dict[str, User | None] = {"visitor": None, **people(db_session)}
    (shell,) = [p for p in app.template_context_processors[None] if p.__name__ == "_shell"]
    for user in people_by_role.values():
        with app.test_request_context("/"), force_locale(locale):
            if user is not None:
                login_user(user)
            links = shell()["menu_links"]()  # type: ignore[operator]
            items = menu_for(user.role_names if user is not None else None)
            assert [(x.href, x.css_name, x.icon, x.label) for x in links] == [
                (url_for(i.endpoint), i.endpoint.replace(".", "-"), i.icon, escape(i.label))
                for i in items
            ]


_JINJA_ICON = """{% macro icon(name, label=None, class='') -%}
<svg class="icon {{ class }}"{% if label %} role="img" aria-label="{{ label }}"{% else %} aria-hidden="true" focusable="false"{% endif %}><use href="#i-{{ name }}"></use></svg>
{%- endmacro %}"""


@pytest.mark.parametrize(
    "call",
    [
        "icon('bell')",
        "icon('heart-handshake', class='brand-mark')",
        "icon('x', 'Close <now> & \"then\"', class='a\"b')",
        "icon('<i>', label='')",
        "icon(name='menu', label=_('Menu'))",
    ],
)
def test_the_icon_is_the_markup_the_jinja_macro_drew(app: Flask, call: str) -> None:
    with app.test_request_context("/"), force_locale("nl"):
        ours = app.jinja_env.from_string(
            '{% from "macros/ui.html" import icon %}{{ ' + call + " }}|{{ svg_" + call + " }}"
        ).render()
        theirs = app.jinja_env.from_string(_JINJA_ICON + "{{ " + call + " }}").render()
    assert ours == f"{theirs}|{theirs}"


def test_templates_build_links_outside_a_request_as_flask_does(app: Flask) -> None:
    """E-mails are rendered by the job runner with an app context and no request."""
    app.config["SERVER_NAME"] = "peermatch.example.org"
    with app.app_context():
        rendered = app.jinja_env.from_string("{{ url_for('main.home') }}").render()
        assert rendered == url_for("main.home")
