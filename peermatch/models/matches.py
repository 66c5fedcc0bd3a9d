"""Match proposals: from the requester's choice, through acceptance and approval, to a trajectory."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base, utcnow
from peermatch.models.enums import ProposalStatus
from peermatch.models.profiles import PeerExpertProfile
from peermatch.models.requests import ContactRequest
from peermatch.models.types import str_enum
from peermatch.models.users import User


class MatchProposal(Base):
    __tablename__ = "match_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("contact_requests.id", ondelete="CASCADE"), index=True
    )
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("peer_expert_profiles.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ProposalStatus] = mapped_column(str_enum(ProposalStatus), index=True)
    choice_rank: Mapped[int] = mapped_column(default=1)
    score: Mapped[float | None]
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    decline_reason: Mapped[str | None] = mapped_column(Text)  # private to coordinators
    coordinator_reason: Mapped[str | None] = mapped_column(Text)  # readable by the requester
    asked_at: Mapped[dt.datetime | None]
    respond_by: Mapped[dt.datetime | None]
    responded_at: Mapped[dt.datetime | None]
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Trajectory: an approved match allows up to max_sessions sessions.
    max_sessions: Mapped[int | None]
    closed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    request: Mapped[ContactRequest] = relationship()
    profile: Mapped[PeerExpertProfile] = relationship()
    decided_by: Mapped[User | None] = relationship()


class ProposalMessage(Base):
    """A coordinator's question to the requester or the peer expert, and the answers."""

    __tablename__ = "proposal_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("match_proposals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="question")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
