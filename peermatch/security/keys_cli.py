"""``flask --app wsgi keys generate|rotate`` and ``access-log purge``.

Rotating keys: put a new key in front of ``PEERMATCH_ENCRYPTION_KEYS`` (keep the old ones
behind it), restart, run ``keys rotate``; when it reports nothing left under an old key,
remove that key from the list and restart again.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from peermatch.db import Base, session_scope
from peermatch.extensions import db
from peermatch.security import encrypted, reencrypt

keys_cli = AppGroup("keys", help="Encryption keys for sensitive text at rest.")
access_log_cli = AppGroup("access-log", help="The access log (who read whose data).")


@keys_cli.command("generate")
def keys_generate() -> None:
    """Print a new key (put it first in PEERMATCH_ENCRYPTION_KEYS)."""
    click.echo(encrypted.generate_key())


@keys_cli.command("rotate")
@click.option("--batch", default=reencrypt.BATCH, show_default=True, type=click.IntRange(1, 10000))
def keys_rotate(batch: int) -> None:
    """Re-encrypt every encrypted column under the newest key (safe to run again)."""
    import peermatch.models  # noqa: F401 - every table on the metadata

    refs = reencrypt.encrypted_columns(Base.metadata)
    total = 0
    for count in reencrypt.rotate(db.factory, refs, batch=batch):
        total += count.rotated
        click.echo(
            f"{count.ref.table}.{count.ref.column}: values={count.values} rotated={count.rotated}"
        )
    click.echo(f"rotated={total} keys={len(encrypted.configured_keys())}")


@access_log_cli.command("purge")
def access_log_purge() -> None:
    """Delete access-log entries older than ACCESS_LOG_RETENTION_DAYS."""
    from peermatch.services import access_log

    now = current_app.extensions["peermatch_clock"].now()
    cutoff = access_log.retention_cutoff(now, int(current_app.config["ACCESS_LOG_RETENTION_DAYS"]))
    with session_scope(db.factory) as session:
        deleted = access_log.purge_older_than(session, cutoff)
    click.echo(f"access-log deleted={deleted}")
