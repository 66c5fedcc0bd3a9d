"""Fixtures for the intervision service tests: an app context, the shared SMTP server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.smtp import session_factory, smtp_server


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    with app.app_context():
        yield app


__all__ = ["ctx", "session_factory", "smtp_server"]
