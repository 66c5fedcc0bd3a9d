"""Turn JSON bodies and query strings into typed dataclasses, or a clear list of field errors.

The same dataclasses document the API (``peermatch.api.openapi`` reads their type hints), so
what is validated and what is documented can never drift apart. Shape only: lengths, types,
formats. What a value *means* (is this window overlapping another?) is the service's job.

Supported field types: str, int, float, bool, datetime.date, datetime.time,
datetime.datetime (aware, ISO 8601), StrEnum and Literal values, nested dataclasses,
``list[X]`` and ``X | None``. Constraints come from ``Annotated[...]`` markers below.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

T = TypeVar("T")


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


class _Missing:
    pass


MISSING = _Missing()


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


def hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


def parse(cls: type[T], data: object, *, from_query: bool = False) -> T:
    """Build ``cls`` from decoded JSON (or a query-string mapping when ``from_query``)."""
    errors: list[FieldError] = []
    value = _parse_dataclass(cls, data, "", errors, from_query)
    if errors:
        raise ValidationFailed(errors)
    return typing.cast(T, value)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _parse_dataclass(
    cls: type, data: object, path: str, errors: list[FieldError], from_query: bool
) -> object:
    if not isinstance(data, Mapping):
        errors.append(FieldError(path or "$", NOT_AN_OBJECT))
        return None
    type_hints = hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in fields:
            errors.append(FieldError(_join(path, str(key)), UNKNOWN))
    values: dict[str, object] = {}
    before = len(errors)
    for name, f in fields.items():
        field_path = _join(path, name)
        if name not in data:
            has_default = (
                f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
            )
            if not has_default:
                errors.append(FieldError(field_path, REQUIRED))
            continue
        values[name] = _parse_value(type_hints[name], data[name], field_path, errors, from_query)
    if len(errors) > before:
        return None
    return cls(**values)


def _parse_value(
    hint: Any, raw: object, path: str, errors: list[FieldError], from_query: bool
) -> object:
    base, markers = unwrap(hint)
    inner = optional_inner(base)
    if inner is not None:
        if raw is None or (from_query and raw == ""):
            return None
        base = inner
    elif raw is None:
        errors.append(FieldError(path, REQUIRED))
        return None
    value = _convert(base, raw, path, errors, from_query)
    if value is MISSING:
        return None
    _check_markers(value, markers, path, errors)
    return value


def _convert(
    base: Any, raw: object, path: str, errors: list[FieldError], from_query: bool
) -> object:
    origin = get_origin(base)
    if dataclasses.is_dataclass(base) and isinstance(base, type):
        return _parse_dataclass(base, raw, path, errors, from_query)
    if origin is list:
        (item_hint,) = get_args(base)
        if not isinstance(raw, list):
            errors.append(FieldError(path, WRONG_TYPE, {"expected": "array"}))
            return MISSING
        return [
            _parse_value(item_hint, item, f"{path}[{i}]", errors, from_query)
            for i, item in enumerate(raw)
        ]
    if origin is typing.Literal:
        allowed = get_args(base)
        if raw not in allowed:
            errors.append(FieldError(path, NOT_ALLOWED, {"allowed": ", ".join(map(str, allowed))}))
            return MISSING
        return raw
    if isinstance(base, type) and issubclass(base, enum.Enum):
        allowed_values = [m.value for m in base]
        if raw not in allowed_values:
            errors.append(
                FieldError(path, NOT_ALLOWED, {"allowed": ", ".join(map(str, allowed_values))})
            )
            return MISSING
        return base(raw)
    if base is bool:
        if from_query and isinstance(raw, str) and raw.lower() in {"true", "1", "false", "0"}:
            return raw.lower() in {"true", "1"}
        if not isinstance(raw, bool):
            errors.append(FieldError(path, WRONG_TYPE, {"expected": "boolean"}))
            return MISSING
        return raw
    if base is int:
        if from_query and isinstance(raw, str) and raw.lstrip("-").isdigit():
            return int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int):
            errors.append(FieldError(path, WRONG_TYPE, {"expected": "integer"}))
            return MISSING
        return raw
    if base is float:
        if from_query and isinstance(raw, str):
            try:
                return float(raw)
            except ValueError:
                pass
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            errors.append(FieldError(path, WRONG_TYPE, {"expected": "number"}))
            return MISSING
        return float(raw)
    if base is str:
        if not isinstance(raw, str):
            errors.append(FieldError(path, WRONG_TYPE, {"expected": "string"}))
            return MISSING
        return raw.strip()
    if base in (dt.date, dt.time, dt.datetime):
        return _parse_temporal(base, raw, path, errors)
    raise TypeError(f"validation does not support {base!r} (at {path})")


_WALL_TIME = re.compile(r"[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?")
_FORMATS = {dt.date: "YYYY-MM-DD", dt.time: "HH:MM", dt.datetime: "ISO 8601 with offset"}


def _parse_temporal(base: Any, raw: object, path: str, errors: list[FieldError]) -> object:
    fmt = {"format": _FORMATS[base]}
    if not isinstance(raw, str):
        errors.append(FieldError(path, BAD_FORMAT, fmt))
        return MISSING
    try:
        if base is dt.date:
            return dt.date.fromisoformat(raw)
        if base is dt.time:
            if not _WALL_TIME.fullmatch(raw):
                raise ValueError("wall-clock times are HH:MM (no offset)")
            return dt.time.fromisoformat(raw)
        moment = dt.datetime.fromisoformat(raw)
        if moment.tzinfo is None:
            raise ValueError("naive datetime")
        return moment.astimezone(dt.UTC)
    except ValueError:
        errors.append(FieldError(path, BAD_FORMAT, fmt))
        return MISSING


def _check_markers(value: object, markers: list[Any], path: str, errors: list[FieldError]) -> None:
    for marker in markers:
        if isinstance(marker, Length) and isinstance(value, str | list):
            if marker.min is not None and len(value) < marker.min:
                errors.append(FieldError(path, TOO_SHORT, {"min": marker.min}))
            if marker.max is not None and len(value) > marker.max:
                errors.append(FieldError(path, TOO_LONG, {"max": marker.max}))
        elif isinstance(marker, Range) and isinstance(value, int | float):
            if marker.min is not None and value < marker.min:
                errors.append(FieldError(path, TOO_SMALL, {"min": marker.min}))
            if marker.max is not None and value > marker.max:
                errors.append(FieldError(path, TOO_LARGE, {"max": marker.max}))


def to_json(value: object) -> Any:
    """Dataclasses, enums, dates and times as plain JSON values (datetimes in UTC, ISO 8601)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
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
