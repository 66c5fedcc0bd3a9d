"""/metrics for the operator only, and one log line per request with a request id."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models import JobRun
from peermatch.observability.request_log import JsonFormatter
from peermatch.services.outbox import enqueue_email

TOKEN = "metrics-secret-token-123"


def test_metrics_are_not_found_without_token_or_allowed_address(
    app_factory: Callable[..., Flask],
) -> None:
    client = app_factory(METRICS_TOKEN=TOKEN).test_client()
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    closed = app_factory().test_client()  # no token configured: nobody gets in
    assert closed.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_metrics_with_the_token_show_requests_outbox_jobs_and_pool(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    now = dt.datetime.now(dt.UTC)
    enqueue_email(
        db_session,
        kind="attention",
        to_email="a@example.org",
        subject="Hoi",
        body_text="Hoi",
        now=now - dt.timedelta(minutes=10),
    )
    db_session.add(
        JobRun(name="outbox-send", claimed_at=now, claimed_by="test", runs=1, succeeded_at=now)
    )
    db_session.flush()
    client = app_factory(METRICS_TOKEN=TOKEN).test_client()
    client.get("/healthz")
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    text = response.get_data(as_text=True)
    assert 'peermatch_requests_total{endpoint="main.healthz",method="GET",status="2xx"}' in text
    assert 'peermatch_request_duration_seconds_bucket{endpoint="main.healthz"' in text
    assert "peermatch_outbox_pending 1.0" in text
    age = next(
        float(line.split()[1])
        for line in text.splitlines()
        if line.startswith("peermatch_outbox_oldest_pending_age_seconds ")
    )
    assert 590 < age < 3600
    assert 'peermatch_job_last_success_timestamp_seconds{job="outbox-send"}' in text
    assert "peermatch_db_pool_connections" in text


def test_metrics_from_an_allowed_address(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(METRICS_ALLOWED_ADDRESSES="10.0.0.0/8, 192.0.2.7")
    client = app.test_client()
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.8"}).status_code == 404


def test_each_request_logs_one_line_with_its_id_and_returns_the_id(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="peermatch.request"):
        response = client.post(
            "/login?next=/secret-token-in-query",
            data={"email": "someone@example.org", "password": "hunter2-password"},
        )
        kept = client.get("/healthz", headers={"X-Request-ID": "proxy-id-12345678"})
    rid = response.headers["X-Request-ID"]
    assert len(rid) == 32
    assert kept.headers["X-Request-ID"] == "proxy-id-12345678"
    lines = [r for r in caplog.records if r.name == "peermatch.request"]
    assert len(lines) == 2
    first = lines[0].getMessage()
    assert first.startswith("POST /login ")
    assert f"id={rid}" in first
    everything = caplog.text + " ".join(str(vars(r)) for r in lines)
    assert "hunter2-password" not in everything
    assert "someone@example.org" not in everything
    assert "secret-token-in-query" not in everything
    # A malformed id from outside is replaced, not echoed.
    odd = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert odd.headers["X-Request-ID"] != "<script>"


def test_secret_route_parts_never_reach_the_log(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="peermatch.request"):
        client.get("/calendar/feed-secret-abcdef123456.ics")
        client.get("/requests/consent/consent-secret-987654321")
    lines = [r.getMessage() for r in caplog.records if r.name == "peermatch.request"]
    assert lines[0].startswith("GET /calendar/<secret>.ics ")
    assert lines[1].startswith("GET /requests/consent/<secret> ")
    assert "feed-secret" not in caplog.text
    assert "consent-secret" not in caplog.text


def test_json_log_lines_carry_the_request_fields() -> None:
    record = logging.LogRecord(
        "peermatch.request", logging.INFO, __file__, 1, "GET / 200", (), None
    )
    record.request_id = "abc"
    record.status = 200
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET / 200"
    assert line["request_id"] == "abc"
    assert line["status"] == 200
    assert line["level"] == "INFO"


def test_every_request_counts_once_in_its_own_series(app_factory: Callable[..., Flask]) -> None:
    """The labelled series are looked up once per process and then reused (issue 13)."""
    client = app_factory(METRICS_TOKEN=TOKEN).test_client()

    def sample(name: str, labels: str) -> float:
        text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
        prefix = f"{name}{{{labels}}} "
        found = [
            float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix)
        ]
        return found[0] if found else 0.0

    ok = 'endpoint="main.healthz",method="GET",status="2xx"'
    missing = 'endpoint="unmatched",method="GET",status="4xx"'
    before = (
        sample("peermatch_requests_total", ok),
        sample("peermatch_requests_total", missing),
        sample("peermatch_request_duration_seconds_count", 'endpoint="main.healthz"'),
    )
    for _ in range(3):
        client.get("/healthz")
    client.get("/no-such-page")
    after = (
        sample("peermatch_requests_total", ok),
        sample("peermatch_requests_total", missing),
        sample("peermatch_request_duration_seconds_count", 'endpoint="main.healthz"'),
    )
    assert [b - a for a, b in zip(before, after, strict=True)] == [3.0, 1.0, 3.0]
