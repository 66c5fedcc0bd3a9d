"""When each periodic job last ran: shared by every job runner on every host."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from peermatch.db import Base


class JobRun(Base):
    """One row per job. A runner claims a due job by moving `claimed_at` forward (under a
    PostgreSQL advisory lock), so copies of the runner never do the same run twice."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    claimed_at: Mapped[dt.datetime]
    claimed_by: Mapped[str] = mapped_column(String(128))
    runs: Mapped[int] = mapped_column(default=0)
    succeeded_at: Mapped[dt.datetime | None]
    last_result: Mapped[str | None] = mapped_column(String(255))
