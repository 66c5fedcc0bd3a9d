"""Configuration classes; pick one with ``create_app("development" | "testing" | "production")``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


class ConfigError(RuntimeError):
    """Raised when a configuration cannot run safely (e.g. production without secrets)."""


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
    PRIVACY_STATEMENT_VERSION = "2026-11"
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
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    MATCHING_WEIGHTS: dict[str, float] = {}

    @classmethod
    def validate(cls) -> None:
        """Hook for configurations that must refuse to start."""


class DevelopmentConfig(Config):
    DEBUG = False
    MAIL_BACKEND = "file"


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105
    DATABASE_URL = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    MAIL_BACKEND = "smtp"
    PUBLIC_BASE_URL = "http://localhost"


class ProductionConfig(Config):
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

    @classmethod
    def validate(cls) -> None:
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise ConfigError(
                "PeerMatch refuses to start in production without "
                + " and ".join(missing)
                + " set in the environment. Set them (e.g. DATABASE_URL="
                "postgresql+psycopg://user@host/db and a long random SECRET_KEY) and try again."
            )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(name_or_object: str | type[Config] | dict[str, Any] | None) -> dict[str, Any]:
    """Resolve a config name, class or mapping into a plain dict, validating it first."""
    if name_or_object is None:
        name_or_object = os.environ.get("PEERMATCH_CONFIG", "development")
    if isinstance(name_or_object, dict):
        return dict(name_or_object)
    cls = CONFIGS[name_or_object] if isinstance(name_or_object, str) else name_or_object
    cls.validate()
    values = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
    if cls is ProductionConfig:
        # Read the environment at start-up, not at import, so a late export still counts.
        values["SECRET_KEY"] = os.environ["SECRET_KEY"]
        values["DATABASE_URL"] = os.environ["DATABASE_URL"]
    elif os.environ.get("DATABASE_URL") and cls is DevelopmentConfig:
        values["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return values
