"""What the OpenAPI document allows, the API's validator accepts: for every operation with a
body or query, inputs generated from the *published* document (by schemathesis, as a client
tool would) pass ``parse`` unchanged. One engine makes both, and this keeps it honest."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peermatch import create_app
from peermatch.api.openapi import PAGE_PARAMS, REGISTRY, Operation, PageQuery, openapi_path
from peermatch.api.validation import ValidationFailed, parse


@cache
def _app() -> Flask:
    return create_app("testing")


@cache
def _document() -> dict[str, Any]:
    from peermatch.api.openapi import build_document

    app = _app()
    with app.test_request_context():
        return build_document(app)


def _operations() -> list[Operation]:
    _app()  # importing the routes fills the registry
    return [op for op in REGISTRY if op.body is not None or op.query is not None or op.paginated]


def _as_sent(value: Any) -> str:
    """A generated query value as it travels in a URL."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("op", _operations(), ids=lambda op: f"{op.method} {op.path}")
def test_every_input_the_document_allows_is_accepted(op: Operation) -> None:
    schema = schemathesis.openapi.from_dict(_document())
    full = openapi_path(f"/api/v1{op.path}")
    operation = schema[full][op.method]
    strategy = operation.as_strategy()

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: Any) -> None:
        if op.body is not None:
            body = json.loads(json.dumps(case.body))
            try:
                parse(op.body, body)
            except ValidationFailed as exc:
                pytest.fail(f"documented body refused: {body!r}: {exc}")
        query = {k: _as_sent(v) for k, v in (case.query or {}).items()}
        own = {k: v for k, v in query.items() if not (op.paginated and k in PAGE_PARAMS)}
        try:
            if op.query is not None:
                parse(op.query, own, from_query=True)
            if op.paginated:
                paging = {k: v for k, v in query.items() if k in PAGE_PARAMS}
                parse(PageQuery, paging, from_query=True)
        except ValidationFailed as exc:
            pytest.fail(f"documented query refused: {query!r}: {exc}")

    check()


def test_inputs_outside_the_document_are_refused() -> None:
    """The other direction, for the cases the old engine let through."""
    from peermatch.api.routes.availability import WeekIn

    for window in (
        {"weekday": 0, "start": "10:00:30", "end": "11:00"},  # documented as HH:MM
        {"weekday": 0, "start": "10:00", "end": "11:00", "extra": 1},
        {"weekday": 2**31, "start": "10:00", "end": "11:00"},
        {"weekday": "0", "start": "10:00", "end": "11:00"},  # JSON bodies are strict
    ):
        with pytest.raises(ValidationFailed):
            parse(WeekIn, {"windows": [window]})


@given(st.text(max_size=30))
@settings(max_examples=200, deadline=None, database=None)
def test_text_is_accepted_exactly_when_the_documented_pattern_allows_it(text: str) -> None:
    import re

    from peermatch.api.routes.sessions import ReasonIn

    documented = _document()["components"]["schemas"]["ReasonIn"]["properties"]["reason"]
    allowed = re.search(documented["pattern"], text) is not None and (
        documented["minLength"] <= len(text) <= documented["maxLength"]
    )
    try:
        parse(ReasonIn, {"reason": text})
        accepted = True
    except ValidationFailed:
        accepted = False
    assert accepted == allowed
