"""PeerMatch over HTTP next to a hello-world Flask app, both under gunicorn (4 workers).

Production configuration on PostgreSQL (its own database, created and dropped here), the
world of ``bench_matching_service`` (1,000 active peer experts, one youth with an open
request), driven by ``wrk`` (Debian package) or, when wrk is absent, a Python load
generator in separate processes. PeerMatch and hello-world runs alternate, so both see the
same machine load. Prints req/s, latency and the share of hello-world per endpoint, then
the candidates call at 4 connections and its curve over 100 ... 10,000 peer experts.

    python -m bench.bench_http [--postgres URL] [--seconds 5] [--max-peers 10000]

Targets (issue 13): token API calls >= 30 % of hello-world, a logged-in dashboard
>= 20 %, 0 errors; candidates with 1,000 peer experts p50 <= 150 ms, p99 <= 400 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 4
CONNECTIONS = 16
LOGIN_EMAIL = "dashboard@bench.example.org"
PASSWORD = "bench-password-1234"


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def redis_url() -> str | None:
    """A Redis for the rate limits, as production runs them (README): shared by the workers,
    no limiter threads in each. The local one's last database, emptied first, so counts of
    earlier runs (the login limits) never spill into this one. None when nothing answers."""
    import redis

    url = os.environ.get("PEERMATCH_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb()
        client.close()
    except redis.RedisError:
        return None
    return url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# --- load generators --------------------------------------------------------------------


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url: str, headers: dict[str, str], connections: int, seconds: float) -> Result:
    args = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "10s",  # a slow answer is slow, not an error (wrk's default cuts at 2 s)
    ]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(  # noqa: S603 - our own fixed command line
        [*args, url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(n) for n in match.groups())
    return Result(rps, p50, p99, errors, total)


def _py_worker(
    url: str,
    headers: dict[str, str],
    seconds: float,
    queue: multiprocessing.Queue[tuple[list[float], int]],
) -> None:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                errors += 1
        except OSError:
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        latencies.append((time.perf_counter() - started) * 1000)
    queue.put((latencies, errors))


def run_python(url: str, headers: dict[str, str], connections: int, seconds: float) -> Result:
    """One process per connection, so the generator's own GIL never caps the server."""
    queue: multiprocessing.Queue[tuple[list[float], int]] = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_py_worker, args=(url, headers, seconds, queue))
        for _ in range(connections)
    ]
    for proc in procs:
        proc.start()
    latencies: list[float] = []
    errors = 0
    for _ in procs:
        got, errs = queue.get()
        latencies += got
        errors += errs
    for proc in procs:
        proc.join()
    latencies.sort()
    return Result(
        len(latencies) / seconds,
        latencies[len(latencies) // 2] if latencies else 0.0,
        latencies[int(len(latencies) * 0.99)] if latencies else 0.0,
        errors,
        len(latencies),
    )


def load(url: str, headers: dict[str, str], connections: int, seconds: float) -> Result:
    if shutil.which("wrk"):
        return run_wrk(url, headers, connections, seconds)
    return run_python(url, headers, connections, seconds)


# --- servers ----------------------------------------------------------------------------


class Server:
    def __init__(self, target: str, env: dict[str, str], ready_path: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(  # noqa: S603 - our own fixed command line
            [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning", target],
            cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
            # one log line per request would bury the figures: keep the servers' logs apart
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        # The port opens before the workers have imported the app: wait for real answers.
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                conn.request("GET", ready_path)
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{target} did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # a worker still busy with a slow call: do not leave the servers behind
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


# --- the world --------------------------------------------------------------------------


def seed(url: str) -> tuple[int, str]:
    """Migrate, build the matching bench's world with 1,000 peer experts, give the youth a
    password and an API token. Returns the open request's id and the token."""
    from bench.bench_matching_service import _add_peers, _setup
    from config import Config
    from peermatch import migrate
    from peermatch.auth.passwords import hash_password
    from peermatch.db import make_engine
    from peermatch.models import User, UserRole
    from peermatch.models.enums import Role
    from peermatch.services import api_tokens, privacy_consent
    from peermatch.services.audit import CLI

    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        org, domains, request = _setup(session)
        youth = request.requester
        # Someone to sign in as for the dashboard (the world's youth has no valid address).
        session.add(
            User(
                email=LOGIN_EMAIL,
                display_name="Dashboard",
                birth_year=2008,
                password_hash=hash_password(PASSWORD),
                roles=[UserRole(role=Role.YOUTH)],
            )
        )
        _add_peers(session, org, domains, 0, 1000)
        # As every youth who registered: consented to the current privacy statement.
        privacy_consent.give(
            session, youth, str(Config.PRIVACY_STATEMENT_VERSION), now=utc_now(), origin=CLI
        )
        token = api_tokens.create_token(session, youth, "bench", now=utc_now(), origin=CLI).secret
        session.commit()
        request_id = request.id
    engine.dispose()
    return request_id, token


def grow(url: str, total: int) -> None:
    from bench.bench_matching_service import _add_peers
    from peermatch.db import make_engine
    from peermatch.models import ExperienceDomain, Organisation, PeerExpertProfile

    engine = make_engine(url)
    with Session(engine) as session:
        have = session.query(PeerExpertProfile).count()
        org = session.scalars(select(Organisation)).first()
        assert org is not None
        domains = list(
            session.scalars(
                select(ExperienceDomain.id).where(ExperienceDomain.parent_id.is_not(None))
            )
        )
        _add_peers(session, org, domains, have, total - have)
        session.commit()
    engine.dispose()


def statements_per_call(url: str, request_id: int) -> int:
    """SQL statements of one candidates call in-process (must not grow with the world)."""
    from peermatch.db import make_engine
    from peermatch.matching import DEFAULT_WEIGHTS
    from peermatch.models import ContactRequest
    from peermatch.services import matching

    engine = make_engine(url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with Session(engine) as session:
        request = session.get(ContactRequest, request_id)
        assert request is not None
        statements.clear()
        matching.candidates_for(
            session,
            request,
            request.requester,
            now=dt.datetime.now(dt.UTC),
            weights=DEFAULT_WEIGHTS,
        )
    engine.dispose()
    return len(statements)


def login_cookie(server: Server) -> str:
    """Log the youth in over HTTP (CSRF and all) and return the session cookie header."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", "/login")
    page = conn.getresponse()
    body = page.read().decode()
    cookies = [c.split(";")[0] for c in page.headers.get_all("Set-Cookie") or []]
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)
    form = {"email": LOGIN_EMAIL, "password": PASSWORD}
    if csrf:
        form["csrf_token"] = csrf.group(1)
    conn.request(
        "POST", "/login", body=urllib.parse.urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(cookies)},
    )  # fmt: skip
    answer = conn.getresponse()
    answer.read()
    cookies += [c.split(";")[0] for c in answer.headers.get_all("Set-Cookie") or []]
    if answer.status != 302:
        raise RuntimeError(f"login failed: {answer.status}")
    jar: dict[str, str] = {}
    for cookie in cookies:
        name, _, value = cookie.partition("=")
        jar[name] = value
    # Follow the redirect once, as a browser does: that page shows (and so removes) the
    # "logged in" message, and the browser keeps the cookie without it. Replaying the
    # login answer's cookie instead would show and remove the message on every request.
    conn.request(
        "GET", "/dashboard", headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
    )
    page = conn.getresponse()
    page.read()
    if page.status != 200:
        raise RuntimeError(f"dashboard after login: {page.status}")
    for header in page.headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";")[0].partition("=")
        jar[name] = value
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def floor_cookie(server: Server, url: str) -> str:
    """The minimal app's signed session cookie for the dashboard's user."""
    from peermatch.db import make_engine
    from peermatch.models import User

    engine = make_engine(url)
    with Session(engine) as session:
        uid = session.scalars(select(User.id).where(User.email == LOGIN_EMAIL)).one()
    engine.dispose()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", f"/sign-in/{uid}")
    answer = conn.getresponse()
    answer.read()
    return str(answer.headers["Set-Cookie"]).split(";")[0]


def _print_row(label: str, ours: list[Result], theirs: list[Result]) -> float:
    rps = statistics.mean(r.rps for r in ours)
    hello_rps = statistics.mean(r.rps for r in theirs)
    print(f"{label:32} {rps:8.0f} {statistics.mean(r.p50_ms for r in ours):8.1f} "
          f"{statistics.mean(r.p99_ms for r in ours):8.1f} {sum(r.errors for r in ours):6d} "
          f"{hello_rps:11.0f} {rps / hello_rps:6.0%}", flush=True)  # fmt: skip
    return rps


# --- the run ----------------------------------------------------------------------------


def run(admin_url: str, seconds: float, max_peers: int) -> None:
    base = make_url(admin_url)
    name = f"peermatch_bench_http_{os.getpid()}"  # benches may run side by side
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    servers: list[Server] = []
    try:
        # Production refuses to start without its encryption keys: one fresh key, used by
        # the seeding here (the peer experts' texts) and by the servers alike.
        from peermatch.security import encrypted

        key = encrypted.generate_key()
        encrypted.configure([key])
        print("seeding 1,000 peer experts ...", flush=True)
        request_id, token = seed(url)
        env = {
            "PEERMATCH_CONFIG": "production",
            "SECRET_KEY": "bench-" + "x" * 40,
            "DATABASE_URL": url,
            "MAIL_BACKEND": "null",
            "PEERMATCH_ENCRYPTION_KEYS": key,
            # production refuses to start without its public https address
            "PUBLIC_BASE_URL": "https://peermatch.bench.example",
            # one token drives every API run: its per-token limit would turn them into 429s
            "API_RATE_LIMIT": "1000000 per minute",
            "RATELIMIT_STORAGE_URI": redis_url() or "memory://",
        }
        peermatch = Server("wsgi:app", env, "/healthz")
        hello = Server("bench.hello_app:app", env, "/")
        floor = Server("bench.floor_app:app", env, "/select1")
        servers += [peermatch, hello, floor]
        bearer = {"Authorization": f"Bearer {token}"}
        generator = (
            "wrk" if shutil.which("wrk") else "python (wrk not installed: apt-get install -y wrk)"
        )
        print(f"load: {generator}, {CONNECTIONS} connections, {seconds:g}s per run, "
              f"gunicorn {WORKERS} workers each; load average {os.getloadavg()[0]:.1f}; "
              f"rate limits in {env['RATELIMIT_STORAGE_URI'].split('/')[0]}")  # fmt: skip
        cases = [
            ("GET /healthz", "/healthz", {}),
            ("GET / (home)", "/", {}),
            ("GET /api/v1/me (token)", "/api/v1/me", bearer),
            ("GET /api/v1/sessions (token)", "/api/v1/sessions", bearer),
            ("GET /dashboard (logged in)", "/dashboard", None),
        ]
        print(f"{'request':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
              f"{'hello req/s':>11} {'share':>6}")  # fmt: skip
        rates: dict[str, float] = {}
        for label, path, headers in cases:
            ours, theirs = [], []
            for _ in range(2):  # alternate: hello, PeerMatch, hello, PeerMatch
                theirs.append(load(hello.url("/"), {}, CONNECTIONS, seconds))
                # A browser keeps the cookie the server last set: log in afresh before each
                # run, or the replayed cookie's "last seen" stamp (refreshed each minute)
                # would make every request of the run sign a new cookie, as no browser does.
                sent = headers if headers is not None else {"Cookie": login_cookie(peermatch)}
                ours.append(load(peermatch.url(path), sent, CONNECTIONS, seconds))
            rates[path] = _print_row(label, ours, theirs)

        # The same alternation against the minimal app (bench/floor_app.py): the least each
        # kind of request must do on this stack and machine, for reading the targets above.
        print("\nyardstick: minimal hand-written Flask app, same gunicorn, database and Redis")
        floor_cases = [
            ("floor: SELECT 1 (Core)", "/select1", {}),
            ("floor: token call (1 stmt+Redis)", "/token", bearer),
            ("floor: page (cookie+5 stmts)", "/page", {"Cookie": floor_cookie(floor, url)}),
        ]
        for label, path, headers in floor_cases:
            ours, theirs = [], []
            for _ in range(2):
                theirs.append(load(hello.url("/"), {}, CONNECTIONS, seconds))
                ours.append(load(floor.url(path), headers, CONNECTIONS, seconds))
            rates[f"floor{path}"] = _print_row(label, ours, theirs)
        for ours_path, floor_path in (
            ("/api/v1/me", "/token"),
            ("/api/v1/sessions", "/token"),
            ("/dashboard", "/page"),
        ):
            print(f"  {ours_path} does {rates[ours_path] / rates['floor' + floor_path]:.0%} "
                  f"of the minimal app's {floor_path} req/s")  # fmt: skip

        candidates = f"/api/v1/requests/{request_id}/candidates"
        print(
            "\ncandidates call over HTTP, 4 connections (target at 1,000: p50 <= 150 ms, p99 <= 400 ms)"
        )
        print(
            f"{'peer experts':>12} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'SQL/call':>8}"
        )
        for total in (100, 1000, 5000, 10000):
            if total > max_peers:
                break
            if total > 1000:
                grow(url, total)
            elif total == 100:
                _pause_all_but(url, 100)
            else:
                _pause_all_but(url, None)
            result = load(peermatch.url(candidates), bearer, 4, seconds * 2)
            print(f"{total:12,} {result.rps:7.1f} {result.p50_ms:8.1f} {result.p99_ms:8.1f} "
                  f"{result.errors:6d} {statements_per_call(url, request_id):8d}", flush=True)  # fmt: skip
    finally:
        for server in servers:
            with contextlib.suppress(OSError):  # already gone
                server.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _pause_all_but(url: str, keep: int | None) -> None:
    """Only the first `keep` peer experts active (None: all), for the small end of the curve."""
    from peermatch.db import make_engine
    from peermatch.models import PeerExpertProfile
    from peermatch.models.enums import ProfileStatus

    engine = make_engine(url)
    with Session(engine) as session:
        ids = list(session.scalars(select(PeerExpertProfile.id).order_by(PeerExpertProfile.id)))
        cutoff = ids[min(keep, len(ids)) - 1] if keep else ids[-1]
        session.execute(
            update(PeerExpertProfile)
            .where(PeerExpertProfile.id <= cutoff)
            .values(status=ProfileStatus.ACTIVE)
        )
        session.execute(
            update(PeerExpertProfile)
            .where(PeerExpertProfile.id > cutoff)
            .values(status=ProfileStatus.PAUSED)
        )
        session.commit()
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("PEERMATCH_TEST_POSTGRES_URL"))
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--max-peers", type=int, default=10_000)
    args, _ = parser.parse_known_args()
    if not args.postgres:
        print("bench_http needs PostgreSQL: set PEERMATCH_TEST_POSTGRES_URL (an admin URL).")
        return
    run(args.postgres, args.seconds, args.max_peers)


if __name__ == "__main__":
    main()
