"""Booking attempts in their own processes: own engine connection and own commit each.

Kept importable (not inside the test module) because ``multiprocessing`` with ``spawn``
re-imports the target in a fresh interpreter.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from flask import Flask

_app: Flask | None = None


def _the_app(url: str) -> Flask:
    global _app
    if _app is None:
        from config import load_config
        from peermatch import create_app

        values = load_config("testing")
        values.update(DATABASE_URL=url)
        _app = create_app(values)
    return _app


def warm_up(url: str) -> None:
    """Pool initializer: pay for imports and the app before the start signal."""
    _the_app(url)


def attempt(job: dict[str, Any]) -> str:
    """Returns "won", "taken" or the name of any other error (which fails the test)."""
    from peermatch.extensions import db
    from peermatch.models import User
    from peermatch.services import bookings
    from peermatch.services.booking_errors import SlotTaken

    app = _the_app(job["url"])
    with app.app_context():
        delay = job["go_at"] - time.time()
        if delay > 0:  # everyone starts together, so the attempts really overlap
            time.sleep(delay)
        db.engine.dispose()  # a fresh connection for every attempt
        session = db.factory()
        try:
            user = session.get(User, job["user_id"])
            assert user is not None
            session.rollback()  # the service must open its own (write-locked) transaction
            bookings.book_slot(
                session,
                job["proposal_id"],
                user,
                start=dt.datetime.fromisoformat(job["start"]),
                now=dt.datetime.fromisoformat(job["now"]),
            )
            session.commit()
            return "won"
        except SlotTaken:
            session.rollback()
            return "taken"
        except Exception as exc:  # reported to the test as a failure
            session.rollback()
            return f"{type(exc).__name__}: {exc}"
        finally:
            session.close()
