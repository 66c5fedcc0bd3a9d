"""Secrets stay out of logs; the files every crawler asks for exist; public pages describe
themselves."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from peermatch.security.log_redaction import SecretPathFilter, redact

CAL_SECRET = "Zq3xK9vN2mLp8RtY4wQe7uIo1aSdFgHj"
CONSENT_SECRET = "c0nsentSecretVa1ue-abcdefghijklmnop"


def test_redact_removes_the_secret_segment_and_keeps_the_rest() -> None:
    line = f'"GET /calendar/{CAL_SECRET}.ics HTTP/1.1" 200 -'
    assert redact(line) == '"GET /calendar/[redacted].ics HTTP/1.1" 200 -'
    consent = f"POST /requests/consent/{CONSENT_SECRET}?lang=en HTTP/1.1"
    assert redact(consent) == "POST /requests/consent/[redacted]?lang=en HTTP/1.1"
    assert redact("GET /calendar HTTP/1.1") == "GET /calendar HTTP/1.1"
    assert redact("GET /requests/12 HTTP/1.1") == "GET /requests/12 HTTP/1.1"


@pytest.mark.usefixtures("app")  # create_app installs the filter on the access loggers
def test_werkzeug_access_lines_lose_the_secret(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info(
            '%s - - [%s] "%s" %s %s',
            "127.0.0.1",
            "30/Nov/2026 09:00:00",
            f"GET /calendar/{CAL_SECRET}.ics HTTP/1.1",
            "200",
            "-",
        )
    assert CAL_SECRET not in caplog.text
    assert "/calendar/[redacted].ics" in caplog.text


@pytest.mark.usefixtures("app")
def test_gunicorn_access_lines_lose_the_secret(caplog: pytest.LogCaptureFixture) -> None:
    atoms = {
        "h": "10.0.0.1",
        "r": f"GET /requests/consent/{CONSENT_SECRET} HTTP/1.1",
        "U": f"/requests/consent/{CONSENT_SECRET}",
        "s": "200",
        "f": f"https://peermatch.example.nl/requests/consent/{CONSENT_SECRET}",
    }
    with caplog.at_level(logging.INFO, logger="gunicorn.access"):
        logging.getLogger("gunicorn.access").info('%(h)s "%(r)s" %(s)s %(U)s "%(f)s"', atoms)
    assert CONSENT_SECRET not in caplog.text
    assert caplog.text.count("/requests/consent/[redacted]") == 3


def test_the_filter_keeps_records_and_their_kind_of_args() -> None:
    class Atoms(dict[str, str]):
        pass

    atoms = Atoms(r=f"GET /calendar/{CAL_SECRET}.ics HTTP/1.1")
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(r)s", (atoms,), None)
    assert SecretPathFilter().filter(record) is True
    assert isinstance(record.args, Atoms)  # gunicorn's atoms answer '-' for missing keys
    assert record.getMessage() == "GET /calendar/[redacted].ics HTTP/1.1"


def test_database_errors_do_not_carry_parameter_values(engine: Engine) -> None:
    secret = "mijn eigen verhaal over thuis"
    with engine.connect() as conn, pytest.raises(DBAPIError) as info:
        conn.execute(text("SELECT * FROM no_such_table WHERE note = :note"), {"note": secret})
    assert secret not in str(info.value)
    assert "hide_parameters" in str(info.value)


def test_favicon_and_robots_answer(client: FlaskClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype == "image/svg+xml" and icon.data.startswith(b"<svg")
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots.mimetype == "text/plain"
    lines = robots.get_data(as_text=True).splitlines()
    assert "Disallow: /" in lines
    assert {"Allow: /$", "Allow: /privacy$"} <= set(lines)


@pytest.mark.parametrize("path", ["/", "/privacy", "/login", "/register"])
def test_public_pages_describe_themselves_in_dutch_and_english(app: Flask, path: str) -> None:
    dutch = app.test_client().get(path).get_data(as_text=True)
    assert '<meta name="description" content="' in dutch
    english_client = app.test_client()
    english_client.post("/language", data={"locale": "en"})
    english = english_client.get(path).get_data(as_text=True)
    nl = dutch.split('<meta name="description" content="', 1)[1].split('"', 1)[0]
    en = english.split('<meta name="description" content="', 1)[1].split('"', 1)[0]
    assert nl and en and nl != en
    assert "ervaringsdeskundigen" in nl or "persoonsgegevens" in nl
