"""Turning the matching core's keys into words for the page, in the viewer's language.

Reasons only ever name domains the core allowed (opened and shown for this audience);
this module looks up labels and formats times, it never adds information.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from peermatch.edge import context as ctx
from peermatch.edge.i18n import local_datetime
from peermatch.edge.labels import LANGUAGE_LABELS, MODE_LABELS
from peermatch.i18n.messages import message
from peermatch.models import ExperienceDomain
from peermatch.web.dashboard.present import day_words, deadline_words


def label(domain: ExperienceDomain | None) -> str:
    if domain is None:
        return ""
    return domain.label(ctx.current_locale())


def mode_names(modes: Any) -> str:
    values = modes.split(",") if isinstance(modes, str) else list(modes)
    return ", ".join(str(MODE_LABELS.get(m, m)) for m in values if m)


def in_sentence(name: str) -> str:
    """A label as it reads inside a sentence: "Psychose" -> "psychose", "ADHD" stays "ADHD"."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def reason_text(
    key: str, params: Mapping[str, Any], domains: Mapping[int, ExperienceDomain]
) -> str:
    values: dict[str, Any] = dict(params)
    if "domain_id" in params:
        values["domain"] = in_sentence(label(domains.get(int(params["domain_id"]))))
    if "requested_domain_id" in params:
        values["requested"] = in_sentence(label(domains.get(int(params["requested_domain_id"]))))
    if "start" in params:
        values["start"] = local_datetime(dt.datetime.fromisoformat(str(params["start"])))
    if "modes" in params:
        values["modes"] = mode_names(params["modes"])
    if "language" in params:
        values["language"] = str(LANGUAGE_LABELS.get(params["language"], params["language"]))
    return message(key, **values)


def relaxation_text(key: str, params: Mapping[str, Any], count: int) -> str:
    return message(key, count=count, **params)


def status_text(status: Any) -> str:
    return message(f"status.{getattr(status, 'value', status)}")


def step_text(action: str) -> str:
    return message(f"step.{action}")


def factor_text(name: str) -> str:
    return message(f"factor.{name}")


def waited_text(waited: dt.timedelta) -> str:
    hours = int(waited.total_seconds() // 3600)
    if hours < 1:
        return str(_("less than an hour"))
    if hours < 48:
        return str(_("%(num)s hours", num=hours))
    return str(_("%(num)s days", num=hours // 24))


AGE_BANDS = {
    "youth_12_15": _l("12–15 years"),
    "youth_16_17": _l("16–17 years"),
    "adult_18_plus": _l("18 years or older"),
}


def age_band(audience: Any) -> str:
    """An age band for a request card, never an exact age."""
    return str(AGE_BANDS.get(getattr(audience, "value", audience), ""))


def answer_by_text(at: dt.datetime | None) -> str:
    """'Je hebt tot donderdag 3 december om te antwoorden (nog 2 dagen).'"""
    if at is None:
        return ""
    return str(
        _(
            "You have until %(day)s to answer (%(left)s).",
            day=day_words(at),
            left=deadline_words(at),
        )
    )


def one_decimal(value: float) -> str:
    """'4,5' in Dutch, '4.5' in English."""
    return str(format_decimal(value, "0.0"))


HELPERS = {
    "one_decimal": one_decimal,
    "age_band": age_band,
    "answer_by_text": answer_by_text,
    "reason_text": reason_text,
    "relaxation_text": relaxation_text,
    "status_text": status_text,
    "step_text": step_text,
    "factor_text": factor_text,
    "waited_text": waited_text,
    "mode_names": mode_names,
    "domain_label": label,
    "language_labels": LANGUAGE_LABELS,
    "keyed": message,
}
