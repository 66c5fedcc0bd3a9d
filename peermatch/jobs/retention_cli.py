"""``flask --app wsgi retention apply``: the privacy retention rules, once, with a report.

The job runner runs the same thing hourly (job ``retention-apply``); the command stays for
cron users and for an operator who wants to see the counts now.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

retention_cli = AppGroup("retention", help="Privacy: retention periods and final erasures.")


@retention_cli.command("apply")
def retention_apply() -> None:
    """Apply every retention rule now; idempotent, prints the rows changed per rule."""
    from peermatch.jobs.registry import apply_retention

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    report = apply_retention(app, app.extensions["peermatch_clock"].now())
    for rule, count in report.items():
        click.echo(f"{rule}: {count}")
