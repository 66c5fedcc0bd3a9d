"""Two senders at once against a real committed database: each message goes out once."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from peermatch.db import make_engine, make_sessionmaker
from peermatch.models import OutboxMessage
from peermatch.models.enums import OutboxStatus
from peermatch.notifications.delivery import DeliveryReport, deliver_pending
from peermatch.services.outbox import enqueue_email
from tests.dbutil import create_test_database, drop_test_database
from tests.smtp import SmtpServer

pytestmark = pytest.mark.slow

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
MESSAGES = 60


@pytest.fixture
def race_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from peermatch import migrate

    url = create_test_database(backend, "outbox_race", tmp_path_factory)
    migrate.upgrade(url)
    yield url
    drop_test_database(backend, url)


@pytest.fixture
def engines(race_url: str) -> Iterator[list[Engine]]:
    made = [make_engine(race_url) for _ in range(3)]
    yield made
    for engine in made:
        engine.dispose()


def test_two_concurrent_senders_deliver_every_message_exactly_once(
    engines: list[Engine], smtp_server: SmtpServer
) -> None:
    setup, *senders = engines
    with Session(setup) as session:
        for i in range(MESSAGES):
            enqueue_email(
                session,
                kind="attention",
                to_email=f"person{i}@example.org",
                subject=f"Bericht {i}",
                body_text="Hoi",
                now=NOW,
            )
        session.commit()

    start = threading.Barrier(len(senders))
    reports: list[DeliveryReport] = []
    errors: list[BaseException] = []

    def run(engine: Engine) -> None:
        factory = make_sessionmaker(engine)
        total = DeliveryReport()
        try:
            start.wait(timeout=10)
            while True:
                # Small batches make the two senders interleave many times.
                report = deliver_pending(factory, now=NOW, backend=smtp_server.backend(), batch=4)
                total += report
                if report.handled == 0:
                    break
        except BaseException as exc:
            errors.append(exc)
        reports.append(total)

    threads = [threading.Thread(target=run, args=(engine,)) for engine in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []

    subjects = Counter(str(r.message["Subject"]) for r in smtp_server.received)
    assert len(subjects) == MESSAGES
    assert set(subjects.values()) == {1}
    assert sum(r.sent for r in reports) == MESSAGES
    assert all(r.lost == 0 and r.retried == 0 for r in reports)
    # Both senders took part (otherwise the test proves nothing about concurrency).
    assert all(r.sent > 0 for r in reports), reports
    with Session(setup) as session:
        rows = session.execute(
            select(OutboxMessage.status, OutboxMessage.attempts, func.count()).group_by(
                OutboxMessage.status, OutboxMessage.attempts
            )
        ).all()
    assert [tuple(r) for r in rows] == [(OutboxStatus.SENT, 1, MESSAGES)]
