"""String enums shared by models, services and forms.

Stored as plain strings (non-native enums) so adding a value never needs a type migration.
"""

from __future__ import annotations

from enum import StrEnum

# Lifecycle states are owned by their pure cores; re-exported here with the other enums.
from peermatch.lifecycles.profiles import ProfileStatus as ProfileStatus
from peermatch.lifecycles.proposals import ProposalStatus as ProposalStatus


class Role(StrEnum):
    YOUTH = "youth"
    PEER_EXPERT = "peer_expert"
    COORDINATOR = "coordinator"
    TEAM_MEMBER = "team_member"
    ADMIN = "admin"


class OrganisationKind(StrEnum):
    YOUTH_COUNCIL = "youth_council"
    CARE_INSTITUTION = "care_institution"


class MembershipRole(StrEnum):
    COORDINATOR = "coordinator"
    MEMBER = "member"


class ApprovalPolicy(StrEnum):
    ALWAYS = "always"
    MINORS_ONLY = "minors_only"
    NEVER = "never"


class TrainingStatus(StrEnum):
    NONE = "none"
    IN_TRAINING = "in_training"
    COMPLETED = "completed"


class CredentialKind(StrEnum):
    TRAINING = "training"
    FIRST_AID = "first_aid"
    OTHER = "other"


class CredentialStatus(StrEnum):
    """A coordinator's check of one credential; any change by the peer expert restarts it."""

    TO_CHECK = "to_check"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Gender(StrEnum):
    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non_binary"
    OTHER = "other"


class Audience(StrEnum):
    YOUTH_12_15 = "youth_12_15"
    YOUTH_16_17 = "youth_16_17"
    ADULT_18_PLUS = "adult_18_plus"
    TEAM = "team"


class Mode(StrEnum):
    VIDEO = "video"
    PHONE = "phone"
    CHAT = "chat"
    IN_PERSON = "in_person"


class DomainVisibility(StrEnum):
    """Who may read a peer expert's own text about one experience domain."""

    CANDIDATE_VIEWERS = "candidate_viewers"
    AFTER_MATCH = "after_match"
    COORDINATORS_ONLY = "coordinators_only"


class DomainEntryStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    WITHDRAWN = "withdrawn"


class ExceptionKind(StrEnum):
    UNAVAILABLE = "unavailable"
    EXTRA = "extra"


class RequestKind(StrEnum):
    YOUTH = "youth"
    TEAM = "team"


class RequestStatus(StrEnum):
    DRAFT = "draft"
    AWAITING_CONSENT = "awaiting_consent"
    OPEN = "open"
    MATCHED = "matched"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    CLOSED = "closed"


class Importance(StrEnum):
    MOST = "most"
    ALSO = "also"


class BookingStatus(StrEnum):
    REQUESTED = "requested"
    HELD = "held"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class ParticipantRole(StrEnum):
    YOUTH = "youth"
    PEER_EXPERT = "peer_expert"
    TEAM_MEMBER = "team_member"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
