"""Absolute links for emails and calendars, which are read far from any request."""

from __future__ import annotations

from flask import current_app


def absolute_link(path: str) -> str:
    base = str(current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return f"{base}{path}" if path.startswith("/") else path
