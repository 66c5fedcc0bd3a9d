"""Dutch first, English second; health check; calm error pages; page structure."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import login, make_user


def test_home_page_is_dutch_by_default(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Praat met iemand die het zelf heeft meegemaakt" in page
    assert "0800-0113" in page


def test_language_switch_is_remembered(client: FlaskClient) -> None:
    response = client.post("/language", data={"locale": "en", "next": "/privacy"})
    assert response.headers["Location"] == "/privacy"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Talk to someone who has been there" in page
    client.post("/language", data={"locale": "nl"})
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)


def test_language_switch_ignores_unknown_languages_and_foreign_next(client: FlaskClient) -> None:
    response = client.post("/language", data={"locale": "xx", "next": "https://evil.example"})
    assert response.headers["Location"] == "/"
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)


def test_a_signed_in_users_language_is_stored_on_their_account(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    login(client, user)
    client.post("/language", data={"locale": "en"})
    db_session.refresh(user)
    assert user.locale == "en"
    assert "My page" in client.get("/dashboard").get_data(as_text=True)


def test_pages_have_landmarks_and_a_skip_link(client: FlaskClient) -> None:
    for path in ("/", "/login", "/register"):
        page = client.get(path).get_data(as_text=True)
        assert 'href="#main"' in page
        assert '<main id="main"' in page
        assert "<header" in page and "<footer" in page and "<nav" in page
        assert "<script" not in page


def test_healthz_reports_the_database(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_says_503_when_the_database_is_unreachable(
    app_factory: Callable[..., Flask],
) -> None:
    app = app_factory(bind=False, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}


def test_unknown_pages_get_a_calm_translated_404(client: FlaskClient) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert "We konden deze pagina niet vinden" in response.get_data(as_text=True)


@pytest.mark.fresh_app
def test_an_unhandled_error_is_a_calm_500_without_traceback(
    app_factory: Callable[..., Flask],
) -> None:
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    from peermatch.auth.access import public

    @public
    def boom() -> str:
        raise RuntimeError("secret internals")

    app.add_url_rule("/boom", "boom", boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body and "Traceback" not in body
    assert "Er ging iets mis" in body


def test_imported_macro_templates_translate_at_call_time_not_once_per_process() -> None:
    """Jinja runs an imported template's top level once and caches the module, so a
    top-level `{% set words = {... _('...')} %}` keeps the language of the first visitor."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    imported = {
        match.group(1)
        for path in root.rglob("*.html")
        for match in re.finditer(r'{%-?\s*(?:from|import)\s+"([^"]+)"', path.read_text())
    }
    offenders = []
    for name in sorted(imported):
        depth = 0
        for line in (root / name).read_text().splitlines():
            if re.search(r"{%-?\s*set\s", line) and "_(" in line and depth == 0:
                offenders.append(f"{name}: {line.strip()}")
            depth += len(re.findall(r"{%-?\s*macro\s", line))
            depth -= len(re.findall(r"{%-?\s*endmacro", line))
    assert imported and not offenders
