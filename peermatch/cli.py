"""``flask --app wsgi <group> <command>``: database, users, demo data, outbox, reminders."""

from __future__ import annotations

import datetime as dt
import sys
import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from peermatch.clock import Clock
from peermatch.db import session_scope
from peermatch.extensions import db
from peermatch.models.enums import Role
from peermatch.services import accounts
from peermatch.services.audit import CLI
from peermatch.services.errors import DomainError

db_cli = AppGroup("db", help="Database migrations.")
users_cli = AppGroup("users", help="User accounts.")
demo_cli = AppGroup("demo", help="Demo data.")
bookings_cli = AppGroup("bookings", help="Booked sessions.")
requests_cli = AppGroup("requests", help="Contact requests.")
matches_cli = AppGroup("matches", help="Match proposals.")
outbox_cli = AppGroup("outbox", help="Outgoing email.")
reminders_cli = AppGroup("reminders", help="Session reminders.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Migrate the database to the newest schema."""
    from peermatch import migrate

    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo("Database is up to date.")


@db_cli.command("downgrade")
@click.option("--revision", default="-1", show_default=True)
def db_downgrade(revision: str) -> None:
    from peermatch import migrate

    migrate.downgrade(current_app.config["DATABASE_URL"], revision)


def _read_password() -> str:
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\n")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--organisation", default=None, help="Organisation slug or id.")
@click.option("--name", "display_name", default="", help="Display name.")
def users_create(email: str, role: str, organisation: str | None, display_name: str) -> None:
    """Create an account; the password is read from a prompt or stdin, never an argument."""
    password = _read_password()
    try:
        with session_scope(db.factory) as session:
            org = accounts.get_organisation(session, organisation) if organisation else None
            user = accounts.create_user(
                session,
                email=email,
                password=password,
                display_name=display_name,
                role=Role(role),
                organisation=org,
                actor=None,
                origin=CLI,
            )
            click.echo(f"Created {user.email} with role {role}.")
    except DomainError as err:
        from peermatch.i18n.messages import message

        with current_app.test_request_context():
            text = message(err.key, **err.params)
        raise click.ClickException(text) from err


@demo_cli.command("load")
def demo_load() -> None:
    """Load the demo data once (a second run adds nothing) and print the demo accounts."""
    from peermatch import demo

    with session_scope(db.factory) as session:
        created = demo.load(session)
    click.echo("Demo data loaded." if created else "Demo data already present; nothing added.")
    click.echo(demo.accounts_table())


@bookings_cli.command("expire-holds")
def bookings_expire_holds() -> None:
    """Release held sessions nobody approved in time and lapse unanswered requests."""
    from peermatch.services import bookings

    clock = current_app.extensions["peermatch_clock"]
    with session_scope(db.factory) as session:
        released = bookings.expire_holds(session, clock.now())
    click.echo(f"Released {released} session(s).")


@requests_cli.command("expire")
def requests_expire() -> None:
    """Expire requests whose guardian did not give consent in time (run daily)."""
    from peermatch.services import requests as requests_service

    clock = current_app.extensions["peermatch_clock"]
    with session_scope(db.factory) as session:
        count = requests_service.expire_stale(session, clock.now())
    click.echo(f"Expired {count} request(s).")


@matches_cli.command("expire")
def matches_expire() -> None:
    """Expire proposals a peer expert did not answer in time and ask the next choice."""
    from peermatch.services import proposals

    clock = current_app.extensions["peermatch_clock"]
    with session_scope(db.factory) as session:
        count = proposals.expire_overdue(session, clock.now(), origin=CLI)
    click.echo(f"Expired {count} proposal(s).")


def _now() -> dt.datetime:
    clock: Clock = current_app.extensions["peermatch_clock"]
    return clock.now()


@outbox_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running, sending what becomes due.")
@click.option("--interval", default=30.0, show_default=True, help="Seconds between runs.")
def outbox_send(loop: bool, interval: float) -> None:
    """Send every due email once (or keep doing so with --loop) and print what happened."""
    from peermatch.notifications.delivery import deliver_all_due
    from peermatch.notifications.mail_backends import backend_from_config

    config = current_app.config
    while True:
        report = deliver_all_due(
            db.factory,
            now=_now(),
            backend=backend_from_config(config),
            batch=int(config["OUTBOX_BATCH"]),
            max_attempts=int(config["OUTBOX_MAX_ATTEMPTS"]),
            sender=str(config["MAIL_FROM"]),
        )
        click.echo(
            f"sent={report.sent} retried={report.retried} failed={report.failed}"
            + (f" lost={report.lost}" if report.lost else "")
        )
        if not loop:
            return
        time.sleep(interval)


@reminders_cli.command("send")
def reminders_send() -> None:
    """Queue reminders for confirmed sessions starting soon; a second run queues nothing new."""
    from peermatch.notifications.reminders import queue_reminders

    with session_scope(db.factory) as session:
        queued = queue_reminders(
            session, now=_now(), hours=int(current_app.config["REMINDER_HOURS"])
        )
    click.echo(f"reminders queued={queued}")


def register_cli(app: Flask) -> None:
    from peermatch.cli_admin import orgs_cli, taxonomy_cli  # also adds to the users group

    app.cli.add_command(db_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(orgs_cli)
    app.cli.add_command(taxonomy_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(bookings_cli)
    app.cli.add_command(requests_cli)
    app.cli.add_command(matches_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(reminders_cli)
    from peermatch.jobs.cli import jobs_cli
    from peermatch.security.keys_cli import access_log_cli, keys_cli

    app.cli.add_command(keys_cli)
    app.cli.add_command(access_log_cli)

    app.cli.add_command(jobs_cli)
    from peermatch.jobs.retention_cli import retention_cli

    app.cli.add_command(retention_cli)
    from peermatch.cli_vog import vog_cli

    app.cli.add_command(vog_cli)
