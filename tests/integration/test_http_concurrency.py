"""Many people booking one slot at the same moment, over real HTTP.

Fresh migrated databases with real commits (not the rollback fixture). Under gunicorn with
four worker processes (production config) on a SQLite file and on PostgreSQL, and under the
threaded development server (what ``make run`` serves), exactly one booking wins and every
other caller gets a clean 409 problem+json; nobody gets a 500 ("database is locked").
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from config import TestingConfig
from peermatch import migrate
from peermatch.db import make_engine, make_sessionmaker
from peermatch.models import Booking
from peermatch.models.enums import BookingStatus, Role
from tests.conftest import dispose_app, make_test_app
from tests.dbutil import create_test_database, drop_test_database
from tests.factories import make_organisation, make_user
from tests.integration.booking.builders import approved_match, peer_expert
from tests.web.api.builders import token_for

pytestmark = pytest.mark.slow

PROJECT_DIR = Path(__file__).resolve().parents[2]
CALLERS = 40


@dataclass(frozen=True)
class Attempt:
    proposal_id: int
    token: str


@pytest.fixture
def race_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = create_test_database(backend, "pm_http_race", tmp_path_factory)
    migrate.upgrade(url)
    yield url
    drop_test_database(backend, url)


def _slot() -> dt.datetime:
    """10:00 UTC three days from now: inside the availability, past the 24 h notice."""
    day = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=3)
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def _world(url: str, callers: int) -> list[Attempt]:
    """One peer expert, ``callers`` youths with an approved match and a token each."""
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        profile = peer_expert(session, make_organisation(session))
        attempts = []
        for _ in range(callers):
            youth = make_user(session, Role.YOUTH)
            proposal = approved_match(session, profile, youth)
            attempts.append(Attempt(proposal.id, token_for(session, youth)))
        session.commit()
    engine.dispose()
    return attempts


def _confirmed(url: str) -> int:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        count = session.scalar(
            select(func.count())
            .select_from(Booking)
            .where(Booking.status == BookingStatus.CONFIRMED)
        )
    engine.dispose()
    return count or 0


def _book(base: str, attempt: Attempt, start: dt.datetime, go: threading.Event) -> tuple[int, str]:
    body = json.dumps({"start": start.isoformat()}).encode()
    req = urllib.request.Request(
        f"{base}/api/v1/matches/{attempt.proposal_id}/sessions",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {attempt.token}", "Content-Type": "application/json"},
    )
    go.wait()
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.headers.get_content_type()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get_content_type()


def _race(base: str, attempts: list[Attempt]) -> Counter[tuple[int, str]]:
    """Everyone books the same slot at once; returns (status, content type) tallies."""
    start = _slot()
    go = threading.Event()
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def run(attempt: Attempt) -> None:
        outcome = _book(base, attempt, start, go)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # every thread waits at the start line
    go.set()
    for thread in threads:
        thread.join(timeout=90)
    return Counter(results)


def _assert_one_winner(tally: Counter[tuple[int, str]], url: str, callers: int) -> None:
    assert tally[(201, "application/json")] == 1, tally
    assert tally[(409, "application/problem+json")] == callers - 1, tally
    assert _confirmed(url) == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(base: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:  # refused, or accepted but not yet served (workers booting)
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer in time")


def test_gunicorn_workers_give_one_winner_and_clean_409s(
    race_url: str, backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    attempts = _world(race_url, CALLERS)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PEERMATCH_CONFIG": "production",
        "DATABASE_URL": race_url,
        "SECRET_KEY": "gunicorn-race-test-secret-of-enough-length",
        "PEERMATCH_ENCRYPTION_KEYS": str(TestingConfig.ENCRYPTION_KEYS),
        # Production demands the https address people use; links in mail are not followed here.
        "PUBLIC_BASE_URL": "https://peermatch.example.test",
        "MAIL_BACKEND": "null",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "4", "--bind", f"127.0.0.1:{port}",
         "--graceful-timeout", "2", "--log-level", "warning", "wsgi:app"],
        cwd=PROJECT_DIR,
        env=env,
    )  # fmt: skip
    try:
        _wait_until_up(base, server)
        # Every worker has imported the app before the race starts.
        for _ in range(8):
            urllib.request.urlopen(f"{base}/healthz", timeout=10).close()
        started = time.perf_counter()
        tally = _race(base, attempts)
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    with capsys.disabled():
        print(f"\n[http race gunicorn {backend}] {dict(tally)} seconds={seconds:.2f}")
    _assert_one_winner(tally, race_url, CALLERS)


def _read(base: str, attempt: Attempt, go: threading.Event) -> int:
    req = urllib.request.Request(
        f"{base}/api/v1/sessions", headers={"Authorization": f"Bearer {attempt.token}"}
    )
    go.wait()
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code


def test_the_threaded_dev_server_never_answers_500_to_concurrent_writers(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """``make run`` serves the SQLite file with a threaded server: writers race each other
    while readers record their token use (interval 0: every read is due) at the same time."""
    url = create_test_database("sqlite", "pm_dev_race", tmp_path_factory)
    migrate.upgrade(url)
    attempts = _world(url, CALLERS)
    app = make_test_app(url, API_TOKEN_TOUCH_SECONDS=0)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        go = threading.Event()
        reads: list[int] = []
        readers = [
            threading.Thread(target=lambda a=a: reads.append(_read(base, a, go)))
            for a in attempts[: CALLERS // 2]
        ]
        for reader in readers:
            reader.start()
        go.set()
        started = time.perf_counter()
        tally = _race(base, attempts)
        seconds = time.perf_counter() - started
        for reader in readers:
            reader.join(timeout=90)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        dispose_app(app)
    with capsys.disabled():
        print(f"\n[http race threaded dev server] {dict(tally)} seconds={seconds:.2f}")
    _assert_one_winner(tally, url, CALLERS)
    assert reads == [200] * (CALLERS // 2)
