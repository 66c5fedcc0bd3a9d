"""Engine and session plumbing shared by the web app, the CLI and the tests.

One SQLAlchemy ``Session`` per request (or CLI command), kept on ``flask.g``. Services
only flush; the request commits once at the end (see ``peermatch.edge.transactions``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Execution option that makes the next SQLite transaction ``BEGIN IMMEDIATE`` (a write lock).
SQLITE_BEGIN_IMMEDIATE = "peermatch_sqlite_begin_immediate"


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no time zones, so values come back naive; this type refuses naive input
    and re-attaches UTC on the way out, so code never sees a naive datetime.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; PeerMatch stores aware UTC datetimes only")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
        list[int]: JSON(),
    }


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys, WAL, busy timeout, and real transaction control on SQLite.

    The sqlite3 driver delays BEGIN on its own, which makes "check then insert" racy; we
    take over transaction handling (SQLAlchemy's documented recipe) and emit BEGIN, or
    BEGIN IMMEDIATE when a service asks for a write lock.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(SQLITE_BEGIN_IMMEDIATE):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


#: Pool and PostgreSQL settings read from the environment (production, see deploy/).
POOL_ENV = {
    "PEERMATCH_DB_POOL_SIZE": "pool_size",
    "PEERMATCH_DB_MAX_OVERFLOW": "max_overflow",
    "PEERMATCH_DB_POOL_TIMEOUT": "pool_timeout",
    "PEERMATCH_DB_POOL_RECYCLE": "pool_recycle",
}
STATEMENT_TIMEOUT_ENV = "PEERMATCH_DB_STATEMENT_TIMEOUT_MS"
#: "1" pings every connection as it leaves the pool (one more round trip per request).
PRE_PING_ENV = "PEERMATCH_DB_PRE_PING"
#: Without a pre-ping, connections are replaced after this many seconds, so a server-side
#: idle timeout or a failover is met by a fresh connection rather than a dead one.
DEFAULT_POOL_RECYCLE = 1800


def server_settings_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """Engine arguments for a server database: pool sizes from the environment, and a
    statement timeout so one runaway query cannot hold a worker and its locks forever.
    A value that is not a whole number >= 0 stops the start with a clear message.

    No pre-ping by default: it costs a round trip on every request (a third of a small API
    call's database time). A connection the server dropped fails one request, after which
    SQLAlchemy throws the pool's older connections away; ``pool_recycle`` keeps connections
    younger than any server or proxy idle timeout. ``PEERMATCH_DB_PRE_PING=1`` turns the
    ping back on where connections are cut often (e.g. behind a proxy that kills idle ones).
    """
    kwargs: dict[str, Any] = {
        "pool_pre_ping": env.get(PRE_PING_ENV, "") == "1",
        "pool_recycle": DEFAULT_POOL_RECYCLE,
    }
    if env.get(PRE_PING_ENV, "") not in ("", "0", "1"):
        raise ValueError(f"{PRE_PING_ENV} must be 0 or 1, not {env[PRE_PING_ENV]!r}")
    for name, argument in POOL_ENV.items():
        if env.get(name):
            kwargs[argument] = _whole_number(env, name)
    if env.get(STATEMENT_TIMEOUT_ENV):
        timeout = _whole_number(env, STATEMENT_TIMEOUT_ENV)
        kwargs["connect_args"] = {"options": f"-c statement_timeout={timeout}"}
    return kwargs


def _whole_number(env: Mapping[str, str], name: str) -> int:
    try:
        value = int(env[name])
    except ValueError:
        value = -1
    if value < 0:
        raise ValueError(f"{name} must be a whole number >= 0, not {env[name]!r}")
    return value


def make_engine(url: str, *, echo: bool = False) -> Engine:
    # hide_parameters: a logged database error must not carry own words or password hashes.
    kwargs: dict[str, Any] = {"echo": echo, "future": True, "hide_parameters": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 15}
        if make_url(url).database not in (None, "", ":memory:"):
            # SQLite's write lock, not the pool, is what orders writers: a request must wait
            # for the lock (busy timeout), never fail for want of a pooled connection when
            # many arrive at once on a busy machine. Extra connections close when returned.
            kwargs["max_overflow"] = -1
    else:
        kwargs.update(server_settings_from_env(os.environ))
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def make_sessionmaker(bind: Engine | Connection, **kwargs: Any) -> sessionmaker[Session]:
    return sessionmaker(bind=bind, expire_on_commit=False, **kwargs)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work for CLI commands and scripts: commit on success, roll back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def lock_for_write(session: Session) -> None:
    """Make this unit of work hold the database write lock on SQLite, from its start.

    Writing requests call this before anything is read (``peermatch.edge.transactions``),
    CLI jobs and services before their "check, then insert". SQLite cannot turn a
    transaction that has already read into a locked one (in WAL mode a stale read snapshot
    even makes the later write fail outright), so an open transaction that has only read is
    rolled back and restarted with ``BEGIN IMMEDIATE``. One that already holds the lock is
    left alone. One that has already written without the lock is a bug: committing it here
    would save half a unit of work, so this refuses instead. PostgreSQL needs none of this
    (its constraints and row locks do the work), so it is a no-op there.
    """
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if isinstance(bind, Connection):
        return  # joined to an outer transaction (tests): the caller owns locking
    if session.in_transaction():
        if session.info.get(_WRITE_LOCKED):
            return
        if session.new or session.dirty or session.deleted or session.info.get(_WROTE):
            raise RuntimeError(
                "lock_for_write after this unit of work already wrote: take the lock first"
            )
        session.rollback()
    session.connection(execution_options={SQLITE_BEGIN_IMMEDIATE: True})
    session.info[_WRITE_LOCKED] = True


_WRITE_LOCKED = "peermatch_write_locked"
_WROTE = "peermatch_wrote"


@event.listens_for(Session, "after_flush")
def _note_write(session: Session, _flush_context: Any) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_lock(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_WRITE_LOCKED, None)
        session.info.pop(_WROTE, None)
