"""Typed parsing of API input: every field problem is reported with its path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Literal

import pytest

from peermatch.api.validation import Length, Range, ValidationFailed, parse, to_json
from peermatch.models.enums import Role


@dataclass(frozen=True)
class Window:
    weekday: Annotated[int, Range(0, 6)]
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class Body:
    name: Annotated[str, Length(1, 10)]
    windows: list[Window]
    role: Role = Role.YOUTH
    kind: Literal["a", "b"] = "a"
    day: dt.date | None = None
    tags: list[str] = field(default_factory=list)


def _errors(data: object) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as info:
        parse(Body, data)
    return {e.field: e.code for e in info.value.errors}


def test_a_valid_body_becomes_typed_values() -> None:
    body = parse(
        Body,
        {
            "name": " Sam ",
            "windows": [{"weekday": 0, "start": "10:00", "end": "12:30"}],
            "role": "peer_expert",
            "day": "2026-03-30",
        },
    )
    assert body == Body(
        name="Sam",
        windows=[Window(0, dt.time(10), dt.time(12, 30))],
        role=Role.PEER_EXPERT,
        day=dt.date(2026, 3, 30),
    )


def test_every_field_error_is_listed_with_its_path() -> None:
    errors = _errors(
        {
            "name": "",
            "windows": [{"weekday": 7, "start": "10", "end": 12}, {"weekday": True}],
            "role": "boss",
            "kind": "c",
            "extra": 1,
        }
    )
    assert errors == {
        "name": "api.field.too_short",
        "windows[0].weekday": "api.field.too_large",
        "windows[0].start": "api.field.bad_format",
        "windows[0].end": "api.field.bad_format",
        "windows[1].weekday": "api.field.wrong_type",
        "windows[1].start": "api.field.required",
        "windows[1].end": "api.field.required",
        "role": "api.field.not_allowed",
        "kind": "api.field.not_allowed",
        "extra": "api.field.unknown",
    }


def test_missing_required_fields_and_non_objects_are_reported() -> None:
    assert _errors({}) == {"name": "api.field.required", "windows": "api.field.required"}
    assert _errors([1]) == {"$": "api.field.not_an_object"}
    assert _errors({"name": None, "windows": "x"}) == {
        "name": "api.field.required",
        "windows": "api.field.wrong_type",
    }


def test_query_strings_convert_numbers_and_blank_optionals() -> None:
    @dataclass(frozen=True)
    class Query:
        weeks: Annotated[int, Range(1, 12)] = 4
        day: dt.date | None = None

    assert parse(Query, {"weeks": "6", "day": ""}, from_query=True) == Query(6, None)
    with pytest.raises(ValidationFailed):
        parse(Query, {"weeks": "6"})  # JSON bodies do not coerce text to numbers
    with pytest.raises(ValidationFailed):
        parse(Query, {"weeks": "40"}, from_query=True)


def test_times_with_offsets_and_naive_datetimes_are_refused() -> None:
    @dataclass(frozen=True)
    class Moment:
        at: dt.datetime
        wall: dt.time

    with pytest.raises(ValidationFailed) as info:
        parse(Moment, {"at": "2026-03-29T10:00:00", "wall": "10:00+01:00"})
    assert [e.field for e in info.value.errors] == ["at", "wall"]
    ok = parse(Moment, {"at": "2026-03-29T10:00:00+02:00", "wall": "10:00"})
    assert ok.at == dt.datetime(2026, 3, 29, 8, tzinfo=dt.UTC)


def test_to_json_writes_utc_iso_and_wall_clock_times() -> None:
    value = to_json(
        {
            "at": dt.datetime(2026, 3, 29, 10, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "wall": dt.time(9, 30),
            "role": Role.ADMIN,
        }
    )
    assert value == {"at": "2026-03-29T08:00:00Z", "wall": "09:30", "role": "admin"}


def test_wall_clock_times_accept_exactly_the_documented_pattern() -> None:
    """The engine's old parser took "10:00:30" while the schema said HH:MM; now one rule."""
    from peermatch.api.validation import WALL_TIME_PATTERN, adapter

    @dataclass(frozen=True)
    class Wall:
        at: dt.time

    schema = adapter(Wall).json_schema()
    assert schema["properties"]["at"]["pattern"] == WALL_TIME_PATTERN
    assert parse(Wall, {"at": "23:59"}) == Wall(dt.time(23, 59))
    for bad in ["10:00:30", "24:00", "29:00", "9:00", "10:00+01:00"]:
        with pytest.raises(ValidationFailed) as info:
            parse(Wall, {"at": bad})
        assert [(e.field, e.code) for e in info.value.errors] == [("at", "api.field.bad_format")]


def test_house_rules_hold_for_fields_without_their_own_markers() -> None:
    @dataclass(frozen=True)
    class Plain:
        note: str
        count: int
        owner_id: int | None = None
        tags: dict[str, int] = field(default_factory=dict)

    assert parse(Plain, {"note": "  hoi ", "count": -5, "tags": {"a": 1}}) == Plain(
        "hoi", -5, None, {"a": 1}
    )  # dict is documented and accepted alike
    with pytest.raises(ValidationFailed) as info:
        parse(Plain, {"note": "a\x00b", "count": 2**31, "owner_id": 0})
    assert {e.field: e.code for e in info.value.errors} == {
        "note": "api.field.nul_byte",
        "count": "api.field.too_large",
        "owner_id": "api.field.too_small",
    }
    with pytest.raises(ValidationFailed) as info:
        parse(Plain, {"note": "x" * 10_001, "count": 1.5})
    assert {e.field: e.code for e in info.value.errors} == {
        "note": "api.field.too_long",
        "count": "api.field.wrong_type",
    }
    assert parse(Plain, {"note": "", "count": 2.0}).count == 2  # JSON Schema's integer


def test_required_text_must_not_be_blank_by_the_same_rule_the_schema_states() -> None:
    import re

    from peermatch.api.validation import adapter

    @dataclass(frozen=True)
    class Reason:
        reason: Annotated[str, Length(1, 5)]

    documented = adapter(Reason).json_schema()["properties"]["reason"]
    assert (documented["minLength"], documented["maxLength"]) == (1, 5)
    for text in [" ", "\x0c", "\u3000", "\ufeff", " a ", "\x1c", "abcde", " abcd", "a\x00"]:
        schema_ok = re.search(documented["pattern"], text) is not None and len(text) <= 5
        try:
            parse(Reason, {"reason": text})
            accepted = True
        except ValidationFailed:
            accepted = False
        assert accepted == schema_ok, repr(text)
    assert parse(Reason, {"reason": " a "}).reason == "a"


def _reference_to_json(value: object) -> object:
    """The plain, check-by-check conversion the fast one must equal."""
    import dataclasses
    import enum
    from collections.abc import Mapping

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _reference_to_json(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, list | tuple):
        return [_reference_to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _reference_to_json(v) for k, v in value.items()}
    return value


def test_to_json_equals_the_plain_conversion_for_every_kind_of_value() -> None:
    from markupsafe import Markup

    @dataclass
    class Inner:
        role: Role
        at: dt.datetime
        day: dt.date
        start: dt.time

    @dataclass
    class Outer:
        inner: Inner
        items: tuple[int, ...]
        mapping: dict[int, object]
        flag: bool
        ratio: float
        nothing: None
        markup: str
        klass: object

    amsterdam = dt.timezone(dt.timedelta(hours=1))
    inner = Inner(Role.YOUTH, dt.datetime(2026, 3, 29, 2, 30, tzinfo=amsterdam),
                  dt.date(2026, 3, 29), dt.time(9, 5))  # fmt: skip
    value = [
        Outer(inner, (1, 2), {3: [inner], 4: True}, False, 0.5, None, Markup("<b>x</b>"), Inner),
        (Role.PEER_EXPERT, "text", 7),
        {"nested": {"deeper": [dt.date(2026, 1, 1)]}},
        True,
    ]
    assert to_json(value) == _reference_to_json(value)
    assert to_json(inner)["at"] == "2026-03-29T01:30:00Z"
    assert to_json(Role.YOUTH) == Role.YOUTH.value
