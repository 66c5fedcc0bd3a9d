""" "My sessions" finds a person's sessions through indexes, never by reading every booking.

Its statements once joined "the person takes part" and "their team asked" with one ``OR``
across the join: no index serves that, so both databases read every booking (and, for the
team part, every request) on each call, a cost that grew with every session ever held.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from peermatch.services.bookings import queries

#: Tables that grow with all sessions and requests ever made.
GROWING = ("bookings", "contact_requests", "match_proposals", "booking_participants")


def _full_reads_postgres(db_session: Session, sql: str) -> set[str]:
    """Growing tables a plan reads whole: a sequential scan, or an index scan without a
    condition (PostgreSQL's answer when sequential scans are switched off)."""
    # Tiny test tables make a sequential scan the cheapest plan anyway: forbid it, so only a
    # read that no index can narrow stays a full read.
    db_session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = db_session.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar_one()
    found: set[str] = set()

    def walk(node: dict[str, Any]) -> None:
        table = node.get("Relation Name")
        if table in GROWING and not (node.get("Index Cond") or node.get("Recheck Cond")):
            found.add(table)
        for child in node.get("Plans", ()):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def _full_reads_sqlite(db_session: Session, sql: str) -> set[str]:
    """SQLite says "SCAN bookings" (also "... USING COVERING INDEX", a walk over the whole
    index) where a lookup says "SEARCH bookings"."""
    details = [row[-1] for row in db_session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
    return {t for t in GROWING for d in details if re.match(rf"SCAN {t}\b", d)}


def test_whether_a_person_has_sessions_is_found_through_indexes(db_session: Session) -> None:
    """Every "my sessions" call asks this first, also for everyone without sessions."""
    bind = db_session.get_bind()
    sql = _sql(db_session, queries._HAS_SESSIONS)
    if bind.dialect.name == "postgresql":
        assert not _full_reads_postgres(db_session, sql)
    else:
        assert not _full_reads_sqlite(db_session, sql)


def test_the_session_list_is_found_through_indexes(db_session: Session) -> None:
    """The list runs the same walks as a union. Only SQLite's plan says something here: at
    test sizes PostgreSQL rightly hashes the few rows of every table the list joins."""
    sql = _sql(db_session, queries._SESSIONS_OF_PERSON)
    if db_session.get_bind().dialect.name == "postgresql":
        assert "UNION" in sql  # the walks stay apart, for the planner to use at scale
    else:
        assert not _full_reads_sqlite(db_session, sql)


def _sql(db_session: Session, statement: Any) -> str:
    compiled = statement.params(user_id=1).compile(
        db_session.get_bind(), compile_kwargs={"literal_binds": True}
    )
    return str(compiled)
