"""A second yardstick for bench_http: the least work each kind of PeerMatch request must do.

Served exactly like PeerMatch and hello-world (gunicorn, 4 workers, the bench's own
PostgreSQL and Redis), it answers three paths with hand-written, minimal code:

- ``/select1``: one SQLAlchemy Core transaction, ``SELECT 1``, commit (the ORM session
  the product uses costs a little more). Any request that touches the
  database costs at least this.
- ``/token``: what a token API call cannot skip: hash the bearer secret, one Core statement
  for the token with its user and roles, count the call in Redis (a rate limit shared by
  every worker and host), answer JSON. No access log, metrics, security headers, request id
  or ORM objects.
- ``/page``: what a logged-in page cannot skip: read the signed session cookie, five
  statements in one transaction (the user, then four small lists, as the dashboard runs),
  render an 11 KB template.

bench_http prints these shares next to PeerMatch's: they show how close to the stack's own
limit on this machine a target sits. Never part of the product.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import redis
from flask import Flask, Response, abort, jsonify, request, session
from sqlalchemy import create_engine, text

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY", "floor-" + "x" * 40)
engine = create_engine(os.environ["DATABASE_URL"], pool_size=2)
# The rate limit's counter where PeerMatch keeps it (bench_http passes its Redis), else here.
_REDIS_URL = os.environ.get("RATELIMIT_STORAGE_URI", "")
counter = redis.Redis.from_url(_REDIS_URL) if _REDIS_URL.startswith("redis") else None
calls: dict[str, int] = {}

SELECT_1 = text("SELECT 1")
TOKEN = text(
    "SELECT u.id, u.display_name, u.email, u.locale, u.time_zone, u.is_active,"
    " u.privacy_consent_version, t.id AS token_id, t.last_used_at,"
    " (SELECT array_agg(r.role) FROM user_roles r WHERE r.user_id = u.id) AS roles"
    " FROM api_tokens t JOIN users u ON u.id = t.user_id"
    " WHERE t.token_hash = :hash AND t.revoked_at IS NULL"
)
PAGE = (
    text(
        "SELECT u.id, u.display_name, u.locale, u.time_zone, u.is_active,"
        " (SELECT array_agg(r.role) FROM user_roles r WHERE r.user_id = u.id) AS roles"
        " FROM users u WHERE u.id = :uid"
    ),
    text(
        "SELECT b.id, b.starts_at FROM bookings b JOIN booking_participants p"
        " ON p.booking_id = b.id WHERE p.user_id = :uid ORDER BY b.starts_at LIMIT 5"
    ),
    text("SELECT id, status FROM contact_requests WHERE requester_id = :uid LIMIT 5"),
    text(
        "SELECT m.id, m.status FROM match_proposals m JOIN contact_requests c"
        " ON c.id = m.request_id WHERE c.requester_id = :uid LIMIT 5"
    ),
    text("SELECT id, kind FROM notifications WHERE user_id = :uid ORDER BY id DESC LIMIT 5"),
)
TEMPLATE = app.jinja_env.from_string(
    "<!doctype html><html lang=nl><head><meta charset=utf-8><title>Overzicht</title></head>"
    "<body><header><nav>{% for n in range(12) %}<a href='/item/{{ n }}'>Menu {{ n }}</a>"
    "{% endfor %}</nav></header><main><h1>Hallo {{ name }}</h1>"
    "{% for block in range(40) %}<section><h2>Blok {{ block }}</h2>"
    "<p>{{ text }} {{ block }}</p>{% for row in rows %}<p>{{ row }}</p>{% endfor %}</section>"
    "{% endfor %}</main></body></html>"
)


@app.get("/select1")
def select1() -> str:
    with engine.begin() as db:
        db.execute(SELECT_1).scalar()
    return "ok"


@app.get("/token")
def token() -> Response:
    secret = request.headers.get("Authorization", "")[7:]
    digest = hashlib.sha256(secret.encode()).hexdigest()
    if counter is not None:
        counter.incr(f"floor-token-calls:{digest}")
    else:
        calls[digest] = calls.get(digest, 0) + 1
    with engine.begin() as db:
        row = db.execute(TOKEN, {"hash": digest}).one_or_none()
    if row is None or not row.is_active:
        abort(401)
    return jsonify(
        id=row.id,
        display_name=row.display_name,
        email=row.email,
        roles=sorted(row.roles or []),
        locale=row.locale,
        time_zone=row.time_zone,
    )


@app.get("/sign-in/<int:uid>")
def sign_in(uid: int) -> str:
    session["uid"] = uid
    return "ok"


@app.get("/page")
def page() -> str:
    uid = session.get("uid")
    if uid is None:
        abort(401)
    found: list[Any] = []
    with engine.begin() as db:
        for statement in PAGE:
            found.append(db.execute(statement, {"uid": uid}).all())
    user = found[0][0]
    return TEMPLATE.render(
        name=user.display_name, text="Een regel tekst op de pagina.", rows=found[1:]
    )
