"""Sensitive texts are unreadable in the database itself (raw SQL, a dump), readable through
the models, converted by the migration both ways, and survive a key rotation."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

from config import TestingConfig
from peermatch import migrate
from peermatch.db import make_engine
from peermatch.models import Booking, ContactRequest, Feedback, PeerExpertProfile, ProfileDomain
from peermatch.models.enums import DomainVisibility
from peermatch.security import encrypted
from peermatch.services import bookings, feedback
from tests.dbutil import create_test_database, drop_test_database
from tests.factories.profiles import add_entry
from tests.integration.booking.builders import NOW, at, world

OWN_WORDS = "Ik slaap slecht sinds de verhuizing van mijn vader."
ROOM = "https://meet.example.org/geheime-kamer-77"
PROFILE_ROOM = "Bibliotheek Utrecht, zaal 3, 06-12345678"
ONLY_COORDINATORS = "Alleen voor de coordinator: mijn opname in 2019."
COMMENT = "Het gesprek over mijn moeder hielp echt."
NOTE = "Hij zei dingen die mij onveilig lieten voelen."
SECRETS = (OWN_WORDS, ROOM, PROFILE_ROOM, ONLY_COORDINATORS, COMMENT, NOTE)

COLUMNS = (
    ("contact_requests", "own_words"),
    ("bookings", "meeting_details"),
    ("peer_expert_profiles", "meeting_details"),
    ("profile_domains", "share_text"),
    ("feedback", "comment"),
    ("feedback", "coordinator_note"),
)
TEST_KEY = str(TestingConfig.ENCRYPTION_KEYS)


@dataclass
class Built:
    request_id: int
    booking_id: int
    profile_id: int
    entry_id: int
    feedback_ids: list[int]


def _build(session: Session) -> Built:
    """Every encrypted column gets a value, through the models (as the app writes them)."""
    w = world(session)
    w.profile.meeting_details = PROFILE_ROOM
    w.proposal.request.own_words = OWN_WORDS
    entry = add_entry(session, w.profile, text=ONLY_COORDINATORS)
    entry.visibility = DomainVisibility.COORDINATORS_ONLY
    booking = bookings.book_slot(session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    bookings.update_meeting_details(session, booking.id, w.peer, details=ROOM, now=NOW)
    bookings.complete(session, booking.id, w.youth, now=at(1, 12))
    mine = feedback.give_feedback(session, booking.id, w.youth, rating=4, comment=COMMENT, now=NOW)
    theirs = feedback.give_feedback(session, booking.id, w.peer, rating=2, comment=None, now=NOW)
    theirs.coordinator_note = NOTE
    session.flush()
    return Built(w.proposal.request_id, booking.id, w.profile.id, entry.id, [mine.id, theirs.id])


def _raw_values(conn: Connection) -> list[str]:
    values: list[str] = []
    for table, column in COLUMNS:
        rows = conn.execute(text(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"))
        values.extend(str(r[0]) for r in rows)
    return values


def _assert_readable(session: Session, built: Built) -> None:
    session.expire_all()
    request = session.get(ContactRequest, built.request_id)
    booking = session.get(Booking, built.booking_id)
    profile = session.get(PeerExpertProfile, built.profile_id)
    entry = session.get(ProfileDomain, built.entry_id)
    notes = [session.get(Feedback, i) for i in built.feedback_ids]
    assert request is not None and request.own_words == OWN_WORDS
    assert booking is not None and booking.meeting_details == ROOM
    assert profile is not None and profile.meeting_details == PROFILE_ROOM
    assert entry is not None and entry.share_text == ONLY_COORDINATORS
    assert [n.comment for n in notes if n] == [COMMENT, None]
    assert [n.coordinator_note for n in notes if n] == [None, NOTE]


def test_a_raw_sql_read_shows_no_sensitive_text_but_the_models_read_it(
    ctx: Flask, db_session: Session, connection: Connection
) -> None:
    built = _build(db_session)
    raw = _raw_values(connection)
    assert len(raw) == len(SECRETS)
    for value in raw:
        assert value.startswith(encrypted.TOKEN_PREFIX)
        assert not any(secret in value for secret in SECRETS)
    _assert_readable(db_session, built)


def test_each_encryption_of_the_same_text_differs_and_tampering_is_refused() -> None:
    first, second = encrypted.encrypt(OWN_WORDS), encrypted.encrypt(OWN_WORDS)
    assert first != second
    assert encrypted.decrypt(first) == OWN_WORDS
    tampered = first[:-6] + ("A" if first[-6] != "A" else "B") + first[-5:]
    with pytest.raises(encrypted.EncryptionKeyError):
        encrypted.decrypt(tampered)


@pytest.fixture
def restore_keys() -> Iterator[None]:
    yield
    encrypted.configure([TEST_KEY])


def test_keys_rotate_re_encrypts_everything_under_the_new_key(
    app_factory: Callable[..., Flask],
    db_session: Session,
    connection: Connection,
    restore_keys: None,
) -> None:
    built = _build(db_session)
    before = set(_raw_values(connection))
    new_key = encrypted.generate_key()
    app = app_factory(ENCRYPTION_KEYS=f"{new_key},{TEST_KEY}")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["keys", "rotate", "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert f"rotated={len(SECRETS)}" in result.output
    assert "contact_requests.own_words: values=1 rotated=1" in result.output
    after = set(_raw_values(connection))
    assert before.isdisjoint(after)
    # Idempotent: a second run finds nothing left under the old key.
    again = runner.invoke(args=["keys", "rotate"])
    assert again.exit_code == 0 and "rotated=0" in again.output
    # The old key can go: everything still reads with the new key alone.
    encrypted.configure([new_key])
    _assert_readable(db_session, built)
    # ... and nothing reads with the old key alone any more.
    encrypted.configure([TEST_KEY])
    db_session.expire_all()
    with pytest.raises(encrypted.EncryptionKeyError):
        _ = db_session.get(ContactRequest, built.request_id)


# --------------------------------------------------------------- committed data: migration, dump


@pytest.fixture
def scratch_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = create_test_database(backend, "pm_crypto", tmp_path_factory)
    migrate.upgrade(url)
    yield url
    drop_test_database(backend, url)


def _dump(url: str) -> str:
    """What a backup would hold: pg_dump for PostgreSQL, ``.dump`` for SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(str(parsed.database)) as conn:
            return "\n".join(conn.iterdump())
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:  # PostgreSQL is being tested, so its backup tool must be here too
        pytest.fail("pg_dump is missing (Debian: postgresql-client); .ci/run installs it")
    plain = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    return subprocess.run(
        [pg_dump, "--data-only", plain], check=True, capture_output=True, text=True
    ).stdout


def test_a_dump_shows_no_sensitive_text_and_the_migration_converts_both_ways(
    app: Flask, scratch_url: str
) -> None:
    engine = make_engine(scratch_url)
    try:
        # Bound to a connection, as the services' tests are (they take no SQLite write lock).
        with app.app_context(), engine.connect() as conn, Session(bind=conn) as session:
            built = _build(session)
            session.commit()
        dump = _dump(scratch_url)
        assert "geheime-kamer" not in dump
        assert not any(secret in dump for secret in SECRETS)

        migrate.downgrade(scratch_url, "crypto_encrypt_sensitive_text-1")
        with engine.connect() as conn:
            assert sorted(_raw_values(conn)) == sorted(SECRETS)
        migrate.upgrade(scratch_url)
        with engine.connect() as conn:
            raw = _raw_values(conn)
        assert len(raw) == len(SECRETS)
        assert all(v.startswith(encrypted.TOKEN_PREFIX) for v in raw)
        assert not any(secret in value for value in raw for secret in SECRETS)
        with Session(engine) as session:
            _assert_readable(session, built)
    finally:
        engine.dispose()
