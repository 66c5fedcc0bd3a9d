"""Plain rows for the statements that stream thousands of them (matching, free slots).

``Session.execute`` sends even a select of plain columns through the ORM's loading
machinery, which costs a few microseconds per row on top of the driver: with a thousand
peer experts and their entries, rules and bookings, that was a sizeable share of the
youth's candidates call. The session's own connection (same transaction, same
autoflush) runs the same statement as Core, whose rows hold the same values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Executable, Result
from sqlalchemy.orm import Session


def plain_rows(session: Session, statement: Executable) -> Result[Any]:
    """``session.execute(statement)`` without the ORM's per-row work: only for statements
    that select columns, never entities. Pending changes are flushed first, as
    ``Session.execute`` would (autoflush), so the rows see them."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement)
