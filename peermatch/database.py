"""The per-request database session for Flask code.

Engine and session factory belong to each app (``app.extensions``), so several apps (a
live test server beside unit tests) never share one. The session lives on ``flask.g``;
``peermatch.edge.transactions`` commits it once after a successful request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from peermatch.db import make_engine, make_sessionmaker

_G_KEY = "_peermatch_db_session"
_EXT_KEY = "peermatch_db"


@dataclass
class _State:
    engine: Engine
    factory: sessionmaker[Session]


class Database:
    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"], echo=app.config.get("SQL_ECHO", False))
        app.extensions[_EXT_KEY] = _State(engine, make_sessionmaker(engine))
        app.teardown_appcontext(self._teardown)

    @staticmethod
    def _state(app: Flask | None = None) -> _State:
        state: _State = (app or current_app).extensions[_EXT_KEY]
        return state

    @property
    def engine(self) -> Engine:
        return self._state().engine

    @property
    def factory(self) -> sessionmaker[Session]:
        return self._state().factory

    def bind_to(self, app: Flask, bind: Engine | Connection, **kwargs: Any) -> None:
        """Point the app's new sessions at another engine or connection (tests use this)."""
        self._state(app).factory = make_sessionmaker(bind, **kwargs)

    @property
    def session(self) -> Session:
        session: Session | None = g.get(_G_KEY)
        if session is None:
            session = self.factory()
            setattr(g, _G_KEY, session)
        return session

    def has_session(self) -> bool:
        return g.get(_G_KEY) is not None

    def _teardown(self, _exc: BaseException | None) -> None:
        session: Session | None = g.pop(_G_KEY, None)
        if session is not None:
            session.close()
