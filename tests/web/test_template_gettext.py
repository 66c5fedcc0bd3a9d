"""Templates translate through callables bound once per render; they must behave exactly
like Jinja's own new-style gettext (escaping, %% and %(name)s, plurals with num)."""

from __future__ import annotations

from flask import Flask, render_template_string
from flask_babel import force_locale


def _render(app: Flask, source: str, locale: str, **context: object) -> str:
    with app.test_request_context("/"), force_locale(locale):
        return render_template_string(source, **context)


def test_a_template_string_is_translated_in_the_render_s_language(app: Flask) -> None:
    assert _render(app, "{{ _('Notifications') }}", "nl") == "Meldingen"
    assert _render(app, "{{ _('Notifications') }}", "en") == "Notifications"


def test_values_are_escaped_and_percent_signs_are_format_syntax(app: Flask) -> None:
    html = _render(
        app,
        "{{ _('%(name)s (proposed, fit %(fit)s %%)', name=who, fit=80) }}",
        "nl",
        who="<b>Sam</b>",
    )
    assert html == "&lt;b&gt;Sam&lt;/b&gt; (voorgesteld, past 80 %)"


def test_plurals_get_num_and_a_variable_may_be_called_string(app: Flask) -> None:
    source = (
        "{{ ngettext('%(num)d unread notification', '%(num)d unread notifications', n) }}"
        "|{{ _('%(string)s', string='x') }}"
    )
    assert _render(app, source, "en", n=1) == "1 unread notification|x"
    assert _render(app, source, "en", n=3) == "3 unread notifications|x"


def test_a_page_switches_language_per_request_in_one_process(app: Flask) -> None:
    client = app.test_client()
    dutch = client.get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    client.post("/language", data={"locale": "en"})
    english = client.get("/").get_data(as_text=True)
    assert 'lang="nl"' in dutch and 'lang="en"' in english
