"""Translated texts for DomainError keys and other keyed messages.

Each feature adds a module here with a ``MESSAGES`` dict of key -> lazy_gettext string;
they are discovered automatically, so features never edit a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from functools import cache
from typing import Any

from flask_babel import gettext


@cache
def _catalogue() -> Mapping[str, Any]:
    merged: dict[str, Any] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, text in getattr(module, "MESSAGES", {}).items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice")
            merged[key] = text
    return merged


def known_keys() -> frozenset[str]:
    return frozenset(_catalogue())


def message(key: str, **params: Any) -> str:
    """Render a keyed message in the current locale; unknown keys fall back to a calm text."""
    text = _catalogue().get(key)
    if text is None:
        return str(gettext("Something went wrong. Please try again."))
    rendered = str(text)
    if params:
        try:
            return rendered % params
        except (KeyError, ValueError, TypeError):
            return rendered
    return rendered
