"""THE erasure promise: after a youth deletes their account, the grace period passes and
``retention apply`` runs, not one text, varchar or JSON column of any table still holds
their own words, name or address, while their organisation's counts stay the same."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    Time,
    column,
    inspect,
    select,
    table,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from peermatch.models import Booking, User
from peermatch.models.enums import BookingStatus
from tests.factories import PASSWORD, login
from tests.integration.privacy.builders import (
    DELETED_AT,
    NEEDLES,
    after,
    organisation_counts,
    youth_with_history,
)
from tests.outbox import render_queued

NOT_TEXT = (Integer, Float, Numeric, DateTime, Date, Time, Boolean)


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return json.dumps(value, ensure_ascii=False, default=str)


def scan(connection: Connection, needles: tuple[str, ...]) -> tuple[list[str], int]:
    """Every column that can hold text, of every table the database has (not only the
    models'), read raw; returns the hits and how many columns were read."""
    inspector = inspect(connection)
    hits: list[str] = []
    scanned = 0
    wanted = [n.casefold() for n in needles]
    for name in inspector.get_table_names():
        for info in inspector.get_columns(name):
            if isinstance(info["type"], NOT_TEXT):
                continue
            scanned += 1
            rows = connection.execute(select(column(info["name"])).select_from(table(name)))
            for (value,) in rows:
                if value is None:
                    continue
                text = _as_text(value).casefold()
                hits += [f"{name}.{info['name']}: {n}" for n in wanted if n in text]
    return hits, scanned


def test_after_the_grace_period_no_column_holds_the_youths_words_name_or_email(
    app: Flask, client: FlaskClient, db_session: Session, connection: Connection
) -> None:
    youth = youth_with_history(db_session)
    org_id = youth.w.org.id
    counts = organisation_counts(db_session, org_id)
    assert counts == (1, 1, 2)
    hits, _ = scan(connection, NEEDLES)
    assert len(hits) >= 8, hits  # the needles are really there to begin with

    clock = app.extensions["peermatch_clock"]
    clock.set(DELETED_AT)
    login(client, youth.w.youth)
    response = client.post("/account/privacy/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Booking, youth.upcoming.id).status is BookingStatus.CANCELLED  # type: ignore[union-attr]

    # The emails go out (rendered as the sender does), then the grace period ends.
    render_queued(app, db_session)
    clock.set(after(6))
    early = app.test_cli_runner().invoke(args=["retention", "apply"])
    assert "erasures_finalised: 0" in early.output, early.output
    clock.set(after(8))
    result = app.test_cli_runner().invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert "erasures_finalised: 1" in result.output

    db_session.expire_all()
    hits, scanned = scan(connection, NEEDLES)
    assert hits == []
    assert scanned > 80  # every text column of every table was read
    assert organisation_counts(db_session, org_id) == counts
    erased = db_session.get(User, youth.w.youth.id)
    assert erased is not None and erased.erased_at is not None and not erased.is_active

    again = app.test_cli_runner().invoke(args=["retention", "apply"])
    assert "erasures_finalised: 0" in again.output  # idempotent
