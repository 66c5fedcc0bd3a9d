"""``flask --app wsgi jobs run [--once]``: the one process that runs every periodic job."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="Periodic jobs (outbox, reminders, expiries).")


@jobs_cli.command("run")
@click.option("--once", is_flag=True, help="Run the due jobs once and stop (for cron).")
@click.option("--tick", default=5.0, show_default=True, help="Seconds between checks.")
@click.option("--job", "only", multiple=True, help="Only this job (repeatable).")
def jobs_run(once: bool, tick: float, only: tuple[str, ...]) -> None:
    """Run every job at its own interval (JOB_INTERVALS); safe with several copies."""
    from peermatch.jobs import JOBS, run_due, run_forever

    known = {job.name for job in JOBS}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise click.BadParameter(f"unknown job(s): {', '.join(unknown)}", param_hint="--job")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        for outcome in run_due(app, only=only or None):
            click.echo(f"{outcome.name}: {outcome.status} {outcome.summary}".rstrip())
        return
    click.echo(f"Job runner started ({', '.join(sorted(known))}); Ctrl+C stops it.")
    try:
        run_forever(app, tick=tick)
    except KeyboardInterrupt:
        click.echo("Job runner stopped.")


@jobs_cli.command("list")
def jobs_list() -> None:
    """Each job, its interval and when it last succeeded."""
    from peermatch.db import session_scope
    from peermatch.extensions import db
    from peermatch.jobs import JOBS, intervals_from_config
    from peermatch.models import JobRun

    intervals = intervals_from_config(current_app.config)
    with session_scope(db.factory) as session:
        rows = {row.name: row for row in session.query(JobRun)}
    for job in JOBS:
        row = rows.get(job.name)
        last = row.succeeded_at.isoformat() if row and row.succeeded_at else "never"
        click.echo(f"{job.name}: every {intervals[job.name]:g}s, last success {last}")
