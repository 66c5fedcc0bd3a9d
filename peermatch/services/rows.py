"""Plain rows for the statements that stream thousands of them (matching, free slots).

``Session.execute`` sends even a select of plain columns through the ORM's loading
machinery, which costs a few microseconds per row on top of the driver: with a thousand
peer experts and their entries, rules and bookings, that was a sizeable share of the
youth's candidates call. The session's own connection (same transaction, same
autoflush) runs the same statement as Core, whose rows hold the same values.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.orm import Session

#: rows fetched at a time: also taken a batch at a time from the result, not row by row
#: (a result's per-row fetch costs about as much as the ORM work saved)
BATCH_ROWS = 10_000


def plain_rows(session: Session, statement: Executable) -> Iterator[Any]:
    """``session.execute(statement)`` without the ORM's per-row work: only for statements
    that select columns, never entities. Pending changes are flushed first, as
    ``Session.execute`` would (autoflush), so the rows see them. Rows are fetched in
    batches (a ``yield_per`` execution option streams them on PostgreSQL as before)."""
    if session.autoflush:
        session.flush()
    result = session.connection().execute(statement)
    return chain.from_iterable(result.partitions(BATCH_ROWS))
