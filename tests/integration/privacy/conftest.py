from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """An application context (booking services queue emails rendered in one)."""
    with app.app_context():
        yield app
