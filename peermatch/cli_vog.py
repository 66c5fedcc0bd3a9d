"""``flask --app wsgi vog remind``: the scheduled VOG expiry reminders (also a periodic job)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from peermatch.clock import Clock
from peermatch.db import session_scope
from peermatch.extensions import db

vog_cli = AppGroup("vog", help="Certificates of conduct (VOG).")


@vog_cli.command("remind")
def vog_remind() -> None:
    """Queue the reminders due 60, 30 and 7 days before a VOG or another credential
    (training, first aid) expires, and on expiry.

    Idempotent: each reminder goes out once per profile (or credential), date and threshold.
    """
    from peermatch.services import credentials
    from peermatch.services.vog_followup import queue_expiry_reminders

    clock: Clock = current_app.extensions["peermatch_clock"]
    with session_scope(db.factory) as session:
        run = queue_expiry_reminders(session, now=clock.now())
        papers = credentials.queue_expiry_reminders(session, now=clock.now())
    click.echo(f"vog reminders peer_experts={run.peer_experts} coordinators={run.coordinators}")
    click.echo(
        f"credential reminders peer_experts={papers.peer_experts} "
        f"coordinators={papers.coordinators}"
    )
