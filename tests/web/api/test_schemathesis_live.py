"""Schemathesis against a live server: hostile and boundary input never makes a 500, and
every answer matches the OpenAPI document (status codes, content types, headers, bodies).

The app runs as a real HTTP server (werkzeug, in a thread) on a migrated database with the
demo data, and schemathesis' CLI attacks it with a bearer token per role. The run is bounded
(a handful of examples per operation, split over phases per role) to stay within a few
minutes on two cores; ``PEERMATCH_SCHEMATHESIS_EXAMPLES`` raises the number for a deep run.

``positive_data_acceptance`` is left out on purpose: a schema cannot say "not in the past"
or "end after start", so the services rightly refuse some schema-valid bodies with a
domain 422/409. That the *shape* validator accepts everything the schema allows is proven
separately (``test_api_contract.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from peermatch import demo
from peermatch.db import make_engine, make_sessionmaker, session_scope
from peermatch.models import User
from peermatch.services.api_tokens import create_token
from peermatch.services.audit import SYSTEM
from tests.conftest import make_test_app
from tests.dbutil import create_test_database, drop_test_database

pytestmark = pytest.mark.slow

EXAMPLES = os.environ.get("PEERMATCH_SCHEMATHESIS_EXAMPLES", "5")
# role -> (demo account, phases): the deterministic boundary values (coverage) for the
# coordinator, who reaches the most operations, random fuzzing for the others; coverage for
# every role cost about a minute more per database on two cores.
# ``PEERMATCH_SCHEMATHESIS_PHASES`` runs every role with the given phases for a deep run.
_DEEP = os.environ.get("PEERMATCH_SCHEMATHESIS_PHASES")
ROLES = {
    "youth": ("jongere15@example.org", _DEEP or "examples,fuzzing"),
    "peer_expert": ("lotte@example.org", _DEEP or "examples,fuzzing"),
    "coordinator": ("coordinator@example.org", _DEEP or "examples,coverage"),
}


@pytest.fixture(scope="module")
def live_api(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    from peermatch import migrate

    database_url = create_test_database(backend, "pm_schemathesis", tmp_path_factory)
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    tokens: dict[str, str] = {}
    with session_scope(make_sessionmaker(engine)) as session:
        demo.load(session)
        for role, (email, _phases) in ROLES.items():
            user = session.scalars(select(User).where(User.email == email)).one()
            now = dt.datetime.now(dt.UTC)
            tokens[role] = create_token(
                session, user, "schemathesis", now=now, origin=SYSTEM
            ).secret
    engine.dispose()
    app = make_test_app(database_url, MAIL_BACKEND="null")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", tokens
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["peermatch_db"].engine.dispose()
    drop_test_database(backend, database_url)


def _run(base: str, token: str, phases: str, report: Path) -> dict[str, object]:
    command = [
        str(Path(sys.executable).parent / "st"),
        "run",
        f"{base}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--phases",
        phases,
        "--max-examples",
        EXAMPLES,
        "--seed",
        "20261130",
        # One worker: concurrent writers on SQLite are a separate matter (see issue 9).
        "--workers",
        "1",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    done = subprocess.run(  # in tmp: schemathesis keeps a cache in its working directory
        command, capture_output=True, text=True, timeout=600, check=False, cwd=report.parent
    )
    assert report.exists(), done.stdout[-4000:] + done.stderr[-4000:]
    result: dict[str, object] = json.loads(report.read_text())
    result["_output"] = done.stdout[-6000:]
    return result


@pytest.mark.parametrize("role", list(ROLES))
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_api: tuple[str, dict[str, str]], role: str, tmp_path: Path
) -> None:
    base, tokens = live_api
    started = time.monotonic()
    result = _run(base, tokens[role], ROLES[role][1], tmp_path / "report.json")
    cases = result["test_cases"]
    assert isinstance(cases, dict)
    failures = result["failures"]
    assert isinstance(failures, list)
    by_type = {str(f["title"]): int(f["count"]) for f in failures}
    print(  # the figures the issue asks for, per role
        f"[schemathesis {role}] generated={cases['generated']} "
        f"failures={sum(by_type.values())} server_errors="
        f"{sum(n for t, n in by_type.items() if 'Server error' in t)} "
        f"schema_violations={sum(n for t, n in by_type.items() if 'Server error' not in t)} "
        f"seconds={time.monotonic() - started:.0f}"
    )
    assert result["errors"] == [], result["_output"]
    assert by_type == {}, result["_output"]
    assert int(cases["generated"]) > 100
