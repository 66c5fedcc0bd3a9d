"""problem+json (RFC 9457) bodies, the one error shape API clients see."""

from __future__ import annotations

from flask import Response, jsonify

from peermatch.i18n.messages import message
from peermatch.services.errors import DomainError

TITLES = {
    400: "Bad request",
    401: "Sign in needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Check your input",
    429: "Too many attempts",
    500: "Something went wrong",
}


def problem(status: int, title: str, detail: str | None = None, **extra: object) -> Response:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def domain_problem(exc: DomainError, **extra: object) -> Response:
    """A service's refusal as problem+json: its status, translated text and stable code.

    Shared by the API's endpoint runner and the app-wide handler (errors raised before a
    handler runs), so clients see one shape whichever caught it; ``extra`` members (a lost
    race's next free times) come after the standard ones.
    """
    text = message(exc.key, **exc.params)
    if exc.status == 422:  # the documented ValidationProblem shape: always `errors`
        field = str(exc.params.get("field", "$"))
        errors = [{"field": field, "code": exc.key, "message": text}]
        return problem(422, TITLES[422], text, code=exc.key, errors=errors, **extra)
    return problem(exc.status, TITLES.get(exc.status, "Error"), text, code=exc.key, **extra)
