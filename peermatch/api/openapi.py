"""OpenAPI 3.1 document built from the endpoints themselves.

Every API view is declared with ``@endpoint(...)``, which both adds the Flask route and
records the operation (summary, body/query/response dataclasses, possible error statuses).
The document is assembled on request from that registry plus the view's access rule, so an
endpoint cannot exist undocumented (a test walks ``app.url_map`` to prove it).

    @endpoint("GET", "/me", summary="The signed-in user", response=MeOut, tag="account")
    @authenticated
    def me() -> Response: ...
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, get_args, get_origin

from flask import Flask

from peermatch.api.blueprint import bp
from peermatch.api.validation import Doc, Length, Range, hints, optional_inner, unwrap
from peermatch.auth.access import PUBLIC, access_rule

F = TypeVar("F", bound=Callable[..., Any])

VERSION = "1.0.0"
PROBLEM = "Problem"
VALIDATION_PROBLEM = "ValidationProblem"


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str  # Flask rule below the blueprint prefix, e.g. "/availability/exceptions/<int:id>"
    endpoint: str  # Flask endpoint, e.g. "api.availability_exception_delete"
    summary: str
    tag: str
    description: str | None = None
    body: type | None = None
    query: type | None = None
    response: Any = None  # a dataclass, list[dataclass], or None for 204
    status: int = 200
    errors: tuple[int, ...] = ()  # domain error statuses besides 401/403/422


REGISTRY: list[Operation] = []


def endpoint(
    method: str,
    path: str,
    *,
    summary: str,
    tag: str,
    response: Any = None,
    status: int = 200,
    body: type | None = None,
    query: type | None = None,
    errors: tuple[int, ...] = (),
    description: str | None = None,
) -> Callable[[F], F]:
    """Route ``method path`` on the API blueprint and document it. Put it above the access
    decorator (``@public``/``@authenticated``/``@roles``)."""
    method = method.upper()

    def decorate(view: F) -> F:
        bp.add_url_rule(path, endpoint=view.__name__, view_func=view, methods=[method])
        REGISTRY.append(
            Operation(
                method=method,
                path=path,
                endpoint=f"{bp.name}.{view.__name__}",
                summary=summary,
                tag=tag,
                description=description,
                body=body,
                query=query,
                response=response,
                status=status,
                errors=errors,
            )
        )
        return view

    return decorate


_PARAM = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>")


def openapi_path(flask_rule: str) -> str:
    return _PARAM.sub(lambda m: "{" + m.group("name") + "}", flask_rule)


class _Schemas:
    """Collects component schemas for dataclasses while turning type hints into JSON Schema."""

    def __init__(self) -> None:
        self.components: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.components:
            self.components[name] = {}  # placeholder against recursion
            self.components[name] = self._object(cls)
        return {"$ref": f"#/components/schemas/{name}"}

    def _object(self, cls: type) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        type_hints = hints(cls)
        for f in dataclasses.fields(cls):
            properties[f.name] = self.of(type_hints[f.name])
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                required.append(f.name)
        schema: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
            schema["description"] = " ".join(cls.__doc__.split())
        return schema

    def of(self, hint: Any) -> dict[str, Any]:
        base, markers = unwrap(hint)
        inner = optional_inner(base)
        schema = self._plain(inner if inner is not None else base)
        for marker in markers:
            if isinstance(marker, Length):
                is_array = schema.get("type") == "array"
                if marker.min is not None:
                    schema["minItems" if is_array else "minLength"] = marker.min
                if marker.max is not None:
                    schema["maxItems" if is_array else "maxLength"] = marker.max
            elif isinstance(marker, Range):
                if marker.min is not None:
                    schema["minimum"] = marker.min
                if marker.max is not None:
                    schema["maximum"] = marker.max
            elif isinstance(marker, Doc):
                schema["description"] = marker.text
        if inner is not None:
            return {"anyOf": [schema, {"type": "null"}]}
        return schema

    def _plain(self, base: Any) -> dict[str, Any]:
        origin = get_origin(base)
        if dataclasses.is_dataclass(base) and isinstance(base, type):
            return self.ref(base)
        if origin is list:
            return {"type": "array", "items": self.of(get_args(base)[0])}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.of(get_args(base)[1])}
        if origin is typing.Literal:
            return {"enum": list(get_args(base))}
        if isinstance(base, type) and issubclass(base, enum.Enum):
            return {"type": "string", "enum": [m.value for m in base]}
        simple: dict[Any, dict[str, Any]] = {
            str: {"type": "string"},
            int: {"type": "integer"},
            float: {"type": "number"},
            bool: {"type": "boolean"},
            dt.date: {"type": "string", "format": "date"},
            dt.time: {
                "type": "string",
                "pattern": "^[0-2][0-9]:[0-5][0-9]$",
                "examples": ["10:00"],
            },
            dt.datetime: {"type": "string", "format": "date-time"},
        }
        if base in simple:
            return dict(simple[base])
        raise TypeError(f"openapi cannot describe {base!r}")


def _problem_response(description: str, validation: bool = False) -> dict[str, Any]:
    name = VALIDATION_PROBLEM if validation else PROBLEM
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
        },
    }


_ERROR_TEXTS = {
    400: "Bad request",
    404: "Not found (or not yours)",
    409: "Conflict with the current state",
    422: "Invalid input; `errors` lists each field",
}


def _parameters(rule_path: str, query: type | None, schemas: _Schemas) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = []
    for match in _PARAM.finditer(rule_path):
        kind = "integer" if match.group("conv") == "int" else "string"
        params.append(
            {
                "name": match.group("name"),
                "in": "path",
                "required": True,
                "schema": {"type": kind},
            }
        )
    if query is not None:
        type_hints = hints(query)
        for f in dataclasses.fields(query):
            no_default = (
                f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            )
            param: dict[str, Any] = {
                "name": f.name,
                "in": "query",
                "required": no_default,
                "schema": schemas.of(type_hints[f.name]),
            }
            if f.default is not dataclasses.MISSING and f.default is not None:
                param["schema"]["default"] = f.default
            params.append(param)
    return params


def _operation(op: Operation, app: Flask, schemas: _Schemas) -> dict[str, Any]:
    rule = access_rule(app.view_functions.get(op.endpoint))
    doc: dict[str, Any] = {
        "operationId": op.endpoint.removeprefix(f"{bp.name}."),
        "summary": op.summary,
        "tags": [op.tag],
    }
    if op.description:
        doc["description"] = op.description
    params = _parameters(op.path, op.query, schemas)
    if params:
        doc["parameters"] = params
    if op.body is not None:
        doc["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": schemas.of(op.body)}},
        }
    responses: dict[str, Any] = {}
    if op.response is None:
        responses[str(op.status)] = {"description": "Done"}
    else:
        responses[str(op.status)] = {
            "description": "OK",
            "content": {"application/json": {"schema": schemas.of(op.response)}},
        }
    if rule == PUBLIC:
        doc["security"] = []
    else:
        responses["401"] = _problem_response("No valid bearer token")
        if isinstance(rule, frozenset):
            doc["description"] = (
                doc.get("description", "") + f" Roles: {', '.join(sorted(rule))}."
            ).strip()
            responses["403"] = _problem_response("Your roles do not allow this")
    if op.body is not None or op.query is not None:
        responses["422"] = _problem_response(_ERROR_TEXTS[422], validation=True)
    for status in op.errors:
        if status == 422:
            responses["422"] = _problem_response(_ERROR_TEXTS[422], validation=True)
        else:
            responses[str(status)] = _problem_response(_ERROR_TEXTS.get(status, "Error"))
    doc["responses"] = responses
    return doc


def build_document(app: Flask) -> dict[str, Any]:
    schemas = _Schemas()
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(REGISTRY, key=lambda o: (o.path, o.method)):
        full = openapi_path(f"{bp.url_prefix}{op.path}")
        paths.setdefault(full, {})[op.method.lower()] = _operation(op, app, schemas)
    components_schemas = dict(sorted(schemas.components.items()))
    components_schemas[PROBLEM] = {
        "type": "object",
        "description": "RFC 9457 problem details. `code` is a stable key for domain errors.",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string", "description": "Translated (Accept-Language)"},
            "code": {"type": "string"},
        },
        "required": ["type", "title", "status"],
    }
    components_schemas[VALIDATION_PROBLEM] = {
        "allOf": [
            {"$ref": f"#/components/schemas/{PROBLEM}"},
            {
                "type": "object",
                "properties": {
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "field": {"type": "string", "examples": ["windows[0].start"]},
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                            },
                            "required": ["field", "code", "message"],
                        },
                    }
                },
                "required": ["errors"],
            },
        ]
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "PeerMatch API",
            "version": VERSION,
            "description": (
                "Personal access tokens (create them on your account page) go in "
                "`Authorization: Bearer <token>`. Browser sessions are not accepted. Errors "
                "are application/problem+json; times are UTC ISO 8601 unless a field says "
                "it is a local wall-clock time."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal access token from your account page",
                }
            },
            "schemas": components_schemas,
        },
    }
