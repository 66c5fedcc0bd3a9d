"""In-app notifications: a translation key plus parameters, rendered in the reader's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from peermatch.models import Notification


def notify(
    session: Session,
    user_id: int,
    kind: str,
    *,
    now: dt.datetime,
    params: dict[str, Any] | None = None,
    link: str | None = None,
) -> Notification:
    note = Notification(user_id=user_id, kind=kind, params=params or {}, link=link, created_at=now)
    session.add(note)
    session.flush()
    return note


def unread(session: Session, user_id: int, limit: int = 20) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(session: Session, user_id: int) -> int:
    """One COUNT for the header badge on every page, instead of loading the notices themselves."""
    count = session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    return int(count or 0)


def mark_read(session: Session, user_id: int, *, now: dt.datetime) -> None:
    session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=now)
    )


def recent(session: Session, user_id: int, limit: int = 30) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )
