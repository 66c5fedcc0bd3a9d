"""Keep secret-bearing URLs out of access logs.

A calendar feed link or a guardian's consent link is a key: whoever reads it in a log can
open a minor's sessions or give consent. The filter replaces the secret path segment before
any access-log line (werkzeug's or gunicorn's) is written.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

#: Paths whose segment after the prefix is a secret.
_SECRET_PATHS = re.compile(r"(/calendar/)[^/\s?\"]+?(\.ics)|(/requests/consent/)[^/\s?\"]+")


def redact(text: str) -> str:
    return _SECRET_PATHS.sub(
        lambda m: (
            f"{m.group(1)}{REDACTED}{m.group(2)}" if m.group(1) else f"{m.group(3)}{REDACTED}"
        ),
        text,
    )


class SecretPathFilter(logging.Filter):
    """Rewrites the record in place so the formatted line no longer holds the secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            # In place: gunicorn's atoms are a dict subclass that answers '-' for missing keys.
            for key, value in list(record.args.items()):
                if isinstance(value, str):
                    record.args[key] = redact(value)
        return True


ACCESS_LOGGERS = ("werkzeug", "gunicorn.access")


def install_log_redaction() -> None:
    secret_filter = SecretPathFilter()
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SecretPathFilter) for f in logger.filters):
            logger.addFilter(secret_filter)
