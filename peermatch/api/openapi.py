"""OpenAPI 3.1 document built from the endpoints themselves.

Every API view is declared with ``@endpoint(...)``, which both adds the Flask route and
records the operation (summary, body/query/response dataclasses, possible error statuses).
The document is assembled on request from that registry plus the view's access rule, so an
endpoint cannot exist undocumented (a test walks ``app.url_map`` to prove it).

    @endpoint("GET", "/me", summary="The signed-in user", response=MeOut, tag="account")
    @authenticated
    def me(call: Call) -> Response: ...

The registry also runs the handler as a use case: it hands it one :class:`Call` (session,
user, now, origin, read once) and turns a ``DomainError`` into problem+json, after rolling
the request's writes back, so handlers hold neither ``ctx.*()`` reads nor ``try`` blocks.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Concatenate, ParamSpec, TypeVar, get_origin

from flask import Flask, Response, g, request
from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode

from peermatch.api.blueprint import bp
from peermatch.api.refusals import refusal_problem
from peermatch.api.validation import INT32_MAX, Doc, Range, adapter
from peermatch.auth.access import PUBLIC, access_rule
from peermatch.edge.context import Call
from peermatch.edge.errors import roll_back
from peermatch.services.errors import DomainError

F = TypeVar("F", bound=Callable[..., Any])
P = ParamSpec("P")
Handler = Callable[Concatenate[Call, P], Response]

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

    @property
    def paginated(self) -> bool:
        """Every collection is paged, so no list can grow into one unbounded answer."""
        own = getattr(self.query, "__dataclass_fields__", {})
        return get_origin(self.response) is list and not any(p in own for p in PAGE_PARAMS)


MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class PageQuery:
    limit: Annotated[int, Range(1, MAX_PAGE_SIZE), Doc("Items per page")] = DEFAULT_PAGE_SIZE
    page: Annotated[int, Range(1, 100_000), Doc("1-based page number; follow `Link: rel=next`")] = 1


PAGE_PARAMS = ("limit", "page")


def current_page() -> PageQuery | None:
    """The validated page of the running request, when its endpoint returns a collection."""
    page: PageQuery | None = g.get("api_page")
    return page


def _paged(view: F) -> F:
    """Validate ``limit``/``page`` before the handler runs (a 422 for a bad one)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from peermatch.api.validation import parse

        given = {k: v for k, v in request.args.items() if k in PAGE_PARAMS}
        g.api_page = parse(PageQuery, given, from_query=True)
        return view(*args, **kwargs)

    return typing.cast(F, wrapper)


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
) -> Callable[[Handler[P]], Handler[P]]:
    """Route ``method path`` on the API blueprint and document it. Put it above the access
    decorator (``@public``/``@authenticated``/``@roles``). The handler takes a :class:`Call`
    first, then the URL's arguments."""
    method = method.upper()

    def decorate(view: Handler[P]) -> Handler[P]:
        operation = Operation(
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
        routed = _paged(as_use_case(view)) if operation.paginated else as_use_case(view)
        bp.add_url_rule(path, endpoint=view.__name__, view_func=routed, methods=[method])
        REGISTRY.append(operation)
        return view

    return decorate


def as_use_case(view: Handler[P]) -> Callable[P, Response]:
    """The Flask view for ``view``: a fresh :class:`Call` per request, and a refusal answered
    as problem+json here, in one place, with the unit of work rolled back first."""

    @functools.wraps(view)
    def run(*args: P.args, **kwargs: P.kwargs) -> Response:
        try:
            return view(Call(), *args, **kwargs)
        except DomainError as err:
            roll_back()
            return refusal_problem(err)

    return run


_PARAM = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>")


def openapi_path(flask_rule: str) -> str:
    return _PARAM.sub(lambda m: "{" + m.group("name") + "}", flask_rule)


class _Generator(GenerateJsonSchema):
    """Pydantic's JSON Schema without the per-field titles it derives from attribute names."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


class _Schemas:
    """Collects the pydantic JSON Schemas of every body, query and response, then emits them
    together so shared components get one unique name each (two endpoint modules may both
    have a ``SlotOut``; pydantic qualifies colliding names instead of overwriting one)."""

    def __init__(self) -> None:
        self._wanted: list[tuple[tuple[int, str], Any, bool]] = []
        self.resolved: dict[tuple[int, str], dict[str, Any]] = {}
        self.components: dict[str, Any] = {}

    def want(self, key: tuple[int, str], hint: Any, inbound: bool) -> None:
        if all(key != k for k, _h, _i in self._wanted):
            self._wanted.append((key, hint, inbound))

    def build(self) -> None:
        inputs: list[tuple[tuple[int, str], JsonSchemaMode, TypeAdapter[Any]]] = [
            (key, "validation" if inbound else "serialization", adapter(hint, inbound))
            for key, hint, inbound in self._wanted
        ]
        mapping, definitions = TypeAdapter.json_schemas(
            inputs, ref_template="#/components/schemas/{model}", schema_generator=_Generator
        )
        self.components = dict(definitions.get("$defs", {}))
        for (key, _mode), schema in mapping.items():
            self.resolved[key] = schema

    def get(self, key: tuple[int, str]) -> dict[str, Any]:
        return self.resolved[key]

    def component(self, schema: dict[str, Any]) -> dict[str, Any]:
        """The object schema behind a ``$ref`` (query parameters are listed field by field)."""
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return typing.cast(dict[str, Any], self.components[ref.rsplit("/", 1)[-1]])
        return schema


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


_PATH_INT = {"type": "integer", "minimum": 1, "maximum": INT32_MAX}


def _parameters(op: Operation, schemas: _Schemas) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = []
    for match in _PARAM.finditer(op.path):
        schema = dict(_PATH_INT) if match.group("conv") == "int" else {"type": "string"}
        params.append(
            {"name": match.group("name"), "in": "path", "required": True, "schema": schema}
        )
    for query in (op.query, PageQuery if op.paginated else None):
        if query is None:
            continue
        obj = schemas.component(schemas.get((id(query), "query")))
        required = set(obj.get("required", []))
        for name, schema in obj.get("properties", {}).items():
            params.append(
                {"name": name, "in": "query", "required": name in required, "schema": schema}
            )
    return params


_LINK_HEADER = {
    "Link": {
        "description": 'RFC 8288 link to the next page (`rel="next"`) while there is one',
        "schema": {"type": "string"},
    }
}


def _operation(op: Operation, app: Flask, schemas: _Schemas) -> dict[str, Any]:
    rule = access_rule(app.view_functions.get(op.endpoint))
    doc: dict[str, Any] = {
        "operationId": op.endpoint.removeprefix(f"{bp.name}."),
        "summary": op.summary,
        "tags": [op.tag],
    }
    if op.description:
        doc["description"] = op.description
    params = _parameters(op, schemas)
    if params:
        doc["parameters"] = params
    if op.body is not None:
        doc["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": schemas.get((id(op.body), "body"))}},
        }
    responses: dict[str, Any] = {}
    if op.response is None:
        responses[str(op.status)] = {"description": "Done"}
    else:
        responses[str(op.status)] = {
            "description": "OK",
            "content": {"application/json": {"schema": schemas.get((id(op.response), "response"))}},
        }
        if op.paginated:
            responses[str(op.status)]["headers"] = dict(_LINK_HEADER)
    if rule == PUBLIC:
        doc["security"] = []
    else:
        responses["401"] = _problem_response("No valid bearer token")
        if isinstance(rule, frozenset):
            doc["description"] = (
                doc.get("description", "") + f" Roles: {', '.join(sorted(rule))}."
            ).strip()
            responses["403"] = _problem_response("Your roles do not allow this")
    if op.body is not None or op.query is not None or op.paginated:
        responses["422"] = _problem_response(_ERROR_TEXTS[422], validation=True)
    if _PARAM.search(op.path):
        responses["404"] = _problem_response(_ERROR_TEXTS[404])
    for status in op.errors:
        if status == 422:
            responses["422"] = _problem_response(_ERROR_TEXTS[422], validation=True)
        else:
            responses[str(status)] = _problem_response(_ERROR_TEXTS.get(status, "Error"))
    doc["responses"] = responses
    return doc


def build_document(app: Flask) -> dict[str, Any]:
    schemas = _Schemas()
    for op in REGISTRY:
        if op.body is not None:
            schemas.want((id(op.body), "body"), op.body, True)
        if op.query is not None:
            schemas.want((id(op.query), "query"), op.query, True)
        if op.response is not None:
            schemas.want((id(op.response), "response"), op.response, False)
    schemas.want((id(PageQuery), "query"), PageQuery, True)
    schemas.build()
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
