from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """An application context for tests that render queued emails (services need none)."""
    with app.app_context():
        yield app
