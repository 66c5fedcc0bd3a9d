"""One job runner: every periodic job at its own interval, and any number of copies at
once never run the same job twice or send an email twice (real committed database,
real SMTP server)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.db import make_engine
from peermatch.jobs import JOBS, JobOutcome, intervals_from_config, run_due
from peermatch.models import JobRun
from peermatch.services.outbox import enqueue_email
from tests.conftest import dispose_app, make_test_app
from tests.dbutil import BACKENDS, create_test_database, drop_test_database
from tests.smtp import SmtpServer

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
MESSAGES = 40
RUNNERS = 2
ROUNDS = 4


@pytest.fixture
def jobs_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from peermatch import migrate

    url = create_test_database(backend, "jobs", tmp_path_factory)
    migrate.upgrade(url)
    yield url
    drop_test_database(backend, url)


@pytest.fixture
def runner_apps(jobs_url: str, smtp_server: SmtpServer) -> Iterator[list[Flask]]:
    """Separate apps (own engine, own connections), like runners on separate hosts."""
    apps = [
        make_test_app(
            jobs_url,
            MAIL_SERVER=smtp_server.host,
            MAIL_PORT=smtp_server.port,
            OUTBOX_BATCH=3,  # small batches: the runners' work interleaves
        )
        for _ in range(RUNNERS)
    ]
    yield apps
    for app in apps:
        dispose_app(app)


def _queue_mail(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
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
    engine.dispose()


def _runs(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with Session(engine) as session:
        runs = {row.name: row.runs for row in session.scalars(select(JobRun))}
    engine.dispose()
    return runs


@pytest.fixture
def pg_jobs_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from peermatch import migrate

    url = create_test_database("postgresql", "jobs_pg", tmp_path_factory)
    migrate.upgrade(url)
    yield url
    drop_test_database("postgresql", url)


#: Runners on several hosts share one PostgreSQL; SQLite is one host with one runner.
ON_POSTGRESQL = pytest.mark.parametrize("several_hosts", [b for b in BACKENDS if b != "sqlite"])


@ON_POSTGRESQL
def test_two_runners_at_once_run_each_job_once_and_send_each_email_once(
    pg_jobs_url: str, smtp_server: SmtpServer, several_hosts: str
) -> None:
    jobs_url = pg_jobs_url
    runner_apps = [
        make_test_app(
            jobs_url,
            MAIL_SERVER=smtp_server.host,
            MAIL_PORT=smtp_server.port,
            OUTBOX_BATCH=3,  # small batches: the runners' work interleaves
        )
        for _ in range(RUNNERS)
    ]
    _queue_mail(jobs_url)
    start = threading.Barrier(RUNNERS)
    outcomes: list[JobOutcome] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def runner(app: Flask) -> None:
        try:
            with app.app_context():
                start.wait(timeout=30)
                for _ in range(ROUNDS):
                    done = run_due(app, now=lambda: NOW)
                    with lock:
                        outcomes.extend(done)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=runner, args=(app,)) for app in runner_apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert errors == []

    ran = Counter(o.name for o in outcomes if o.status == "ran")
    assert ran == {job.name: 1 for job in JOBS}
    # Every other attempt saw the job busy or already done, none failed.
    assert len(outcomes) == RUNNERS * ROUNDS * len(JOBS)
    assert {o.status for o in outcomes} <= {"ran", "busy", "not_due"}
    assert _runs(jobs_url) == {job.name: 1 for job in JOBS}
    recipients = Counter(tuple(r.rcpt_tos) for r in smtp_server.received)
    assert len(recipients) == MESSAGES
    assert set(recipients.values()) == {1}
    for app in runner_apps:
        dispose_app(app)


def test_a_job_runs_again_once_its_interval_has_passed(
    jobs_url: str, runner_apps: list[Flask]
) -> None:
    app = runner_apps[0]
    app.config["JOB_INTERVALS"] = {"outbox-send": 60}
    with app.app_context():
        first = run_due(app, now=lambda: NOW, only=["outbox-send"])
        soon = run_due(app, now=lambda: NOW + dt.timedelta(seconds=59), only=["outbox-send"])
        later = run_due(app, now=lambda: NOW + dt.timedelta(seconds=61), only=["outbox-send"])
    assert [o.status for o in first + soon + later] == ["ran", "not_due", "ran"]
    assert _runs(jobs_url)["outbox-send"] == 2


def test_jobs_run_once_from_the_command_line(jobs_url: str, runner_apps: list[Flask]) -> None:
    app = runner_apps[0]
    result = app.test_cli_runner().invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 0, result.output
    for job in JOBS:
        assert f"{job.name}: ran" in result.output
    again = app.test_cli_runner().invoke(args=["jobs", "run", "--once"])
    assert "outbox-send: not_due" in again.output
    listed = app.test_cli_runner().invoke(args=["jobs", "list"])
    assert "outbox-send: every 30s, last success 20" in listed.output
    wrong = app.test_cli_runner().invoke(args=["jobs", "run", "--once", "--job", "nope"])
    assert wrong.exit_code != 0
    assert "unknown job(s): nope" in wrong.output


def test_job_intervals_come_from_configuration_and_typos_are_refused() -> None:
    assert (
        intervals_from_config({"JOB_INTERVALS": "outbox-send=10, reminders-send=60"})["outbox-send"]
        == 10.0
    )
    with pytest.raises(ValueError, match="unknown job"):
        intervals_from_config({"JOB_INTERVALS": {"outbox-sent": 10}})
    with pytest.raises(ValueError, match="positive"):
        intervals_from_config({"JOB_INTERVALS": {"outbox-send": 0}})
