"""The password policy, offline: long enough, not common, not the account's own data."""

from __future__ import annotations

import pytest

from peermatch.auth.password_policy import PasswordRefused, check_password, common_passwords


def _reason(password: str, **kw: str) -> str | None:
    try:
        check_password(password, **kw)
    except PasswordRefused as refused:
        return refused.key
    return None


def test_the_bundled_list_holds_the_top_ten_thousand() -> None:
    common = common_passwords()
    assert len(common) >= 10_000
    assert {"123456", "password", "qwerty", "wachtwoord", "welkom"} <= common


@pytest.mark.parametrize("password", ["kort", "123456789", "nine char"])
def test_shorter_than_ten_is_refused(password: str) -> None:
    assert _reason(password) == "account.error.password_short"


@pytest.mark.parametrize(
    "password",
    [
        "1234567890",
        "qwertyuiop",
        "Password123!",
        "Welkom2026!!",
        "wachtwoord1",
        "aaaaaaaaaaaa",
        "abababababab",
    ],
)
def test_common_and_guessable_passwords_are_refused(password: str) -> None:
    assert _reason(password) == "account.error.password_common"


@pytest.mark.parametrize(
    ("password", "email", "name"),
    [
        ("robin@example.org", "robin@example.org", ""),
        ("Robin.de.Vries-2026", "robin.devries@example.org", ""),
        ("ik-ben-sanneke!", "x@example.org", "Sanneke"),
        ("robinvries1234", "robin.vries@example.org", "R"),
    ],
)
def test_the_email_address_its_parts_and_the_name_are_refused(
    password: str, email: str, name: str
) -> None:
    assert _reason(password, email=email, display_name=name) == "account.error.password_personal"


@pytest.mark.parametrize(
    "password", ["correct horse battery", "een lang en sterk wachtwoord", "fiets-wolk-appelboom"]
)
def test_long_personal_phrases_pass(password: str) -> None:
    assert _reason(password, email="robin@example.org", display_name="Robin") is None
