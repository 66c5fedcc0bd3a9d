"""Rewriting encrypted columns in place: plaintext -> ciphertext (migration), back
(downgrade), and old key -> newest key (``flask --app wsgi keys rotate``).

Works on raw rows (the column read as plain TEXT), in batches by primary key, so a large
table never sits in memory and each batch is one short UPDATE round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from peermatch.db import session_scope
from peermatch.security import encrypted

BATCH = 500


@dataclass(frozen=True, slots=True)
class ColumnRef:
    table: str
    column: str
    #: the table's integer primary key, which batches walk along
    key: str = "id"


def encrypted_columns(metadata: sa.MetaData) -> list[ColumnRef]:
    """Every column whose type is EncryptedText, in a stable order."""
    found = [
        ColumnRef(table.name, column.name, next(iter(table.primary_key.columns)).name)
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, encrypted.EncryptedText)
    ]
    return sorted(found, key=lambda c: (c.table, c.column))


def _table(ref: ColumnRef) -> sa.TableClause:
    return sa.table(ref.table, sa.column(ref.key, sa.Integer), sa.column(ref.column, sa.Text))


def _batch_after(conn: Connection, ref: ColumnRef, last: int, batch: int) -> list[tuple[int, str]]:
    table = _table(ref)
    rows = conn.execute(
        sa.select(table.c[ref.key], table.c[ref.column])
        .where(table.c[ref.key] > last, table.c[ref.column].is_not(None))
        .order_by(table.c[ref.key])
        .limit(batch)
    ).all()
    return [(int(r[0]), str(r[1])) for r in rows]


def _apply(
    conn: Connection,
    ref: ColumnRef,
    rows: list[tuple[int, str]],
    change: Callable[[str], str | None],
) -> int:
    table = _table(ref)
    params = []
    for row_id, value in rows:
        new = change(value)
        if new is not None and new != value:
            params.append({"row_id": row_id, "new_value": new})
    if params:
        conn.execute(
            sa.update(table)
            .where(table.c[ref.key] == sa.bindparam("row_id"))
            .values({ref.column: sa.bindparam("new_value")}),
            params,
        )
    return len(params)


def rewrite(
    conn: Connection,
    ref: ColumnRef,
    change: Callable[[str], str | None],
    *,
    batch: int = BATCH,
) -> int:
    """Apply ``change`` to every non-NULL value (None: leave the row alone) inside the
    caller's transaction (a migration); returns how many rows changed."""
    changed, last = 0, 0
    while rows := _batch_after(conn, ref, last, batch):
        changed += _apply(conn, ref, rows, change)
        last = rows[-1][0]
    return changed


@dataclass(frozen=True, slots=True)
class RotationCount:
    ref: ColumnRef
    values: int
    rotated: int


def rotate(
    factory: sessionmaker[Session], refs: list[ColumnRef], *, batch: int = BATCH
) -> Iterator[RotationCount]:
    """Re-encrypt every value under the newest key, one committed transaction per batch, so
    an interrupted run keeps its progress and a second run rotates nothing (idempotent)."""
    for ref in refs:
        values, rotated, last = 0, 0, 0
        while True:
            with session_scope(factory) as session:
                conn = session.connection()
                rows = _batch_after(conn, ref, last, batch)
                if not rows:
                    break
                rotated += _apply(conn, ref, rows, rotate_value)
            values += len(rows)
            last = rows[-1][0]
        yield RotationCount(ref, values, rotated)


def _readable_token(value: str) -> bool:
    if not encrypted.looks_encrypted(value):
        return False
    try:
        encrypted.decrypt(value)
    except encrypted.EncryptionKeyError:
        return False
    return True


def encrypt_plaintext(value: str) -> str | None:
    """Migration up: encrypt what is not yet a readable token (so a re-run is harmless)."""
    return None if _readable_token(value) else encrypted.encrypt(value)


def decrypt_token(value: str) -> str | None:
    """Migration down: back to plaintext (values that are not tokens stay as they are)."""
    return encrypted.decrypt(value) if _readable_token(value) else None


def rotate_value(value: str) -> str | None:
    """Rotation: re-encrypt under the newest key unless it already is."""
    if encrypted.is_current(value):
        return None
    return encrypted.rotate_token(value)
