"""``/metrics`` in Prometheus format, for the operator's scraper only.

Reachable with ``Authorization: Bearer <METRICS_TOKEN>`` or from an address listed in
``METRICS_ALLOWED_ADDRESSES`` (comma-separated IPs or networks, as seen after ProxyFix);
everyone else gets 404, so its existence is not disclosed. Request counts and latencies
are kept per process; under gunicorn set ``PROMETHEUS_MULTIPROC_DIR`` so every worker's
counts are added up. Outbox backlog, job success times and pool use are read when scraped.
"""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import os
import time
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.pool import QueuePool

from peermatch.auth.access import public
from peermatch.db import session_scope
from peermatch.extensions import db
from peermatch.models import JobRun, OutboxMessage
from peermatch.models.enums import OutboxStatus

REQUESTS = Counter(
    "peermatch_requests",
    "HTTP requests answered, per endpoint, method and status class.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "peermatch_request_duration_seconds",
    "Time to answer an HTTP request, per endpoint.",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.4, 0.75, 1.5, 3.0, 10.0),
)

metrics = Blueprint("metrics", __name__)

#: The labelled series per (endpoint, method, status class), looked up once: Prometheus'
#: own lookup (label checks under a lock) ran twice on every request. Bounded by the
#: routes: unknown paths all count as "unmatched".
_children: dict[tuple[str, str, str], tuple[Histogram, Counter]] = {}


def _allowed() -> bool:
    config = current_app.config
    token = str(config.get("METRICS_TOKEN") or "")
    given = request.headers.get("Authorization", "")
    if (
        token
        and given.startswith("Bearer ")
        and hmac.compare_digest(given.removeprefix("Bearer ").encode(), token.encode())
    ):
        return True
    allowed = str(config.get("METRICS_ALLOWED_ADDRESSES") or "")
    if not allowed or not request.remote_addr:
        return False
    try:
        address = ipaddress.ip_address(request.remote_addr)
    except ValueError:
        return False
    for part in allowed.split(","):
        part = part.strip()
        if part and address in ipaddress.ip_network(part, strict=False):
            return True
    return False


class _ScrapeTime(Collector):
    """Values read from the database and the pool at the moment of the scrape."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = dt.datetime.now(dt.UTC)
        with session_scope(db.factory) as session:
            pending, oldest = session.execute(
                select(func.count(), func.min(OutboxMessage.created_at)).where(
                    OutboxMessage.status == OutboxStatus.PENDING
                )
            ).one()
            jobs = session.execute(select(JobRun.name, JobRun.succeeded_at)).all()
        yield GaugeMetricFamily(
            "peermatch_outbox_pending", "Emails waiting to be sent.", value=pending
        )
        age = (now - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "peermatch_outbox_oldest_pending_age_seconds",
            "Age of the oldest email waiting to be sent (0 when none waits).",
            value=max(0.0, age),
        )
        success = GaugeMetricFamily(
            "peermatch_job_last_success_timestamp_seconds",
            "When each periodic job last finished successfully (Unix time).",
            labels=["job"],
        )
        for name, at in jobs:
            if at is not None:
                success.add_metric([name], at.timestamp())
        yield success
        pool = db.engine.pool
        in_use = GaugeMetricFamily(
            "peermatch_db_pool_connections",
            "Database connections of this process: in use, and the pool's size.",
            labels=["state"],
        )
        if isinstance(pool, QueuePool):
            in_use.add_metric(["in_use"], pool.checkedout())
            in_use.add_metric(["size"], pool.size())
        yield in_use


@metrics.get("/metrics")
@public  # not for people: the token or address check below is the access rule
def scrape() -> Response:
    if not _allowed():
        abort(404)
    g.skip_request_metrics = True
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        from prometheus_client import REGISTRY

        body = generate_latest(REGISTRY)
    scrape_time = CollectorRegistry()
    scrape_time.register(_ScrapeTime(current_app._get_current_object()))  # type: ignore[attr-defined]
    body += generate_latest(scrape_time)
    return Response(body, content_type=CONTENT_TYPE_LATEST)


def init_metrics(app: Flask) -> None:
    app.register_blueprint(metrics)

    @app.after_request
    def _count(response: Response) -> Response:
        # The request log's start time (its hook runs first), so both measure the same span.
        started = g.get("request_started")
        if started is None or g.get("skip_request_metrics"):
            return response
        endpoint = request.endpoint or "unmatched"
        status = f"{response.status_code // 100}xx"
        children = _children.get((endpoint, request.method, status))
        if children is None:
            children = (
                LATENCY.labels(endpoint),
                REQUESTS.labels(endpoint, request.method, status),
            )
            _children[(endpoint, request.method, status)] = children
        children[0].observe(time.perf_counter() - started)
        children[1].inc()
        return response
