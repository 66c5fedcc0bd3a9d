"""Fixtures for delivery tests: the shared aiosmtpd server and committing sessions."""

from __future__ import annotations

from tests.smtp import session_factory, smtp_server

__all__ = ["session_factory", "smtp_server"]
