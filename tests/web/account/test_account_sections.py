"""The account page: sections as cards, a short list of real time zones plus a search, and
API tokens only for the roles that connect apps (never a youth's clutter)."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import ApiToken
from peermatch.models.enums import Role
from peermatch.services.account_settings import canonical_time_zones, time_zones
from tests.factories import login, make_user
from tests.web.api.builders import token_for

NOT_ZONES = ("Factory", "Zulu", "localtime", "Etc/GMT+5", "Etc/UTC", "UTC", "US/Pacific", "GB")


def _select_options(page: str) -> list[str]:
    select = page.split('id="time_zone"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option[^>]*value="([^"]+)"', select)


def _datalist(page: str) -> list[str]:
    datalist = page.split('<datalist id="time-zone-list">', 1)[1].split("</datalist>", 1)[0]
    return re.findall(r'<option value="([^"]+)"', datalist)


def test_only_canonical_zones_exist_and_the_common_ones_come_first() -> None:
    zones = canonical_time_zones()
    for name in NOT_ZONES:
        assert name not in zones
    assert time_zones()[:6] == (
        "Europe/Amsterdam",
        "America/Kralendijk",
        "America/Aruba",
        "America/Curacao",
        "America/Lower_Princes",
        "America/Paramaribo",
    )
    assert {"Europe/Istanbul", "Africa/Casablanca", "Asia/Tokyo"} <= set(zones)
    assert 300 < len(zones) < 500


def test_the_page_offers_a_short_named_list_and_a_search(
    client: FlaskClient, db_session: Session
) -> None:
    login(client, make_user(db_session))
    page = client.get("/account").get_data(as_text=True)
    options = _select_options(page)
    assert options[0] == "Europe/Amsterdam" and options[-1] == "other"
    assert len(options) < 30
    assert "Nederland (Amsterdam)" in page and "Suriname (Paramaribo)" in page
    assert "Caribisch Nederland (Kralendijk)" in page
    assert re.search(
        r'<option selected value="Europe/Amsterdam"|<option[^>]*selected[^>]*value="Europe/Amsterdam"',
        page,
    )
    searchable = _datalist(page)
    assert "Asia/Tokyo" in searchable and "America/Paramaribo" in searchable
    for name in NOT_ZONES:
        assert name not in searchable and name not in options
    assert 'list="time-zone-list"' in page
    # One card per section, each with its own heading.
    for section in ("settings-title", "password-title", "email-title", "sessions-title"):
        assert f'<section class="card" aria-labelledby="{section}">' in page


def test_a_zone_found_by_search_is_saved(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    login(client, user)
    response = client.post(
        "/account",
        data={
            "display_name": "Noor",
            "locale": "nl",
            "time_zone": "other",
            "other_time_zone": "America/Paramaribo",
        },
    )
    assert response.status_code == 302
    db_session.refresh(user)
    assert user.time_zone == "America/Paramaribo"
    # Their own zone is preselected afterwards, named in Dutch.
    page = client.get("/account").get_data(as_text=True)
    assert re.search(r'<option[^>]*selected[^>]*value="America/Paramaribo"', page)


@pytest.mark.parametrize("zone", ["Factory", "Zulu", "localtime", "Etc/GMT+5"])
def test_aliases_and_technical_zones_are_refused_at_the_field(
    client: FlaskClient, db_session: Session, zone: str
) -> None:
    user = make_user(db_session)
    login(client, user)
    response = client.post(
        "/account", data={"display_name": "Noor", "locale": "nl", "time_zone": zone}
    )
    assert response.status_code == 422
    assert 'id="time_zone-error"' in response.get_data(as_text=True)
    db_session.refresh(user)
    assert user.time_zone == "Europe/Amsterdam"


def test_a_youth_sees_no_api_tokens_nor_openapi_and_cannot_make_one(
    client: FlaskClient, db_session: Session
) -> None:
    login(client, make_user(db_session, Role.YOUTH))
    page = client.get("/account").get_data(as_text=True)
    assert "openapi" not in page.lower()
    text = _visible(page)
    assert "API" not in text and "token" not in text.lower()
    assert client.post("/account/tokens", data={"name": "x"}).status_code == 404
    assert db_session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_a_youth_with_an_old_token_can_still_revoke_it(
    client: FlaskClient, db_session: Session
) -> None:
    youth = make_user(db_session, Role.YOUTH)
    token_for(db_session, youth, "Oude app")
    login(client, youth)
    page = client.get("/account").get_data(as_text=True)
    assert "Oude app" in page and "Geavanceerd" in page
    assert 'action="/account/tokens"' not in page


@pytest.mark.parametrize("role", [Role.PEER_EXPERT, Role.COORDINATOR, Role.TEAM_MEMBER, Role.ADMIN])
def test_roles_that_connect_apps_find_tokens_under_advanced(
    client: FlaskClient, db_session: Session, role: Role
) -> None:
    login(client, make_user(db_session, role, birth_year=None))
    page = client.get("/account").get_data(as_text=True)
    assert "Geavanceerd" in page and "<details" in page
    assert 'action="/account/tokens"' in page and "OpenAPI" in page


def test_the_dutch_account_page_has_no_english_and_the_english_one_no_dutch(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, Role.PEER_EXPERT)
    login(client, user)
    dutch = _visible(client.get("/account").get_data(as_text=True))
    for english in (
        "Time zone",
        "Save",
        "Advanced",
        "Another time zone",
        "Language",
        "Netherlands",
    ):
        assert english not in dutch
    client.post(
        "/account",
        data={"display_name": user.display_name, "locale": "en", "time_zone": "Europe/Amsterdam"},
    )
    english_page = _visible(client.get("/account").get_data(as_text=True))
    for word in ("Tijdzone", "Opslaan", "Geavanceerd", "Nederland (Amsterdam)", "Taal"):
        assert word not in english_page
    assert "Netherlands (Amsterdam)" in english_page


def _visible(html: str) -> str:
    """Text a person reads (tags and attribute values removed; option labels kept)."""
    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    body = re.sub(r"<datalist.*?</datalist>", "", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)
