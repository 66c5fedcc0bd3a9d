"""SMTP with STARTTLS or implicit TLS and a login, against aiosmtpd with a throw-away cert."""

from __future__ import annotations

import datetime as dt
import ssl
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy.orm import Session

from peermatch.notifications.delivery import deliver_pending
from peermatch.notifications.mail_backends import SMTPBackend
from peermatch.services.outbox import enqueue_email
from tests.smtp import Collector, free_port

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert),
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def accept_peermatch(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"peermatch"
    # handled=False makes aiosmtpd answer "535" itself on a wrong password.
    return AuthResult(success=ok and auth_data.password == b"s3cret-pass", handled=False)


def client_context(cert: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert))


@pytest.fixture
def server_factory(
    certificate: tuple[Path, Path],
) -> Iterator[Callable[[bool], tuple[int, Collector]]]:
    cert, key = certificate
    started: list[Controller] = []

    def start(implicit_tls: bool) -> tuple[int, Collector]:
        server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_ctx.load_cert_chain(str(cert), str(key))
        collector, port = Collector(), free_port()
        options: dict[str, Any] = {"authenticator": accept_peermatch}
        if implicit_tls:
            # aiosmtpd only counts STARTTLS as TLS for AUTH; this socket is TLS from the start.
            options.update(ssl_context=server_ctx, auth_require_tls=False)
        else:
            options.update(tls_context=server_ctx, require_starttls=True, auth_require_tls=True)
        controller = Controller(collector, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        return port, collector

    yield start
    for controller in started:
        controller.stop()


@pytest.mark.parametrize("implicit_tls", [False, True], ids=["starttls", "ssl"])
def test_mail_is_sent_over_tls_with_a_login(
    db_session: Session,
    session_factory: Callable[[], Session],
    server_factory: Callable[[bool], tuple[int, Collector]],
    certificate: tuple[Path, Path],
    implicit_tls: bool,
) -> None:
    port, collector = server_factory(implicit_tls)
    enqueue_email(
        db_session, kind="attention", to_email="a@example.org", subject="s", body_text="b", now=NOW
    )
    db_session.commit()
    backend = SMTPBackend(
        host="127.0.0.1",
        port=port,
        use_tls=not implicit_tls,
        use_ssl=implicit_tls,
        username="peermatch",
        password="s3cret-pass",
        timeout=5,
        ssl_context=client_context(certificate[0]),
    )
    assert deliver_pending(session_factory, now=NOW, backend=backend).sent == 1
    assert [r.rcpt_tos for r in collector.received] == [["a@example.org"]]


def test_a_wrong_password_is_a_retried_failure_not_a_loss(
    db_session: Session,
    session_factory: Callable[[], Session],
    server_factory: Callable[[bool], tuple[int, Collector]],
    certificate: tuple[Path, Path],
) -> None:
    port, collector = server_factory(False)
    message = enqueue_email(
        db_session, kind="attention", to_email="a@example.org", subject="s", body_text="b", now=NOW
    )
    db_session.commit()
    backend = SMTPBackend(
        host="127.0.0.1",
        port=port,
        use_tls=True,
        username="peermatch",
        password="wrong",
        timeout=5,
        ssl_context=client_context(certificate[0]),
    )
    report = deliver_pending(session_factory, now=NOW, backend=backend)
    assert report.retried == 1
    assert collector.received == []
    db_session.expire_all()
    assert message is not None and "SMTPAuthenticationError" in (message.last_error or "")


def test_starttls_and_ssl_together_are_refused() -> None:
    with pytest.raises(ValueError, match="exclude each other"):
        SMTPBackend(host="localhost", port=25, use_tls=True, use_ssl=True)
