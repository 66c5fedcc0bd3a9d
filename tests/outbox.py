"""The sender's first step, for tests that read an email's text without sending it."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage
from peermatch.notifications.emails import render_message


def render_queued(app: Flask, session: Session) -> int:
    """Render every queued, not yet rendered email as the sender would; returns how many."""
    with app.app_context():
        queued = session.scalars(
            select(OutboxMessage).where(OutboxMessage.rendered_at.is_(None))
        ).all()
        for message in queued:
            render_message(session, message, now=message.created_at)
    session.flush()
    return len(queued)
