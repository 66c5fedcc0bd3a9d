"""Reading typed input and writing JSON / problem+json: what every endpoint shares."""

from __future__ import annotations

from typing import TypeVar

from flask import Response, jsonify, request

from peermatch.api.validation import FieldError, ValidationFailed, parse, to_json
from peermatch.edge.problems import TITLES, problem
from peermatch.i18n.messages import message

T = TypeVar("T")


def parse_body(cls: type[T]) -> T:
    """The JSON body as ``cls``; raises ValidationFailed (-> 422) on any shape problem."""
    data = request.get_json(silent=True)
    if data is None:
        raise ValidationFailed([FieldError("$", "api.field.not_an_object")])
    return parse(cls, data)


def parse_query(cls: type[T]) -> T:
    """The query string as ``cls`` (numbers and booleans converted from text)."""
    return parse(cls, request.args.to_dict(), from_query=True)


def json_response(value: object, status: int = 200) -> Response:
    response = jsonify(to_json(value))
    response.status_code = status
    return response


def no_content() -> Response:
    return Response(status=204)


def validation_problem(exc: ValidationFailed) -> Response:
    """422 listing every field error with a stable code and a translated message."""
    return problem(
        422,
        TITLES[422],
        message("api.error.invalid_input"),
        code="api.error.invalid_input",
        errors=[
            {"field": e.field, "code": e.code, "message": message(e.code, **e.params)}
            for e in exc.errors
        ],
    )
