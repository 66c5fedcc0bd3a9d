from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage
from peermatch.services import notifications, outbox
from tests.factories import make_user

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def test_dedupe_key_makes_enqueue_idempotent(db_session: Session) -> None:
    for _ in range(2):
        outbox.enqueue_email(
            db_session,
            kind="reminder",
            to_email="a@example.org",
            subject="s",
            body_text="b",
            now=NOW,
            dedupe_key="reminder:1:1",
        )
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_notifications_are_listed_newest_first_until_read(db_session: Session) -> None:
    user = make_user(db_session)
    notifications.notify(db_session, user.id, "first", now=NOW)
    notifications.notify(db_session, user.id, "second", now=NOW + dt.timedelta(minutes=1))
    assert [n.kind for n in notifications.unread_with_total(db_session, user.id)[0]] == [
        "second",
        "first",
    ]
    notifications.mark_read(db_session, user.id, now=NOW)
    assert notifications.unread_with_total(db_session, user.id)[0] == []
