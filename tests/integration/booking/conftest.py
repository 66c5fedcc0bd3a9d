from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """Services render neutral emails, which needs an application context."""
    with app.app_context():
        yield app
