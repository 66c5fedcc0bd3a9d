"""The base of every form: hostile input gets a form error instead of a 500 further down.

Each form still declares its own shape (required, lengths, choices). This base adds the
limits that hold for every field of every form, so no form can forget them: no NUL bytes
(PostgreSQL refuses them in text), no text beyond a ceiling, no integer beyond the
database's 32-bit columns, and no date or time outside sane years (no overflow when it is
converted between time zones).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field

MAX_TEXT = 10_000
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
MIN_YEAR, MAX_YEAR = 1900, 2199


def _hostile(field: Field) -> str | None:
    """The translated problem with one field's submitted value, or None."""
    raw: Iterable[Any] = field.raw_data or ()
    for value in raw:
        if isinstance(value, str) and "\x00" in value:
            return str(_l("Text cannot contain NUL characters."))
        if isinstance(value, str) and len(value) > MAX_TEXT:
            return str(_l("Use at most %(max)s characters.", max=MAX_TEXT))
    values: Sequence[Any] = field.data if isinstance(field.data, list) else [field.data]
    for value in values:
        is_int = isinstance(value, int) and not isinstance(value, bool)
        if is_int and not INT_MIN <= value <= INT_MAX:
            return str(_l("Use a value of at most %(max)s.", max=INT_MAX))
        if isinstance(value, dt.date) and not MIN_YEAR <= value.year <= MAX_YEAR:
            return str(
                _l(
                    "Use a date between the years %(min)s and %(max)s.",
                    min=MIN_YEAR,
                    max=MAX_YEAR,
                )
            )
    return None


class SafeForm(FlaskForm):
    """FlaskForm plus the limits every field shares (see the module docstring)."""

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        for field in self:
            problem = _hostile(field)
            if problem is not None:
                field.errors = [*field.errors, problem]
                valid = False
        return valid
