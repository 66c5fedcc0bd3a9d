"""Rendering an email in the recipient's language and queueing it in the outbox.

Each kind of email has three templates in ``templates/emails/``: ``<kind>.subject.txt``,
``<kind>.txt`` and ``<kind>.html``. They must not contain sensitive content (no experience
domains, no own words): they say that something needs attention and link to the app.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage, User
from peermatch.services.outbox import enqueue_email


def absolute_link(path: str) -> str:
    base = str(current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return f"{base}{path}" if path.startswith("/") else path


def send_email(
    session: Session,
    *,
    user: User | None,
    kind: str,
    now: dt.datetime,
    link: str,
    params: dict[str, Any] | None = None,
    to_email: str | None = None,
    locale: str | None = None,
    ics: bytes | None = None,
    ics_method: str | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Queue a ``kind`` email to ``user`` (or a bare address, e.g. a guardian)."""
    address = to_email or (user.email if user else None)
    if not address:
        raise ValueError("an email needs a user or an address")
    language = locale or (user.locale if user else "nl")
    context = {
        "user": user,
        "name": user.display_name if user else None,
        "link": absolute_link(link),
        **(params or {}),
    }
    with force_locale(language):
        subject = " ".join(render_template(f"emails/{kind}.subject.txt", **context).split())
        body_text = render_template(f"emails/{kind}.txt", **context)
        body_html = render_template(f"emails/{kind}.html", **context)
    return enqueue_email(
        session,
        kind=kind,
        to_email=address,
        to_user_id=user.id if user else None,
        locale=language,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        ics=ics.decode() if ics else None,
        ics_method=ics_method,
        dedupe_key=dedupe_key,
        now=now,
    )
