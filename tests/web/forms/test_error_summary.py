"""Forms the GOV.UK way: every problem at once, a summary linking to each field, the message
at the field (aria-describedby, aria-invalid), values kept, Dutch labels and defaults."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, User
from peermatch.models.enums import Role
from tests.factories import login, make_user
from tests.integration.requests.builders import NOW, youth_of_age


class Page(HTMLParser):
    """Just enough of the page: element attributes by id, summary links, the title."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str]] = {}
        self.summary_links: list[str] = []
        self.summary: dict[str, str] | None = None
        self._in_summary = 0
        self._in_title = False
        self.title = ""
        self.checked: set[str] = set()
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.by_id[a["id"]] = {"tag": tag, **a}
        if "data-error-summary" in a:
            self.summary = a
            self._in_summary = 1
        elif self._in_summary and tag == "div":
            self._in_summary += 1
        if self._in_summary and tag == "a":
            self.summary_links.append(a["href"])
        if tag == "input" and "checked" in a and "id" in a:
            self.checked.add(a["id"])
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if self._in_summary and tag == "div":
            self._in_summary -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._in_title:
            self.title += data


def _check_field_error(page: Page, target: str) -> None:
    """The link's target exists, is marked invalid and is described by a visible message."""
    field = page.by_id[target]
    assert field.get("aria-invalid") == "true", target
    if field["tag"] != "fieldset":
        base = target[:-2] if re.search(r"-\d+$", target) else target
        error_id = f"{base}-error"
        assert error_id in page.by_id, error_id


def _youth(db_session: Session) -> User:
    return youth_of_age(db_session, 17)


def test_an_empty_request_shows_every_problem_at_once_at_its_field(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    login(client, _youth(db_session))
    response = client.post(
        "/requests/new",
        data={"action": "send", "own_words": "Ik wil graag praten.", "gender_preference": "none"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    page = Page(html)
    assert page.summary is not None and page.summary.get("tabindex") == "-1"
    assert page.summary.get("role") == "alert"
    assert "Er is een probleem" in html
    assert page.title.startswith("Fout:")
    # One submit names every gap (a youth needed three submits before).
    assert page.summary_links == [
        "#domains",
        "#hopes-0",
        "#languages-0",
        "#modes-0",
        "#weekly-0",
    ]
    assert page.by_id["domains"]["tag"] == "fieldset"
    assert "domains-error" in page.by_id["domains"]["aria-describedby"]
    for link in page.summary_links[1:]:
        _check_field_error(page, link[1:])
    assert "domains-error" in page.by_id and "hopes-error" in page.by_id
    # What was typed stays; nothing was saved; no banner repeats the first problem.
    assert "Ik wil graag praten." in html
    assert db_session.scalar(select(func.count()).select_from(ContactRequest)) == 0
    assert 'class="flash flash-error"' not in html


def test_a_half_filled_period_is_named_at_the_missing_field(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    login(client, _youth(db_session))
    day = (NOW + dt.timedelta(days=5)).date().isoformat()
    response = client.post(
        "/requests/new",
        data={"action": "save", "window_1_date": day, "window_1_start": "10:00"},
    )
    assert response.status_code == 422
    page = Page(response.get_data(as_text=True))
    assert page.summary_links == ["#window_1_end"]
    _check_field_error(page, "window_1_end")
    assert page.by_id["window_1_date"].get("value") == day


def test_the_request_form_is_dutch_with_dutch_preselected(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    login(client, _youth(db_session))
    html = client.get("/requests/new").get_data(as_text=True)
    for dutch in ("maandagochtend", "woensdagmiddag", "zondagavond"):
        assert dutch in html
    page = Page(html)
    for english in ("Monday", "morning", "Sunday evening", "There is a problem", "Error"):
        assert english not in page.text
    nl = next(i for i, a in page.by_id.items() if i.startswith("languages-") and a["value"] == "nl")
    assert page.checked & {i for i in page.by_id if i.startswith("languages-")} == {nl}
    assert 'class="tap-form"' in html  # the 44 px toggles (app.css .tap-form)


def test_the_english_request_form_is_english_with_english_preselected(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    youth = _youth(db_session)
    youth.locale = "en"
    db_session.flush()
    login(client, youth)
    html = client.get("/requests/new").get_data(as_text=True)
    assert "Monday morning" in html and "Sunday evening" in html
    assert "maandagochtend" not in html and "Er is een probleem" not in html
    page = Page(html)
    en = next(i for i, a in page.by_id.items() if i.startswith("languages-") and a["value"] == "en")
    assert en in page.checked


def test_registration_shows_the_summary_and_keeps_what_was_typed(client: FlaskClient) -> None:
    response = client.post("/register", data={"display_name": "Sam", "email": "geen-adres"})
    assert response.status_code in (200, 422)
    page = Page(response.get_data(as_text=True))
    assert page.summary is not None
    assert "#email" in page.summary_links and "#password" in page.summary_links
    for link in page.summary_links:
        assert link[1:] in page.by_id, link
    _check_field_error(page, "email")
    assert page.by_id["display_name"].get("value") == "Sam"
    assert page.by_id["email"].get("value") == "geen-adres"


def test_the_profile_form_shows_the_summary(client: FlaskClient, db_session: Session) -> None:
    login(client, make_user(db_session, Role.PEER_EXPERT))
    response = client.post("/profile/onboarding/1", data={"display_name": ""})
    assert response.status_code == 422
    page = Page(response.get_data(as_text=True))
    assert "#display_name" in page.summary_links
    _check_field_error(page, "display_name")


def test_the_account_form_shows_the_summary_and_the_field_message(
    client: FlaskClient, db_session: Session
) -> None:
    login(client, make_user(db_session))
    response = client.post(
        "/account",
        data={"display_name": "", "locale": "nl", "time_zone": "other", "other_time_zone": "Zulu"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    page = Page(html)
    assert page.summary_links == ["#display_name", "#other_time_zone"]
    _check_field_error(page, "display_name")
    _check_field_error(page, "other_time_zone")
    assert page.by_id["other_time_zone"]["value"] == "Zulu"
    assert "Kies een tijdzone uit de lijst." in html
