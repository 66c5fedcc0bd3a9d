"""Reading typed input and writing JSON / problem+json: what every endpoint shares."""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import urlencode

from flask import Response, jsonify, request

from peermatch.api.openapi import PAGE_PARAMS, current_page
from peermatch.api.validation import FieldError, ValidationFailed, parse, parse_json, to_json
from peermatch.edge.problems import TITLES, problem
from peermatch.i18n.messages import message

T = TypeVar("T")


def parse_body(cls: type[T]) -> T:
    """The JSON body as ``cls``; raises ValidationFailed (-> 422) on any shape problem."""
    if not request.is_json:
        raise ValidationFailed([FieldError("$", "api.field.not_an_object")])
    return parse_json(cls, request.get_data(cache=True))


def parse_query(cls: type[T]) -> T:
    """The query string as ``cls`` (numbers and booleans converted from text); the paging
    parameters of a collection endpoint are read separately (``current_page``)."""
    args = request.args.to_dict()
    if current_page() is not None:
        args = {k: v for k, v in args.items() if k not in PAGE_PARAMS}
    return parse(cls, args, from_query=True)


def json_response(value: object, status: int = 200) -> Response:
    """``value`` as JSON; a collection is cut to the requested page, with ``Link: rel=next``
    while more items follow (the body stays a plain array, as clients already read it)."""
    page = current_page()
    next_link: str | None = None
    if page is not None and isinstance(value, list):
        start = (page.page - 1) * page.limit
        if len(value) > start + page.limit:
            args = {k: v for k, v in request.args.items() if k not in PAGE_PARAMS}
            args.update(limit=str(page.limit), page=str(page.page + 1))
            next_link = f"{request.base_url}?{urlencode(args)}"
        value = value[start : start + page.limit]
    response = jsonify(to_json(value))
    response.status_code = status
    if next_link is not None:
        response.headers["Link"] = f'<{next_link}>; rel="next"'
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
