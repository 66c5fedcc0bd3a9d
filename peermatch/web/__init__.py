"""The web layer: thin blueprints that call services.

Every subpackage of ``peermatch.web`` with a ``routes`` module exposing ``bp`` is registered
automatically, so adding a feature never edits a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil

from flask import Blueprint, Flask

#: Feature folders whose templates may contribute ``_dashboard.html`` (menus: ``web/shell.py``).
FEATURES = (
    "notifications",
    "profiles",
    "availability",
    "requests",
    "matches",
    "bookings",
    "coordinator",
    "account",
    "calendar",
    "admin",
    "wellbeing",
)


def register_blueprints(app: Flask) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"{__name__}.{info.name}.routes")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{info.name}.routes":
                continue
            raise
        bp = getattr(module, "bp", None)
        if isinstance(bp, Blueprint):
            app.register_blueprint(bp)

    from peermatch.edge import labels

    app.jinja_env.globals["vocab"] = labels  # shared labels: vocab.MODE_LABELS, ...

    @app.context_processor
    def _features() -> dict[str, object]:
        return {
            "dashboard_parts": [f"{f}/_dashboard.html" for f in FEATURES],
        }
