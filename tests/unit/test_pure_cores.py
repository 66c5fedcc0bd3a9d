"""The pure cores must never pull in Flask or SQLAlchemy (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE = [
    "peermatch.matching",
    "peermatch.availability",
    "peermatch.booking",
    "peermatch.lifecycles",
    "peermatch.reports",
]


@pytest.mark.parametrize("package", PURE)
def test_pure_core_imports_no_framework(package: str) -> None:
    if not (ROOT / package.replace(".", "/")).exists():
        pytest.fail(f"{package} is missing")
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in {'flask', 'sqlalchemy', 'werkzeug'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
