"""What every administration use case shares: who may act, and the audit record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from peermatch.models import User
from peermatch.models.enums import Role
from peermatch.services import audit
from peermatch.services.errors import Forbidden


def ensure_admin(actor: User | None) -> None:
    """``None`` is the CLI: whoever runs it already holds the server."""
    if actor is not None and not actor.has_role(Role.ADMIN):
        raise Forbidden("admin.error.admins_only")


def record(
    session: Session,
    action: str,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
    subject_type: str,
    subject_id: int,
    **details: Any,
) -> None:
    audit.record(
        session,
        action,
        actor_id=actor.id if actor is not None else None,
        origin=origin,
        subject_type=subject_type,
        subject_id=subject_id,
        details=details or None,
        at=now,
    )
