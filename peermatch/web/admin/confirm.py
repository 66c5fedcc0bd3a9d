"""The confirm step before every administrative change (UX: check, then change).

A form's first valid POST shows :func:`confirm_page`, which repeats what will happen and
posts the same values again with ``confirmed=1``; actions without input show it on GET.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm


@dataclass(frozen=True)
class Check:
    title: str
    intro: str
    button: str
    cancel: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    action: str | None = None  # default: the same URL


def confirm_page(check: Check, *, resend: bool = True) -> tuple[str, int]:
    hidden = (
        [
            (name, value)
            for name, values in request.form.lists()
            for value in values
            if name not in ("csrf_token", "confirmed")
        ]
        if resend
        else []
    )
    return (
        render_template(
            "admin/confirm.html",
            check=check,
            hidden=hidden,
            action=check.action or request.path,
        ),
        200,
    )


def form_page(
    form: FlaskForm, title: str, cancel: str, err: object = None, *, button: str | None = None
) -> tuple[str, int]:
    """A form on its own page; also the page a refusal shows again, with what was typed."""
    status = getattr(err, "status", None) or (422 if form.errors else 200)
    return render_template(
        "admin/simple_form.html",
        form=form,
        title=title,
        cancel=cancel,
        button=button or _("Next"),
    ), status
