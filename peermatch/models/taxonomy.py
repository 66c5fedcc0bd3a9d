"""The experience taxonomy. Deliberately without any notion of severity."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base


class ExperienceDomain(Base):
    __tablename__ = "experience_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("experience_domains.id", ondelete="RESTRICT"), index=True
    )
    label_nl: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(120))
    # First-person, plain wording shown to youths choosing what they want to talk about.
    youth_label_nl: Mapped[str] = mapped_column(String(200))
    youth_label_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    # False once retired: it stays on the profiles and requests that have it (and matching
    # still reads it there) but cannot be chosen anew.
    is_active: Mapped[bool] = mapped_column(default=True)
    retired_at: Mapped[dt.datetime | None]

    parent: Mapped[ExperienceDomain | None] = relationship(remote_side="ExperienceDomain.id")

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_nl

    def youth_label(self, locale: str) -> str:
        return self.youth_label_en if locale == "en" else self.youth_label_nl
