"""A real SMTP server (aiosmtpd) on 127.0.0.1, shared by every test that delivers mail.

Conftest files re-export the fixtures (``from tests.smtp import smtp_server, ...``)."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from peermatch.notifications.mail_backends import SMTPBackend


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Collector:
    """aiosmtpd handler: keeps every accepted message (the handler runs in the server thread)."""

    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    collector: Collector
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.collector, hostname=self.host, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Received]:
        return self.collector.received

    def backend(self, **kw: Any) -> SMTPBackend:
        return SMTPBackend(host=self.host, port=self.port, timeout=5, **kw)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer("127.0.0.1", free_port(), Collector())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def session_factory(connection: Connection) -> Callable[[], Session]:
    """Sessions on the test's rolled-back connection: each may commit (a savepoint)."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
