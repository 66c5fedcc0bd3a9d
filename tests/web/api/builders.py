"""Helpers for API tests: a user with a bearer token, and headers that carry it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.models import User
from peermatch.services.api_tokens import create_token
from peermatch.services.audit import SYSTEM


def token_for(session: Session, user: User, name: str = "test") -> str:
    return create_token(
        session, user, name, now=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), origin=SYSTEM
    ).secret


def bearer(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}
