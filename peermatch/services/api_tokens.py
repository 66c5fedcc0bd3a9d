"""Personal access tokens for /api/v1: created and revoked by their owner, stored hashed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.auth.tokens import hash_secret, new_secret
from peermatch.models import ApiToken, User
from peermatch.services import audit
from peermatch.services.errors import Conflict, InvalidInput, NotFound

TOKEN_PREFIX = "pm_"  # noqa: S105 - a marker, not a secret
#: Characters of the secret kept in clear so people can tell their tokens apart.
SHOWN_PREFIX_LENGTH = 10
MAX_NAME_LENGTH = 80
MAX_ACTIVE_TOKENS = 20


@dataclass(frozen=True, slots=True)
class NewToken:
    """The stored token plus its secret; the secret exists only here, shown once."""

    token: ApiToken
    secret: str


def create_token(
    session: Session, user: User, name: str, *, now: dt.datetime, origin: audit.Origin
) -> NewToken:
    name = name.strip()
    if not name:
        raise InvalidInput("token.error.name_required")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput("token.error.name_too_long", max=MAX_NAME_LENGTH)
    active = session.scalar(
        select(func.count())
        .select_from(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    )
    if (active or 0) >= MAX_ACTIVE_TOKENS:
        raise Conflict("token.error.too_many", max=MAX_ACTIVE_TOKENS)
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        token_hash=hash_secret(secret),
        created_at=now,
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        "api_token.created",
        actor_id=user.id,
        origin=origin,
        subject_type="api_token",
        subject_id=token.id,
        details={"name": name, "prefix": token.prefix},
    )
    return NewToken(token=token, secret=secret)


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(
    session: Session, user: User, token_id: int, *, now: dt.datetime, origin: audit.Origin
) -> ApiToken:
    """Someone else's token answers 404 like a missing one: its existence is not revealed."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound("token.error.not_found")
    token.revoked_at = now
    session.flush()
    audit.record(
        session,
        "api_token.revoked",
        actor_id=user.id,
        origin=origin,
        subject_type="api_token",
        subject_id=token.id,
        details={"name": token.name, "prefix": token.prefix},
    )
    return token
