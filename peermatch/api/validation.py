"""One schema engine for the API: pydantic 2 validates input and writes the JSON Schema.

Endpoints keep declaring plain (frozen) dataclasses with ``Annotated[...]`` markers
(``Length``, ``Range``, ``Doc``). This module turns each into a pydantic dataclass with the
house rules added, and both ``parse`` and the OpenAPI document (``peermatch.api.openapi``)
use that one ``TypeAdapter``, so what is accepted and what is documented cannot drift apart.

House rules, applied to every input field so no endpoint can forget them: extra fields are
refused, strings are stripped, bounded and free of NUL bytes (PostgreSQL refuses them), ints
fit the database's 32-bit columns (ids are 1..2^31-1), dates and datetimes lie in sane years
(no overflow when converting zones), wall-clock times are exactly ``HH:MM``. JSON bodies are
validated strictly (no "6" for 6), query strings laxly (text is all they have).

Shape only: what a value *means* (is this window overlapping another?) is the service's job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import json
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar, get_args, get_origin, get_type_hints

import annotated_types
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    WithJsonSchema,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

T = TypeVar("T")

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
MIN_YEAR = 1900
MAX_YEAR = 2199
DEFAULT_MAX_TEXT = 10_000  # a string without its own Length still has a ceiling
DEFAULT_MAX_ITEMS = 1_000
WALL_TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
YEAR_PATTERN = "^(19|2[01])[0-9]{2}-"  # MIN_YEAR..MAX_YEAR, so clients see the bound too
NUL_FREE_PATTERN = "^[^\\x00]*$"


@dataclass(frozen=True, slots=True)
class Length:
    """String (or list) length bounds."""

    min: int | None = None
    max: int | None = None


@dataclass(frozen=True, slots=True)
class Range:
    """Inclusive numeric bounds."""

    min: float | None = None
    max: float | None = None


@dataclass(frozen=True, slots=True)
class Doc:
    """A description that ends up in the OpenAPI document."""

    text: str


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field; ``field`` is a JSON path such as ``windows[2].start``."""

    field: str
    code: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


class ValidationFailed(Exception):
    """Raised by ``parse``; the API answers 422 problem+json listing every field error."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors


# Error codes double as translation keys (see peermatch/i18n/messages/api.py).
REQUIRED = "api.field.required"
UNKNOWN = "api.field.unknown"
WRONG_TYPE = "api.field.wrong_type"
TOO_SHORT = "api.field.too_short"
TOO_LONG = "api.field.too_long"
TOO_SMALL = "api.field.too_small"
TOO_LARGE = "api.field.too_large"
NOT_ALLOWED = "api.field.not_allowed"
BAD_FORMAT = "api.field.bad_format"
NOT_AN_OBJECT = "api.field.not_an_object"
NUL_BYTE = "api.field.nul_byte"
YEAR_RANGE = "api.field.year_range"


def unwrap(hint: Any) -> tuple[Any, list[Any]]:
    """Split ``Annotated[T, m1, m2]`` into ``(T, [m1, m2])``."""
    if get_origin(hint) is typing.Annotated:
        base, *markers = get_args(hint)
        inner, more = unwrap(base)
        return inner, [*markers, *more]
    return hint, []


def optional_inner(hint: Any) -> Any | None:
    """``X`` for ``X | None``; None when the hint is not optional."""
    origin = get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(get_args(hint)) == 2:
            return args[0]
    return None


@functools.cache
def _optional_fields(cls: type) -> frozenset[str]:
    return frozenset(
        name for name, hint in hints(cls).items() if optional_inner(unwrap(hint)[0]) is not None
    )


@functools.cache
def hints(cls: type) -> dict[str, Any]:
    """Resolved once per class: resolving string annotations compiles code, which cost more
    than the rest of reading a small query string (the classes are fixed at import)."""
    return get_type_hints(cls, include_extras=True)


# --- the house rules as pydantic metadata -------------------------------------------------


def _year_in_range(value: Any) -> Any:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError(
            "year_range", "year out of range", {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    return value


def _to_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def _wall_time(raw: Any) -> Any:
    """``HH:MM`` only: the documented pattern is the accepted one (no seconds, no offset)."""
    if isinstance(raw, dt.time):
        return raw
    if not isinstance(raw, str) or not re.fullmatch(WALL_TIME_PATTERN[1:-1], raw):
        raise PydanticCustomError("wall_time", "wall-clock time HH:MM", {"format": "HH:MM"})
    try:
        return dt.time.fromisoformat(raw)
    except ValueError:
        raise PydanticCustomError("wall_time", "wall-clock time HH:MM", {}) from None


def _aware(raw: Any) -> Any:
    if isinstance(raw, str):
        try:
            parsed = dt.datetime.fromisoformat(raw)
        except ValueError:
            return raw  # pydantic reports the format
        if parsed.tzinfo is None:
            raise PydanticCustomError("naive", "datetime without offset", {})
        return parsed
    return raw


# Whitespace as JSON Schema (ECMA-262) and pydantic's regex engine both define ``\s``
# differently from Python's ``str.strip``; spelling it out keeps "stripped text is not
# blank" exactly the same rule in the document and in the validator.
WHITESPACE = (
    "\t\n\x0b\x0c\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_WS_CLASS = (
    "\\t\\n\\x0b\\x0c\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
NON_BLANK_PATTERN = f"^[^\\x00]*[^\\x00{_WS_CLASS}][^\\x00]*$"


def _text(min_length: int, max_length: int) -> Any:
    """Lengths are checked on the text as sent (as the schema says), then it is stripped."""

    def check(raw: Any) -> Any:
        if not isinstance(raw, str):
            return raw  # pydantic reports the type
        if len(raw) > max_length:
            raise PydanticCustomError("too_long", "too long", {"max_length": max_length})
        if len(raw) < min_length:
            raise PydanticCustomError("too_short", "too short", {"min_length": min_length})
        return raw.strip(WHITESPACE)

    return check


def _text_rules(markers: list[Any]) -> tuple[list[Any], list[Any]]:
    """The pydantic metadata for an inbound string, and the markers left for others."""
    lengths = [m for m in markers if isinstance(m, Length)]
    rest = [m for m in markers if not isinstance(m, Length)]
    low = max([m.min or 0 for m in lengths], default=0)
    high = min([m.max for m in lengths if m.max is not None], default=DEFAULT_MAX_TEXT)
    pattern = NON_BLANK_PATTERN if low > 0 else NUL_FREE_PATTERN
    schema: dict[str, Any] = {"type": "string", "maxLength": high, "pattern": pattern}
    if low:
        schema["minLength"] = low
    rules = [BeforeValidator(_text(low, high)), Field(pattern=pattern), WithJsonSchema(schema)]
    return rules, rest


def _integral(raw: Any) -> Any:
    """JSON Schema counts 2.0 as an integer, so the validator does too (2.5 is refused)."""
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


_WALL_TIME = (
    BeforeValidator(_wall_time),
    WithJsonSchema({"type": "string", "pattern": WALL_TIME_PATTERN, "examples": ["10:00"]}),
)
_DATE_IN = (
    AfterValidator(_year_in_range),
    WithJsonSchema({"type": "string", "format": "date", "pattern": YEAR_PATTERN}),
)
_DATETIME_IN = (
    BeforeValidator(_aware),
    AfterValidator(_year_in_range),
    AfterValidator(_to_utc),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": YEAR_PATTERN}),
)
_DATETIME_OUT = WithJsonSchema({"type": "string", "format": "date-time"})


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith(("_id", "_ids"))


def _markers(markers: list[Any]) -> list[Any]:
    """Our own markers as pydantic/annotated-types metadata."""
    out: list[Any] = []
    for marker in markers:
        if isinstance(marker, Length):
            out.append(annotated_types.Len(marker.min or 0, marker.max))
        elif isinstance(marker, Range):
            out.append(annotated_types.Interval(ge=marker.min, le=marker.max))
        elif isinstance(marker, Doc):
            out.append(Field(description=marker.text))
        else:
            out.append(marker)
    return out


def _annotate(base: Any, extra: list[Any]) -> Any:
    if not extra:
        return base
    return Annotated[(base, *extra)]


def _rewrite(hint: Any, name: str, inbound: bool) -> Any:
    """The pydantic hint for one of our hints: house rules first, the endpoint's own markers
    last (so a declared ``Length``/``Range`` narrows the default)."""
    base, markers = unwrap(hint)
    inner = optional_inner(base)
    if inner is not None:
        # Bounds belong to the value, the description to the field.
        bounds = [m for m in markers if isinstance(m, Length | Range)]
        docs = [m for m in markers if not isinstance(m, Length | Range)]
        bounded = _annotate(inner, bounds)
        return _annotate(_rewrite(bounded, name, inbound) | None, _markers(docs))
    origin = get_origin(base)
    rules: list[Any] = []
    if base is str and inbound:
        rules, markers = _text_rules(markers)
    own = _markers(markers)
    if dataclasses.is_dataclass(base) and isinstance(base, type):
        new: Any = _pydantic_dataclass(base, inbound)
    elif origin is list:
        new = list[_rewrite(get_args(base)[0], name, inbound)]  # type: ignore[misc]
        if inbound:
            rules.append(annotated_types.Len(0, DEFAULT_MAX_ITEMS))
    elif origin is dict:
        key, value = get_args(base)
        new = dict[_rewrite(key, "", inbound), _rewrite(value, "", inbound)]  # type: ignore[misc]
    elif base is dt.time:
        new, rules = base, list(_WALL_TIME)
    elif base is dt.datetime:
        new, rules = base, list(_DATETIME_IN) if inbound else [_DATETIME_OUT]
    elif base is dt.date:
        new, rules = base, list(_DATE_IN if inbound else ())
    elif base is str:
        new = base  # inbound rules were set above
    elif base is int:
        low = 1 if _is_id(name) else INT32_MIN
        new, rules = base, [annotated_types.Interval(ge=low, le=INT32_MAX)] if inbound else []
        if inbound:  # outermost, so the bounds stay plain `minimum`/`maximum` in the schema
            own.append(BeforeValidator(_integral))
    elif base is float:
        new, rules = base, [Field(allow_inf_nan=False)] if inbound else []
    else:
        new = base  # bool, enums, Literal: pydantic's own rules are exact
    return _annotate(new, [*rules, *own])


_ORIGINALS: dict[type, type] = {}
_NAMES: dict[str, type] = {}


def _component_name(cls: type) -> str:
    """One OpenAPI component name per class: a second ``SlotOut`` (another endpoint module)
    becomes ``SessionsSlotOut`` instead of overwriting the first."""
    name = cls.__name__
    owner = _NAMES.setdefault(name, cls)
    if owner is cls:
        return name
    area = cls.__module__.rsplit(".", 1)[-1].title().replace("_", "")
    unique = f"{area}{name}"
    _NAMES.setdefault(unique, cls)
    return unique


_CONFIG = ConfigDict(extra="forbid", use_enum_values=False)


@functools.cache
def _pydantic_dataclass(cls: type, inbound: bool) -> type:
    """A copy of ``cls`` with rewritten hints that pydantic validates and describes."""
    type_hints = hints(cls)
    specs: list[tuple[str, Any, Any]] = []
    for f in dataclasses.fields(cls):
        hint = _rewrite(type_hints[f.name], f.name, inbound)
        if f.default is not dataclasses.MISSING:
            specs.append((f.name, hint, dataclasses.field(default=f.default)))
        elif f.default_factory is not dataclasses.MISSING:
            specs.append((f.name, hint, dataclasses.field(default_factory=f.default_factory)))
        else:
            specs.append((f.name, hint, dataclasses.field()))
    name = _component_name(cls)
    clone = dataclasses.make_dataclass(name, specs, frozen=True)
    clone.__module__ = cls.__module__
    own_doc = cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}(")
    clone.__doc__ = cls.__doc__ if own_doc else ""
    clone.__pydantic_config__ = _CONFIG  # type: ignore[attr-defined]
    _ORIGINALS[clone] = cls
    return clone


def adapter(hint: object, inbound: bool = True) -> TypeAdapter[Any]:
    """The one ``TypeAdapter`` for an endpoint's body, query or response type."""
    return _adapter(hint, inbound)


@functools.cache
def _adapter(hint: Any, inbound: bool) -> TypeAdapter[Any]:
    return TypeAdapter(_rewrite(hint, "", inbound))


def _back(value: Any) -> Any:
    """Validated pydantic copies back into the endpoint's own dataclasses."""
    original = _ORIGINALS.get(type(value))
    if original is not None:
        return original(
            **{f.name: _back(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    if isinstance(value, list):
        return [_back(v) for v in value]
    if isinstance(value, dict):
        return {k: _back(v) for k, v in value.items()}
    return value


# --- pydantic errors as our stable codes (one place) ---------------------------------------

_EXPECTED = {
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "string": "string",
    "list": "array",
}
_FORMATS = {"date": "YYYY-MM-DD", "time": "HH:MM", "datetime": "ISO 8601 with offset"}


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else str(part)
    return out or "$"


def _field_error(error: Any) -> FieldError:
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    path = _path(tuple(error["loc"]))
    prefix = kind.split("_")[0]
    if kind == "missing" or (kind.endswith("_type") and error.get("input", 0) is None):
        return FieldError(path, REQUIRED)
    if kind in {"extra_forbidden", "unexpected_keyword_argument"}:
        return FieldError(path, UNKNOWN)
    if kind in {
        "dataclass_type",
        "dataclass_exact_type",
        "dict_type",
        "model_type",
        "json_invalid",
    }:
        return FieldError(path, NOT_AN_OBJECT)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NUL_FREE_PATTERN:
        return FieldError(path, NUL_BYTE)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NON_BLANK_PATTERN:
        if "\x00" in str(error.get("input", "")):
            return FieldError(path, NUL_BYTE)
        return FieldError(path, TOO_SHORT, {"min": 1})
    if kind == "year_range":
        return FieldError(path, YEAR_RANGE, {"min": MIN_YEAR, "max": MAX_YEAR})
    if kind in {"string_too_short", "too_short"}:
        return FieldError(path, TOO_SHORT, {"min": ctx.get("min_length")})
    if kind in {"string_too_long", "too_long"}:
        return FieldError(path, TOO_LONG, {"max": ctx.get("max_length")})
    if kind in {"greater_than_equal", "greater_than"}:
        return FieldError(path, TOO_SMALL, {"min": ctx.get("ge", ctx.get("gt"))})
    if kind in {"less_than_equal", "less_than"}:
        return FieldError(path, TOO_LARGE, {"max": ctx.get("le", ctx.get("lt"))})
    if kind in {"enum", "literal_error"}:
        return FieldError(path, NOT_ALLOWED, {"allowed": ctx.get("expected", "")})
    if prefix in _FORMATS or kind in {"wall_time", "naive", "timezone_aware"}:
        fmt = "HH:MM" if kind == "wall_time" else _FORMATS.get(prefix, _FORMATS["datetime"])
        return FieldError(path, BAD_FORMAT, {"format": fmt})
    expected = _EXPECTED.get(prefix, prefix)
    return FieldError(path, WRONG_TYPE, {"expected": expected})


def _failed(exc: PydanticValidationError) -> ValidationFailed:
    return ValidationFailed([_field_error(e) for e in exc.errors(include_url=False)])


def parse(cls: type[T], data: object, *, from_query: bool = False) -> T:
    """Build ``cls`` from decoded JSON (or a query-string mapping when ``from_query``)."""
    if from_query:
        if not isinstance(data, Mapping):
            raise ValidationFailed([FieldError("$", NOT_AN_OBJECT)])
        optional = _optional_fields(typing.cast(type, cls))
        # A blank optional parameter is absent; a blank value for anything else is refused.
        present = {k: v for k, v in data.items() if not (v == "" and k in optional)}
        try:
            value = adapter(cls).validate_python(present, strict=False)
        except PydanticValidationError as exc:
            raise _failed(exc) from None
        return typing.cast(T, _back(value))
    return parse_json(cls, json.dumps(data, default=str))


def parse_json(cls: type[T], raw: str | bytes) -> T:
    """Build ``cls`` from a raw JSON document, strictly (JSON types must match)."""
    try:
        value = adapter(cls).validate_json(raw, strict=True)
    except PydanticValidationError as exc:
        raise _failed(exc) from None
    return typing.cast(T, _back(value))


#: Returned as they are: checked by exact type first, since most values are these.
_PLAIN_JSON = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_json(value: object) -> Any:
    """Dataclasses, enums, dates and times as plain JSON values (datetimes in UTC, ISO 8601).

    Every API answer passes through here, item by item: the common kinds are told apart by
    their exact type before the general checks."""
    kind: Any = type(value)
    if kind in _PLAIN_JSON:
        return value
    if kind is list or kind is tuple:
        return [to_json(v) for v in value]  # type: ignore[attr-defined]
    if hasattr(kind, "__dataclass_fields__"):
        return {name: to_json(getattr(value, name)) for name in _field_names(kind)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    return value
