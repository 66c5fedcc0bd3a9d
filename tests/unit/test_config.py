from __future__ import annotations

import pytest

from config import ConfigError, TestingConfig, load_config

KEY = str(TestingConfig.ENCRYPTION_KEYS)


def test_production_refuses_to_start_without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set") as info:
        load_config("production")
    assert "DATABASE_URL is not set." in info.value.problems


def test_production_reads_secrets_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://peermatch.example.nl")
    monkeypatch.setenv("PEERMATCH_ENCRYPTION_KEYS", KEY)
    values = load_config("production")
    assert values["SECRET_KEY"] == "s" * 40
    assert values["DATABASE_URL"] == "postgresql+psycopg://u@h/db"
    assert values["SESSION_COOKIE_SECURE"] is True


def test_development_uses_sqlite_under_instance() -> None:
    values = load_config("development")
    assert values["DATABASE_URL"].startswith("sqlite:///")
    assert values["DATABASE_URL"].endswith("instance/peermatch.sqlite3")


def _production_env(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    base = {
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": "postgresql+psycopg://u@h/db",
        "PUBLIC_BASE_URL": "https://peermatch.example.nl",
        "TRUSTED_PROXY_HOPS": "1",
        "PEERMATCH_ENCRYPTION_KEYS": KEY,
    }
    base.update(env)
    for key, value in base.items():
        if value:
            monkeypatch.setenv(key, value)
        else:
            monkeypatch.delenv(key, raising=False)


def test_production_lists_every_problem_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _production_env(
        monkeypatch,
        SECRET_KEY="short",
        DATABASE_URL="",
        PUBLIC_BASE_URL="http://peermatch.example.nl",
        TRUSTED_PROXY_HOPS="-1",
    )
    with pytest.raises(ConfigError) as info:
        load_config("production")
    problems = info.value.problems
    assert len(problems) == 4, problems
    text = str(info.value)
    for key in ("SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL", "TRUSTED_PROXY_HOPS"):
        assert key in text


def test_production_needs_an_absolute_https_public_base_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for bad in ("", "peermatch.example.nl", "/relative", "http://peermatch.example.nl"):
        _production_env(monkeypatch, PUBLIC_BASE_URL=bad)
        with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
            load_config("production")


def test_production_proxy_hops_come_from_the_environment_as_a_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _production_env(monkeypatch, TRUSTED_PROXY_HOPS="2")
    values = load_config("production")
    assert values["TRUSTED_PROXY_HOPS"] == 2
    assert values["HSTS_ENABLED"] is True
    _production_env(monkeypatch, TRUSTED_PROXY_HOPS="two")
    with pytest.raises(ConfigError, match="TRUSTED_PROXY_HOPS"):
        load_config("production")


def test_production_api_rate_limit_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _production_env(monkeypatch)
    assert load_config("production")["API_RATE_LIMIT"] == "300 per minute"
    _production_env(monkeypatch, API_RATE_LIMIT="600 per minute")
    assert load_config("production")["API_RATE_LIMIT"] == "600 per minute"
    _production_env(monkeypatch, API_RATE_LIMIT="lots")
    with pytest.raises(ConfigError, match="API_RATE_LIMIT is not a rate limit"):
        load_config("production")


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"SESSION_IDLE_MINUTES": 0}, "SESSION_IDLE_MINUTES must be a number greater than 0"),
        ({"SESSION_ABSOLUTE_HOURS": -1}, "SESSION_ABSOLUTE_HOURS must be"),
        ({"MAIL_TIMEOUT": "30"}, "MAIL_TIMEOUT must be"),
        ({"TRUSTED_PROXY_HOPS": True}, "TRUSTED_PROXY_HOPS"),
        (
            {"SESSION_IDLE_MINUTES_STAFF": 240, "SESSION_IDLE_MINUTES": 120},
            "SESSION_IDLE_MINUTES_STAFF must not be longer",
        ),
        (
            {"SESSION_IDLE_MINUTES": 900, "SESSION_ABSOLUTE_HOURS": 12},
            "must not be longer than SESSION_ABSOLUTE_HOURS",
        ),
        ({"MAIL_USE_TLS": True, "MAIL_USE_SSL": True}, "exclude each other"),
        ({"API_RATE_LIMIT": "lots"}, "API_RATE_LIMIT is not a rate limit"),
        (
            {"PASSWORD_RESET_ACCOUNT_RATE_LIMIT": "often"},
            "PASSWORD_RESET_ACCOUNT_RATE_LIMIT is not a rate limit",
        ),
        ({"VERIFY_RESEND_RATE_LIMIT": "3/hr/x"}, "VERIFY_RESEND_RATE_LIMIT is not a rate limit"),
        ({"PUBLIC_BASE_URL": "localhost:5000"}, "PUBLIC_BASE_URL must be an absolute"),
    ],
)
def test_cross_field_and_range_checks_refuse_to_start(
    overrides: dict[str, object], fragment: str
) -> None:
    values = load_config("testing")
    values.update(overrides)
    with pytest.raises(ConfigError, match=fragment):
        load_config(values)


def test_the_app_refuses_a_bad_mapping_too() -> None:
    from peermatch import create_app

    values = load_config("testing")
    values["SESSION_IDLE_MINUTES"] = 0
    with pytest.raises(ConfigError, match="SESSION_IDLE_MINUTES"):
        create_app(values)


def test_production_refuses_to_start_without_encryption_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _production_env(monkeypatch, PEERMATCH_ENCRYPTION_KEYS="")
    with pytest.raises(ConfigError, match="PEERMATCH_ENCRYPTION_KEYS is not set"):
        load_config("production")


def test_production_refuses_a_key_that_is_not_a_fernet_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _production_env(monkeypatch, PEERMATCH_ENCRYPTION_KEYS=f"{KEY},not-a-key")
    with pytest.raises(ConfigError) as info:
        load_config("production")
    assert info.value.problems == [
        "encryption key #2 is not a Fernet key (32 url-safe base64 bytes; make one with "
        "`flask --app wsgi keys generate`)."
    ]
    assert "not-a-key" not in str(info.value)  # keys never appear in messages


def test_production_takes_several_keys_newest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from peermatch.security import encrypted

    newer = encrypted.generate_key()
    _production_env(monkeypatch, PEERMATCH_ENCRYPTION_KEYS=f" {newer} , {KEY} ")
    values = load_config("production")
    assert encrypted.parse_keys(values["ENCRYPTION_KEYS"]) == [newer, KEY]


def test_production_hashes_passwords_at_rfc_9106_cost_and_refuses_the_test_profile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from config import ProductionConfig, config_problems

    _production_env(monkeypatch)
    assert load_config("production")["PASSWORD_HASHING"] == "rfc9106"
    values = {key: getattr(ProductionConfig, key) for key in dir(ProductionConfig) if key.isupper()}
    values.update(load_config("production"), PASSWORD_HASHING="test-only")
    assert any("PASSWORD_HASHING" in p for p in config_problems(values, production=True))
    values["PASSWORD_HASHING"] = "md5"
    assert any("PASSWORD_HASHING" in p for p in config_problems(values, production=False))


def test_a_cheaply_made_hash_is_rehashed_at_full_cost_and_still_verifies() -> None:
    from peermatch.auth import passwords

    cheap = passwords.hash_password("een-lang-wachtwoord")  # the suite's profile
    try:
        passwords.configure("rfc9106")
        assert passwords.current_parameters() == (3, 65536, 4)
        assert passwords.verify_password(cheap, "een-lang-wachtwoord")
        assert passwords.needs_rehash(cheap)
        full = passwords.hash_password("een-lang-wachtwoord")
        assert not passwords.needs_rehash(full)
        assert "m=65536,t=3,p=4" in full
    finally:
        passwords.configure(TestingConfig.PASSWORD_HASHING)
