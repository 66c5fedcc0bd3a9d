"""Building a small world straight in the live server's database for one browser test.

The live server is shared by the session's browser tests and holds the demo data, so each
test makes its own organisation and people (unique addresses) and commits them at once;
only the steps a test is about go through the pages.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from peermatch.db import make_engine
from peermatch.models import User
from peermatch.models.enums import Role
from tests.browser.conftest import LiveServer
from tests.factories import make_user

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@contextmanager
def live_db(live_server: LiveServer) -> Iterator[Session]:
    """A session on the live server's database, committed when the block ends."""
    engine = make_engine(live_server.database_url)
    try:
        with engine.begin() as conn, Session(bind=conn, expire_on_commit=False) as session:
            yield session
            session.flush()
    finally:
        engine.dispose()


def unique_email(name: str) -> str:
    return f"{name.lower()}.{uuid.uuid4().hex[:8]}@example.org"


def today() -> dt.date:
    return dt.datetime.now(AMSTERDAM).date()


def youth_aged(session: Session, age: int, name: str, **kw: object) -> User:
    """A youth whose younger possible age this year is ``age`` (as the app counts it)."""
    return make_user(
        session, Role.YOUTH, birth_year=today().year - age - 1, display_name=name, **kw
    )
