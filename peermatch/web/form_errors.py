"""GOV.UK-style form errors: every problem at once, in a summary that links to each field.

A form page shows its problems twice: once in the summary at the top of the page (so a
screen reader and a thumb both land on the list first) and once at the field itself. This
module finds the forms with problems in a template's context (so every form page gets the
summary from ``base.html`` without opting in) and turns a service's refusals into field
errors (so "choose a language" sits at the languages, not in a banner).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask
from jinja2 import pass_context
from jinja2.runtime import Context
from wtforms import Field, Form

from peermatch.i18n.messages import message
from peermatch.services.errors import DomainError

#: Field types rendered as a group of inputs; the link goes to the first one (``id-0``).
GROUP_TYPES = frozenset({"RadioField", "MultiCheckboxField"})
#: Errors that belong to a place on the page that is not one field (e.g. a group of fields).
ANCHOR_ATTRIBUTE = "anchor_errors"


@dataclass(frozen=True)
class Problem:
    """One line of the error summary: where it links to and what it says."""

    target: str
    text: str


def target_id(field: Field) -> str:
    """The id of the input a summary link should focus: the first option of a group."""
    if field.type in GROUP_TYPES:
        return f"{field.id}-0"
    return str(field.id)


def anchor_errors(form: Form) -> dict[str, list[str]]:
    """Errors attached to a page anchor instead of one field (created on first use)."""
    found: dict[str, list[str]] | None = getattr(form, ANCHOR_ATTRIBUTE, None)
    if found is None:
        found = {}
        setattr(form, ANCHOR_ATTRIBUTE, found)
    return found


def problems(form: Form) -> list[Problem]:
    """Every problem of one form, anchors first, then fields in page order."""
    found = [
        Problem(anchor, text) for anchor, texts in anchor_errors(form).items() for text in texts
    ]
    for field in form:
        for text in field.errors or ():
            if not isinstance(text, (dict, list, tuple)):  # lazy strings too; not sub-forms
                found.append(Problem(target_id(field), str(text)))
    return found


def add_field_error(form: Form, name: str, text: str) -> None:
    field = form[name]
    field.errors = [*(field.errors or ()), text]


def add_refusals(form: Form, refusals: Iterable[DomainError], places: Mapping[str, str]) -> bool:
    """Put each refusal at its field (``places``: key -> field name or ``#anchor``).

    Returns whether anything was added. A key without a place goes to the form's anchor
    ``main`` (the page's main region) so it is still in the summary rather than lost.
    """
    added = False
    for err in refusals:
        text = message(err.key, **err.params)
        place = places.get(err.key, "#main")
        if place.startswith("#"):
            anchor_errors(form).setdefault(place[1:], []).append(text)
        else:
            add_field_error(form, place, text)
        added = True
    return added


@pass_context
def page_problems(context: Context) -> list[Problem]:
    """The problems of every form in this template's context (for the summary in base.html)."""
    found: list[Problem] = []
    seen: set[int] = set()
    for value in context.get_all().values():
        if isinstance(value, Form) and id(value) not in seen:
            seen.add(id(value))
            found.extend(problems(value))
    return found


def field_anchor_errors(form: Any, anchor: str) -> list[str]:
    """Errors to show at an anchor inside a template (``anchor_errors_of(form, 'domains')``)."""
    if not isinstance(form, Form):
        return []
    return list(anchor_errors(form).get(anchor, ()))


def init_form_errors(app: Flask) -> None:
    app.jinja_env.globals.update(
        page_problems=page_problems,
        anchor_errors_of=field_anchor_errors,
        error_target=target_id,
    )
