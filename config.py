"""Configuration classes; pick one with ``create_app("development" | "testing" | "production")``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


class ConfigError(RuntimeError):
    """Raised when a configuration cannot run safely (e.g. production without secrets)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


MIN_SECRET_KEY_LENGTH = 32


class Config:
    SECRET_KEY: str | None = "dev-only-not-secret"  # noqa: S105 - overridden in production
    DATABASE_URL: str = f"sqlite:///{INSTANCE_DIR / 'peermatch.sqlite3'}"
    SQL_ECHO = False
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")
    DEFAULT_TIME_ZONE = "Europe/Amsterdam"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_ENABLED = True
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute; 50 per hour"
    REGISTER_RATE_LIMIT = "5 per minute; 30 per hour"
    # Asking for a password-reset link (or a new verification link): per IP and per address.
    PASSWORD_RESET_RATE_LIMIT = "5 per minute; 20 per hour"  # noqa: S105 - a rate, not a secret
    PASSWORD_RESET_ACCOUNT_RATE_LIMIT = "3 per hour"  # noqa: S105 - a rate, not a secret
    # Sending the email-verification link again, per account.
    VERIFY_RESEND_RATE_LIMIT = "3 per hour"
    PRIVACY_STATEMENT_VERSION = "2026-11"
    # argon2id cost profile (peermatch.auth.passwords): "rfc9106" everywhere but the tests.
    PASSWORD_HASHING = "rfc9106"  # noqa: S105 - a profile name, not a password
    # Two-step login: required for coordinators and admins (they see many people's data).
    TWO_FACTOR_ENFORCED = True
    TWO_FACTOR_RATE_LIMIT = "5 per minute; 20 per hour"
    TWO_FACTOR_REMEMBER_DAYS = 30
    # A token's last-used time is bookkeeping: refreshed at most this often, so API reads
    # stay reads (no write, no fsync, no write lock) in between.
    API_TOKEN_TOUCH_SECONDS = 300
    # Outgoing mail: "smtp" (production), "file" (development: instance/mail/<id>-<kind>.eml),
    # "console" (prints) or "null" (drops everything).
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_FROM = "PeerMatch <no-reply@peermatch.example>"
    MAIL_DIR = str(INSTANCE_DIR / "mail")
    MAIL_TIMEOUT = 30
    OUTBOX_BATCH = 50
    OUTBOX_MAX_ATTEMPTS = 8
    # Sessions starting within this many hours get a reminder email.
    REMINDER_HOURS = 24
    # Operations: JSON log lines, who may read /metrics, job intervals (see peermatch/jobs).
    LOG_JSON = False
    METRICS_TOKEN: str | None = None
    METRICS_ALLOWED_ADDRESSES = ""
    JOB_INTERVALS: dict[str, float] | str = {}
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    MATCHING_WEIGHTS: dict[str, float] = {}
    # Proxies in front of the app whose X-Forwarded-* headers are trusted (0: none, so a
    # client cannot claim another address).
    TRUSTED_PROXY_HOPS = 0
    # Sessions end after this long without a request (staff sooner) and after this long at all.
    SESSION_IDLE_MINUTES = 120
    SESSION_IDLE_MINUTES_STAFF = 30
    SESSION_ABSOLUTE_HOURS = 12
    # Failed-or-not login attempts per account (email), whichever address they come from.
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per 15 minutes"
    # Calls per API token.
    API_RATE_LIMIT = "300 per minute"
    HSTS_ENABLED = False
    # Keys for encryption at rest (peermatch.security.encrypted): newest first. Production
    # reads PEERMATCH_ENCRYPTION_KEYS; development falls back to instance/encryption.key.
    ENCRYPTION_KEYS: str | None = None
    ENCRYPTION_DEV_KEY_FILE = False
    # How long the access log (NEN 7513) keeps who read what; the retention job deletes older.
    ACCESS_LOG_RETENTION_DAYS = 5 * 366
    # Privacy (docs/PRIVACY.md): days before `flask --app wsgi retention apply` removes or
    # pseudonymises data, and the grace period of an erasure (logging in cancels it).
    ERASURE_GRACE_DAYS = 7
    RETENTION_OWN_WORDS_DAYS = 90  # after the request closed, expired or was withdrawn
    RETENTION_CLOSED_REQUESTS_DAYS = 730  # then the request and its matches keep only counts
    RETENTION_AUDIT_DAYS = 1826  # five years
    RETENTION_SENT_OUTBOX_DAYS = 30
    RETENTION_FAILED_LOGINS_DAYS = 30

    @classmethod
    def validate(cls) -> None:
        """Hook for configurations that must refuse to start."""


#: The real session lifetimes, for tests that run with TestingConfig's long ones.
SESSION_LIFETIMES = {
    "SESSION_IDLE_MINUTES": Config.SESSION_IDLE_MINUTES,
    "SESSION_IDLE_MINUTES_STAFF": Config.SESSION_IDLE_MINUTES_STAFF,
    "SESSION_ABSOLUTE_HOURS": Config.SESSION_ABSOLUTE_HOURS,
}


#: Every privacy period (days), validated as positive numbers like the other periods.
RETENTION_KEYS = (
    "ERASURE_GRACE_DAYS",
    "RETENTION_OWN_WORDS_DAYS",
    "RETENTION_CLOSED_REQUESTS_DAYS",
    "RETENTION_AUDIT_DAYS",
    "RETENTION_SENT_OUTBOX_DAYS",
    "RETENTION_FAILED_LOGINS_DAYS",
)


class DevelopmentConfig(Config):
    DEBUG = False
    MAIL_BACKEND = "file"
    ENCRYPTION_DEV_KEY_FILE = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105
    # A fixed, public key: tests only (never valid anywhere else).
    ENCRYPTION_KEYS = "Ia_REgIHFxf4FGW6NRp8oHfS4OElDhABFT-5poB2wbo="
    DATABASE_URL = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    MAIL_BACKEND = "smtp"
    PUBLIC_BASE_URL = "http://localhost"
    # Many tests move the app clock by weeks while signed in; session expiry is proved by
    # tests that ask for the production lifetimes (``SESSION_LIFETIMES`` below).
    SESSION_IDLE_MINUTES = 60 * 24 * 3650
    SESSION_IDLE_MINUTES_STAFF = 60 * 24 * 3650
    SESSION_ABSOLUTE_HOURS = 24 * 3650
    # Most tests sign staff in without a second factor; tests/web/two_factor turn it on.
    TWO_FACTOR_ENFORCED = False
    # Thousands of factory accounts and logins: a cheap argon2id profile, refused in production.
    PASSWORD_HASHING = "test-only"  # noqa: S105 - a profile name, not a password


class ProductionConfig(Config):
    HSTS_ENABLED = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    SECRET_KEY = os.environ.get("SECRET_KEY")
    DATABASE_URL = os.environ.get("DATABASE_URL", "")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", Config.MAIL_FROM)
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    TRUSTED_PROXY_HOPS = os.environ.get("TRUSTED_PROXY_HOPS", "0")  # type: ignore[assignment]
    LOG_JSON = os.environ.get("LOG_JSON", "") == "1"
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    METRICS_ALLOWED_ADDRESSES = os.environ.get("METRICS_ALLOWED_ADDRESSES", "")
    JOB_INTERVALS = os.environ.get("JOB_INTERVALS", "")
    ENCRYPTION_KEYS = os.environ.get("PEERMATCH_ENCRYPTION_KEYS")
    # Calls per API token per minute (e.g. "600 per minute" for a busy integration).
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", Config.API_RATE_LIMIT)
    ERASURE_GRACE_DAYS = int(os.environ.get("ERASURE_GRACE_DAYS", Config.ERASURE_GRACE_DAYS))
    RETENTION_OWN_WORDS_DAYS = int(
        os.environ.get("RETENTION_OWN_WORDS_DAYS", Config.RETENTION_OWN_WORDS_DAYS)
    )
    RETENTION_CLOSED_REQUESTS_DAYS = int(
        os.environ.get("RETENTION_CLOSED_REQUESTS_DAYS", Config.RETENTION_CLOSED_REQUESTS_DAYS)
    )
    RETENTION_AUDIT_DAYS = int(os.environ.get("RETENTION_AUDIT_DAYS", Config.RETENTION_AUDIT_DAYS))
    RETENTION_SENT_OUTBOX_DAYS = int(
        os.environ.get("RETENTION_SENT_OUTBOX_DAYS", Config.RETENTION_SENT_OUTBOX_DAYS)
    )
    RETENTION_FAILED_LOGINS_DAYS = int(
        os.environ.get("RETENTION_FAILED_LOGINS_DAYS", Config.RETENTION_FAILED_LOGINS_DAYS)
    )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def _positive_number(values: Mapping[str, Any], key: str, problems: list[str]) -> float | None:
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        problems.append(f"{key} must be a number greater than 0 (got {value!r}).")
        return None
    return float(value)


def _check_rate_limit(values: Mapping[str, Any], key: str, problems: list[str]) -> None:
    from limits import parse_many

    try:
        parse_many(str(values.get(key, "")))
    except ValueError:
        problems.append(
            f"{key} is not a rate limit such as '10 per minute' (got {values.get(key)!r})."
        )


def config_problems(values: Mapping[str, Any], *, production: bool) -> list[str]:
    """Every reason this configuration cannot run, so an operator fixes them in one go."""
    problems: list[str] = []
    hops = values.get("TRUSTED_PROXY_HOPS", 0)
    if isinstance(hops, str) and hops.strip().isdigit():
        hops = int(hops)
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        problems.append(f"TRUSTED_PROXY_HOPS must be a whole number of 0 or more (got {hops!r}).")
    idle = _positive_number(values, "SESSION_IDLE_MINUTES", problems)
    idle_staff = _positive_number(values, "SESSION_IDLE_MINUTES_STAFF", problems)
    absolute = _positive_number(values, "SESSION_ABSOLUTE_HOURS", problems)
    for key in ("MAIL_TIMEOUT", "REMINDER_HOURS", "OUTBOX_BATCH", "OUTBOX_MAX_ATTEMPTS"):
        _positive_number(values, key, problems)
    for key in RETENTION_KEYS:
        _positive_number(values, key, problems)
    if idle is not None and idle_staff is not None and idle_staff > idle:
        problems.append(
            "SESSION_IDLE_MINUTES_STAFF must not be longer than SESSION_IDLE_MINUTES "
            "(staff see more people's data, so they time out sooner)."
        )
    if idle is not None and absolute is not None and idle > absolute * 60:
        problems.append("SESSION_IDLE_MINUTES must not be longer than SESSION_ABSOLUTE_HOURS.")
    for key in (
        "LOGIN_RATE_LIMIT",
        "REGISTER_RATE_LIMIT",
        "PASSWORD_RESET_RATE_LIMIT",
        "PASSWORD_RESET_ACCOUNT_RATE_LIMIT",
        "VERIFY_RESEND_RATE_LIMIT",
        "LOGIN_ACCOUNT_RATE_LIMIT",
        "API_RATE_LIMIT",
    ):
        _check_rate_limit(values, key, problems)
    if values.get("MAIL_USE_TLS") and values.get("MAIL_USE_SSL"):
        problems.append("MAIL_USE_TLS and MAIL_USE_SSL exclude each other: choose one.")
    base = str(values.get("PUBLIC_BASE_URL") or "")
    parts = urlsplit(base)
    hashing = values.get("PASSWORD_HASHING", "rfc9106")
    if hashing not in {"rfc9106", "test-only"}:
        problems.append(f"PASSWORD_HASHING must be 'rfc9106' (got {hashing!r}).")
    if production:
        if hashing != "rfc9106":
            problems.append(
                "PASSWORD_HASHING must be 'rfc9106' in production (the cheap profile is for "
                "the test suite only)."
            )
        if not values.get("SECRET_KEY"):
            problems.append("SECRET_KEY is not set.")
        elif len(str(values["SECRET_KEY"])) < MIN_SECRET_KEY_LENGTH:
            problems.append(
                f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters "
                "(a long random value)."
            )
        if not values.get("DATABASE_URL"):
            problems.append("DATABASE_URL is not set.")
        if parts.scheme != "https" or not parts.netloc:
            problems.append(
                "PUBLIC_BASE_URL must be the absolute https address people use, e.g. "
                f"https://peermatch.example.nl (got {base!r})."
            )
        if not values.get("SESSION_COOKIE_SECURE"):
            problems.append("SESSION_COOKIE_SECURE must be on in production.")
        if not str(values.get("ENCRYPTION_KEYS") or "").strip():
            problems.append(
                "PEERMATCH_ENCRYPTION_KEYS is not set (comma-separated Fernet keys, newest "
                "first; make one with `flask --app wsgi keys generate`)."
            )
    elif parts.scheme not in {"http", "https"} or not parts.netloc:
        problems.append(f"PUBLIC_BASE_URL must be an absolute http(s) URL (got {base!r}).")
    if values.get("ENCRYPTION_KEYS"):
        from peermatch.security.encrypted import key_problems, parse_keys

        problems.extend(key_problems(parse_keys(values["ENCRYPTION_KEYS"])))
    return problems


def validate_values(values: dict[str, Any], *, production: bool) -> dict[str, Any]:
    """Check once, at start: raise one ConfigError that lists every problem."""
    problems = config_problems(values, production=production)
    if problems:
        raise ConfigError(
            "PeerMatch refuses to start; fix the configuration (environment) first:\n- "
            + "\n- ".join(problems),
            problems,
        )
    if isinstance(values.get("TRUSTED_PROXY_HOPS"), str):
        values["TRUSTED_PROXY_HOPS"] = int(values["TRUSTED_PROXY_HOPS"])
    return values


def load_config(name_or_object: str | type[Config] | dict[str, Any] | None) -> dict[str, Any]:
    """Resolve a config name, class or mapping into a plain dict, validating it first."""
    if name_or_object is None:
        name_or_object = os.environ.get("PEERMATCH_CONFIG", "development")
    if isinstance(name_or_object, dict):
        values = {key: getattr(Config, key) for key in dir(Config) if key.isupper()}
        values.update(name_or_object)
        return validate_values(values, production=False)
    cls = CONFIGS[name_or_object] if isinstance(name_or_object, str) else name_or_object
    cls.validate()
    values = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
    production = issubclass(cls, ProductionConfig)
    if production:
        # Read the environment at start-up, not at import, so a late export still counts.
        for key in (
            "SECRET_KEY",
            "DATABASE_URL",
            "PUBLIC_BASE_URL",
            "TRUSTED_PROXY_HOPS",
            "API_RATE_LIMIT",
        ):
            if key in os.environ:
                values[key] = os.environ[key]
        if "PEERMATCH_ENCRYPTION_KEYS" in os.environ:
            values["ENCRYPTION_KEYS"] = os.environ["PEERMATCH_ENCRYPTION_KEYS"]
    elif os.environ.get("DATABASE_URL") and cls is DevelopmentConfig:
        values["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return validate_values(values, production=production)
