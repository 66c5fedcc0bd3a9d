"""Sending the outbox: claim due messages, hand them to a mail backend, record the outcome.

Messages queued by kind (``peermatch.services.outbox.queue_email``) are rendered when first
claimed, in the recipient's language, and the result is kept on the row, so a retry sends
the same email; rendering needs an app context (templates, translations, base URL).

Guarantees, stated honestly:

* **Nothing is lost.** A message leaves ``pending`` only when the backend accepted it
  (``sent``) or after ``max_attempts`` failures (``failed``, listed for admins, who can
  retry it). Every failure keeps ``last_error`` and is retried with exponential backoff
  (1, 2, 4, ... minutes, capped at 60).
* **Two senders never send the same message at the same time.** A sender claims a batch in
  one short transaction: it locks the due rows (PostgreSQL ``SELECT ... FOR UPDATE SKIP
  LOCKED``; SQLite ``BEGIN IMMEDIATE``, which serialises writers) and pushes their
  ``next_attempt_at`` forward by a lease. Other senders no longer see them as due. The
  lease end doubles as the claim token: the outcome is written only if the row still
  carries it.
* **At-least-once, not exactly-once, across crashes.** The outcome is committed right after
  the SMTP server accepted the message, in its own short transaction. SMTP and the database
  cannot share a transaction, so if the process dies (or the database is unreachable) in
  that gap, the message stays ``pending`` and is sent again once its lease ends: the
  recipient may get it twice, never zero times. Each message carries a stable
  ``Message-ID`` (``<outbox.ID@domain>``), so mail systems can recognise the duplicate.
  In normal operation, including two senders running at once, each message is sent once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from config import Config
from peermatch.db import lock_for_write
from peermatch.models import OutboxMessage
from peermatch.models.enums import OutboxStatus
from peermatch.notifications.emails import render_message
from peermatch.notifications.mail_backends import Envelope, MailBackend

log = logging.getLogger(__name__)

#: How long a claim protects a message from other senders; longer than a batch can take.
CLAIM_LEASE = dt.timedelta(minutes=15)
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_CAP = dt.timedelta(minutes=60)
MAX_ERROR_LENGTH = 2000

SessionFactory = Callable[[], Session]


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    #: Claims that another sender took over after our lease ran out (should stay 0).
    lost: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.lost

    def __add__(self, other: DeliveryReport) -> DeliveryReport:
        return DeliveryReport(
            self.sent + other.sent,
            self.retried + other.retried,
            self.failed + other.failed,
            self.lost + other.lost,
        )


@dataclass(frozen=True, slots=True)
class _Claim:
    """A snapshot of a claimed row, so sending needs no open transaction."""

    id: int
    kind: str
    to_email: str
    subject: str
    body_text: str
    body_html: str | None
    ics: str | None
    ics_method: str | None
    attempts: int
    lease_until: dt.datetime


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after ``attempts`` failed tries: 1, 2, 4 ... 60 minutes."""
    if attempts < 1:
        return dt.timedelta(0)
    delay: dt.timedelta = BACKOFF_BASE * 2 ** min(attempts - 1, 16)
    return min(delay, BACKOFF_CAP)


def build_mime(
    *,
    outbox_id: int,
    sender: str,
    to_email: str,
    subject: str,
    body_text: str,
    body_html: str | None,
    ics: str | None,
    ics_method: str | None,
    date: dt.datetime,
) -> EmailMessage:
    """Plain text with an HTML alternative, plus ``invite.ics`` when there is a calendar part."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to_email
    message["Date"] = format_datetime(date.astimezone(dt.UTC))
    domain = parseaddr(sender)[1].rpartition("@")[2] or "peermatch.invalid"
    message["Message-ID"] = f"<outbox.{outbox_id}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body_text, subtype="plain", charset="utf-8")
    if body_html:
        message.add_alternative(body_html, subtype="html", charset="utf-8")
    if ics:
        method = (ics_method or "REQUEST").upper()
        message.add_attachment(
            ics.encode("utf-8"),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": method, "charset": "UTF-8"},
        )
    return message


@dataclass(slots=True)
class _RenderFailures:
    """Messages whose rendering failed (a template or data error): retried later, or failed."""

    retried: int = 0
    failed: int = 0


def _render_failed(
    row: OutboxMessage, exc: Exception, *, now: dt.datetime, max_attempts: int
) -> bool:
    """Record a rendering failure like a sending failure; True when we give up."""
    attempts = row.attempts + 1
    row.attempts = attempts
    row.last_error = f"rendering: {type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
    give_up = attempts >= max_attempts
    if give_up:
        row.status = OutboxStatus.FAILED
        row.next_attempt_at = now
    else:
        row.next_attempt_at = now + backoff(attempts)
    log.warning("outbox message %s could not be rendered: %s", row.id, row.last_error)
    return give_up


def _claim(
    session_factory: SessionFactory,
    *,
    now: dt.datetime,
    batch: int,
    max_attempts: int = 8,
    failures: _RenderFailures | None = None,
) -> list[_Claim]:
    """Claim due messages and render those queued by kind (needs an app context then)."""
    lease_until = now + CLAIM_LEASE
    failures = failures if failures is not None else _RenderFailures()
    with session_factory() as session:
        lock_for_write(session)
        rows = session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).all()
        claims = []
        for row in rows:
            try:
                render_message(session, row, now=now)
            except Exception as exc:  # a bad message must not stop the others
                if _render_failed(row, exc, now=now, max_attempts=max_attempts):
                    failures.failed += 1
                else:
                    failures.retried += 1
                continue
            row.next_attempt_at = lease_until
            claims.append(
                _Claim(
                    id=row.id,
                    kind=row.kind,
                    to_email=row.to_email,
                    subject=row.subject,
                    body_text=row.body_text,
                    body_html=row.body_html,
                    ics=row.ics,
                    ics_method=row.ics_method,
                    attempts=row.attempts,
                    lease_until=lease_until,
                )
            )
        session.commit()
    return claims


def _record(session_factory: SessionFactory, claim: _Claim, values: dict[str, Any]) -> bool:
    """Write the outcome if the claim is still ours; False when another sender took over."""
    with session_factory() as session:
        lock_for_write(session)
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == claim.id,
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.next_attempt_at == claim.lease_until,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        session.commit()
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def deliver_pending(
    session_factory: SessionFactory,
    *,
    now: dt.datetime,
    backend: MailBackend,
    batch: int = 50,
    max_attempts: int = 8,
    sender: str = Config.MAIL_FROM,
) -> DeliveryReport:
    """Send one batch of due messages and return what happened to them."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    failures = _RenderFailures()
    claims = _claim(
        session_factory, now=now, batch=batch, max_attempts=max_attempts, failures=failures
    )
    sent, retried, failed, lost = 0, failures.retried, failures.failed, 0
    envelope_from = parseaddr(sender)[1] or sender
    with backend:
        for claim in claims:
            attempts = claim.attempts + 1
            try:
                mime = build_mime(
                    outbox_id=claim.id,
                    sender=sender,
                    to_email=claim.to_email,
                    subject=claim.subject,
                    body_text=claim.body_text,
                    body_html=claim.body_html,
                    ics=claim.ics,
                    ics_method=claim.ics_method,
                    date=now,
                )
                backend.send(
                    Envelope(
                        outbox_id=claim.id,
                        kind=claim.kind,
                        sender=envelope_from,
                        recipient=claim.to_email,
                        message=mime,
                    )
                )
            except Exception as exc:  # any backend failure is retried later, never lost
                error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
                give_up = attempts >= max_attempts
                values: dict[str, Any] = {"attempts": attempts, "last_error": error}
                if give_up:
                    values["status"] = OutboxStatus.FAILED
                    values["next_attempt_at"] = now
                else:
                    values["next_attempt_at"] = now + backoff(attempts)
                log.warning("outbox message %s attempt %s failed: %s", claim.id, attempts, error)
                if not _record(session_factory, claim, values):
                    lost += 1
                elif give_up:
                    failed += 1
                else:
                    retried += 1
                continue
            done = {"status": OutboxStatus.SENT, "attempts": attempts, "sent_at": now}
            if _record(session_factory, claim, done):
                sent += 1
            else:
                log.error(
                    "outbox message %s was sent but another sender had reclaimed it", claim.id
                )
                lost += 1
    return DeliveryReport(sent=sent, retried=retried, failed=failed, lost=lost)


def deliver_all_due(
    session_factory: SessionFactory,
    *,
    now: dt.datetime,
    backend: MailBackend,
    batch: int = 50,
    max_attempts: int = 8,
    sender: str = Config.MAIL_FROM,
) -> DeliveryReport:
    """Batches until nothing is due; ends because every handled message leaves the due set."""
    total = DeliveryReport()
    while True:
        report = deliver_pending(
            session_factory,
            now=now,
            backend=backend,
            batch=batch,
            max_attempts=max_attempts,
            sender=sender,
        )
        total += report
        if report.handled < batch:
            return total
