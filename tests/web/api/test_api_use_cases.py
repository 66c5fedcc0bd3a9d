"""API handlers run as use cases: the endpoint registry hands each one a ``Call`` and answers
a refusal as problem+json in one place, with nothing of the request saved."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from flask import Flask, Response
from sqlalchemy.orm import Session

import peermatch.api
from peermatch.api.openapi import REGISTRY, as_use_case
from peermatch.api.refusals import problem_extras
from peermatch.auth.access import authenticated
from peermatch.edge.context import Call
from peermatch.models import User
from peermatch.services.errors import Conflict
from tests.factories import make_user
from tests.web.api.builders import bearer, token_for


class _TooManyForTest(Conflict):
    """A refusal that tells the client more than its code (like a lost race's free times)."""


@problem_extras(_TooManyForTest)
def _limit(err: _TooManyForTest) -> dict[str, object]:
    return {"limit": err.params["max"]}


@pytest.mark.fresh_app
def test_a_refusal_is_problem_json_with_its_extras_and_the_handlers_writes_are_undone(
    app: Flask, db_session: Session
) -> None:
    user = make_user(db_session, display_name="Sam")
    token = token_for(db_session, user)
    seen: dict[str, object] = {}

    @authenticated
    def renames_then_refuses(call: Call) -> Response:
        seen["user"] = call.user.id
        seen["one_moment"] = call.now is call.now
        seen["channel"] = call.origin.channel
        call.user.display_name = "Changed"
        call.session.flush()
        raise _TooManyForTest("token.error.too_many", max=20)

    app.add_url_rule(
        "/api/v1/test-runner", "test_runner", as_use_case(renames_then_refuses), methods=["POST"]
    )
    response = app.test_client().post("/api/v1/test-runner", headers=bearer(token))

    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.json == {
        "type": "about:blank",
        "title": "Conflict",
        "status": 409,
        "detail": response.json["detail"],
        "code": "token.error.too_many",
        "limit": 20,
    }
    assert "Je hebt al 20 tokens" in response.json["detail"]
    assert seen == {"user": user.id, "one_moment": True, "channel": "api"}
    db_session.expire_all()
    assert db_session.get(User, user.id).display_name == "Sam"  # type: ignore[union-attr]


def test_every_endpoint_handler_takes_its_call_first(app: Flask) -> None:
    """So a handler never reads the request's session, user, clock or origin one by one."""
    assert REGISTRY
    for op in REGISTRY:
        handler = inspect.unwrap(app.view_functions[op.endpoint])
        first = next(iter(inspect.signature(handler).parameters.values()))
        assert (first.name, first.annotation) == ("call", "Call"), op.endpoint


def test_no_api_module_reads_the_request_context_one_call_at_a_time() -> None:
    source = Path(peermatch.api.__file__).parent
    pattern = re.compile(r"ctx\.(session|user|now|origin)\(\)")
    found = {
        str(path.relative_to(source)): len(pattern.findall(path.read_text(encoding="utf-8")))
        for path in source.rglob("*.py")
    }
    assert {k: v for k, v in found.items() if v} == {}
