"""In-app notifications: a translation key plus parameters, rendered in the reader's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from peermatch.db import lock_for_write
from peermatch.models import Notification
from peermatch.services.errors import NotFound


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


# Built once (the header badge runs one on every page): building a statement cost more CPU
# than running its cached SQL.
_UNREAD = Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None)
_UNREAD_WITH_TOTAL = (
    select(Notification, func.count().over())
    .where(*_UNREAD)
    .order_by(Notification.created_at.desc(), Notification.id.desc())
    .limit(bindparam("limit"))
)
_UNREAD_COUNT = select(func.count()).select_from(Notification).where(*_UNREAD)


def unread_with_total(
    session: Session, user_id: int, limit: int = 20
) -> tuple[list[Notification], int]:
    """The newest unread notices and how many are unread in all, in one statement (the
    dashboard shows both: its list and the header badge)."""
    rows = session.execute(_UNREAD_WITH_TOTAL, {"user_id": user_id, "limit": limit}).all()
    return [row[0] for row in rows], int(rows[0][1]) if rows else 0


def unread_count(session: Session, user_id: int) -> int:
    """One COUNT for the header badge on every page, instead of loading the notices themselves."""
    return int(session.scalar(_UNREAD_COUNT, {"user_id": user_id}) or 0)


def mark_read(session: Session, user_id: int, *, now: dt.datetime) -> None:
    """Everything read at once ("mark all as read"), one statement."""
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


def open_inbox(
    session: Session, user_id: int, *, now: dt.datetime, limit: int = 30
) -> tuple[list[Notification], set[int]]:
    """The notifications page: the latest notices, and which of them were new. Opening the
    page is reading them, so they are marked read here (the header badge then reads zero).
    A GET that writes takes the write lock first, like every writing request."""
    lock_for_write(session)
    items = recent(session, user_id, limit=limit)
    new = {n.id for n in items if n.read_at is None}
    mark_read(session, user_id, now=now)
    return items, new


def open_one(session: Session, user_id: int, note_id: int, *, now: dt.datetime) -> Notification:
    """Following a notice to the page where the person acts reads it; someone else's
    notice is a 404, like any stranger's object."""
    lock_for_write(session)
    note = session.get(Notification, note_id)
    if note is None or note.user_id != user_id:
        raise NotFound("notification.error.not_found")
    if note.read_at is None:
        note.read_at = now
        session.flush()
    return note
