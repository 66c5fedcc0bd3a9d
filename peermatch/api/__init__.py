"""JSON API at /api/v1: bearer tokens only (never the browser's cookie session), problem+json
errors, typed request bodies and an OpenAPI document generated from the same declarations.

Endpoint modules live in ``peermatch/api/routes/`` and are imported automatically, so a
feature adds an API without editing a shared list. See ``peermatch.api.openapi.endpoint``.
"""

from __future__ import annotations

import importlib
import pkgutil

from flask import Flask, Response

from peermatch.api import routes
from peermatch.api.blueprint import bp
from peermatch.api.validation import ValidationFailed
from peermatch.edge.paths import is_api_request
from peermatch.extensions import csrf


def _load_routes() -> None:
    """Import every endpoint module (once: imports are cached) before the blueprint is
    registered, since Flask refuses new routes on a blueprint after its first registration."""
    for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda i: i.name):
        importlib.import_module(f"{routes.__name__}.{info.name}")


def init_api(app: Flask) -> None:
    from peermatch.api.http import validation_problem

    _load_routes()
    # Bearer tokens are not sent automatically by browsers, so CSRF cannot apply; cookie
    # sessions are refused on /api/ paths (peermatch.edge.access), which keeps this safe.
    csrf.exempt(bp)
    if "api" not in app.blueprints:
        app.register_blueprint(bp)

    @app.errorhandler(ValidationFailed)
    def _validation_failed(exc: ValidationFailed) -> Response:
        return validation_problem(exc)

    # API answers differ per token and language (that they are never stored is the rule of
    # ``security.headers``, for every personal answer)
    @app.after_request
    def _vary(response: Response) -> Response:
        if is_api_request():
            headers = response.headers
            if "Vary" in headers:  # rare: keep what the view said (the parsed set is slower)
                response.vary.update(("Authorization", "Accept-Language"))
            else:
                headers["Vary"] = "Authorization, Accept-Language"
        return response
