"""Where built emails go: an SMTP server, files under instance/mail, the console, or nowhere.

Backends know nothing of the outbox table; ``delivery`` hands them a finished MIME message.
A backend signals failure by raising; the sender then retries later, so a backend must
raise rather than swallow an error it cannot recover from.
"""

from __future__ import annotations

import smtplib
import ssl
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self, TextIO

BACKEND_NAMES = ("smtp", "file", "console", "null")


@dataclass(frozen=True, slots=True)
class Envelope:
    """One email ready to send; ``outbox_id`` names it in files and logs."""

    outbox_id: int
    kind: str
    sender: str
    recipient: str
    message: EmailMessage


class MailBackend(Protocol):
    """Used as a context manager around one delivery run so SMTP can reuse a connection."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def send(self, envelope: Envelope) -> None: ...


class _NoConnection:
    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


@dataclass
class SMTPBackend:
    """Hands messages to an SMTP server; success means the server accepted the message.

    One connection per delivery run; after an error the connection is dropped and the next
    message opens a fresh one, so one broken message never poisons the rest of the batch.
    """

    host: str
    port: int
    use_tls: bool = False
    use_ssl: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0
    ssl_context: ssl.SSLContext | None = None
    _smtp: smtplib.SMTP | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.use_tls and self.use_ssl:
            raise ValueError("MAIL_USE_TLS (STARTTLS) and MAIL_USE_SSL exclude each other")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close(polite=True)

    def _connect(self) -> smtplib.SMTP:
        context = self.ssl_context or ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.use_ssl:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.use_tls:
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _close(self, *, polite: bool) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            if polite:
                smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            smtp.close()

    def send(self, envelope: Envelope) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            refused = self._smtp.send_message(
                envelope.message, from_addr=envelope.sender, to_addrs=[envelope.recipient]
            )
        except BaseException:
            self._close(polite=False)
            raise
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)


@dataclass
class FileBackend(_NoConnection):
    """Development: every email becomes ``<directory>/<id>-<kind>.eml`` to open in a mail app."""

    directory: Path

    def send(self, envelope: Envelope) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{envelope.outbox_id}-{envelope.kind}.eml"
        path.write_bytes(envelope.message.as_bytes())


@dataclass
class ConsoleBackend(_NoConnection):
    stream: TextIO = field(default_factory=lambda: sys.stdout)

    def send(self, envelope: Envelope) -> None:
        self.stream.write(envelope.message.as_string())
        self.stream.write("\n" + "-" * 72 + "\n")
        self.stream.flush()


@dataclass
class NullBackend(_NoConnection):
    """Accepts and drops everything (e.g. a staging copy that must never email anyone)."""

    def send(self, envelope: Envelope) -> None:
        return None


def backend_from_config(config: Mapping[str, Any]) -> MailBackend:
    name = str(config.get("MAIL_BACKEND", "smtp"))
    if name == "smtp":
        return SMTPBackend(
            host=str(config.get("MAIL_SERVER", "localhost")),
            port=int(config.get("MAIL_PORT", 25)),
            use_tls=bool(config.get("MAIL_USE_TLS", False)),
            use_ssl=bool(config.get("MAIL_USE_SSL", False)),
            username=config.get("MAIL_USERNAME") or None,
            password=config.get("MAIL_PASSWORD") or None,
            timeout=float(config.get("MAIL_TIMEOUT", 30)),
        )
    if name == "file":
        return FileBackend(Path(str(config["MAIL_DIR"])))
    if name == "console":
        return ConsoleBackend()
    if name == "null":
        return NullBackend()
    raise ValueError(f"MAIL_BACKEND must be one of {', '.join(BACKEND_NAMES)}, not {name!r}")
