from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """Services render neutral emails, which needs an application context."""
    with app.app_context():
        yield app


from tests.smtp import session_factory, smtp_server  # noqa: E402  (shared fixtures)

__all__ = ["ctx", "session_factory", "smtp_server"]
