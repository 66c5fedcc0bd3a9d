"""Rendering a queued email at send time, in the recipient's language.

Services queue a kind, the recipient and parameters (``peermatch.services.outbox``); the
sender renders them here, once, and keeps the result on the row so a retry sends exactly
the same email. Each kind of email has three templates in ``templates/emails/``:
``<kind>.subject.txt``, ``<kind>.txt`` and ``<kind>.html``. They must not contain sensitive
content (no experience domains, no own words): they say that something needs attention
and link to the app. Needs an app context (templates, translations, the public base URL).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.lists import format_list
from flask import render_template
from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from peermatch.i18n import messages as keyed
from peermatch.models import OutboxMessage, User
from peermatch.notifications.calendar_events import snapshot_ics
from peermatch.notifications.session_time import session_time
from peermatch.notifications.urls import absolute_link
from peermatch.services.outbox import decode_params


def notice_text(kind: str) -> str:
    """The sentence of the in-app notice of this kind, so the email says what happened in
    the same words; a calm general line for a kind without one."""
    if kind in keyed.known_keys():
        return keyed.message(kind)
    return str(gettext("There is news for you."))


def render_message(session: Session, message: OutboxMessage, *, now: dt.datetime) -> None:
    """Fill in subject, bodies and calendar part from kind and parameters (once).

    Times are worded as seen when the message was queued (``created_at``), so "tomorrow"
    means what it meant then; the session snapshot in the parameters fixes which time.
    """
    if message.rendered_at is not None:
        return
    user = session.get(User, message.to_user_id) if message.to_user_id is not None else None
    language = (user.locale if user is not None else None) or message.locale or "nl"
    params = decode_params(message.params)
    snapshot: dict[str, Any] | None = params.pop("session", None)
    if snapshot is not None and user is not None:
        params["when"] = session_time(
            user, snapshot["starts_at"], snapshot["ends_at"], now=message.created_at
        )
        params["people"] = [
            str(name) for person_id, name in snapshot.get("people", []) if person_id != user.id
        ]
        params["mode"] = snapshot.get("mode")
        length = snapshot["ends_at"] - snapshot["starts_at"]
        params["minutes"] = int(length.total_seconds() // 60)
    context = {
        "user": user,
        "name": user.display_name if user else None,
        "link": absolute_link(message.link or ""),
        **params,
    }
    kind = message.kind
    with force_locale(language):
        if "people" in params:
            names = params.pop("people")
            context["with_names"] = (
                format_list(names, locale=language) if names else gettext("the other person")
            )
        if "notice" in params:
            context["notice_text"] = notice_text(str(params["notice"]))
        subject = " ".join(render_template(f"emails/{kind}.subject.txt", **context).split())
        body_text = render_template(f"emails/{kind}.txt", **context)
        body_html = render_template(f"emails/{kind}.html", **context)
    if message.ics_method and snapshot is not None and user is not None:
        ics = snapshot_ics(
            snapshot, recipient=user, method=message.ics_method, now=message.created_at
        )
        message.ics = ics.decode()
    message.locale = language
    message.subject = subject
    message.body_text = body_text
    message.body_html = body_html
    message.rendered_at = now
