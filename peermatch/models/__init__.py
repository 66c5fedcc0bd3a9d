"""All models, importable from one place (Alembic and tests need the full metadata)."""

from peermatch.models.access_log import AccessLogEntry
from peermatch.models.account_links import AccountLink
from peermatch.models.audit import AuditEvent
from peermatch.models.bookings import Booking, BookingEvent, BookingParticipant, Feedback
from peermatch.models.credentials import Credential
from peermatch.models.intervision import Intervision, IntervisionParticipant
from peermatch.models.jobs import JobRun
from peermatch.models.matches import MatchProposal, ProposalMessage
from peermatch.models.messaging import Notification, OutboxMessage
from peermatch.models.organisations import (
    Organisation,
    OrganisationMembership,
    Team,
    TeamMembership,
)
from peermatch.models.privacy_choices import EmailOptOut, PrivacyConsentEvent
from peermatch.models.profiles import (
    AvailabilityException,
    AvailabilityRule,
    PeerExpertProfile,
    ProfileDomain,
)
from peermatch.models.requests import ContactRequest, RequestDomain
from peermatch.models.taxonomy import ExperienceDomain
from peermatch.models.two_factor import RecoveryCode, TwoFactorEnrolment
from peermatch.models.users import ApiToken, User, UserRole

__all__ = [
    "AccessLogEntry",
    "AccountLink",
    "ApiToken",
    "AuditEvent",
    "AvailabilityException",
    "AvailabilityRule",
    "Booking",
    "BookingEvent",
    "BookingParticipant",
    "ContactRequest",
    "Credential",
    "EmailOptOut",
    "ExperienceDomain",
    "Feedback",
    "Intervision",
    "IntervisionParticipant",
    "JobRun",
    "MatchProposal",
    "Notification",
    "Organisation",
    "OrganisationMembership",
    "OutboxMessage",
    "PeerExpertProfile",
    "PrivacyConsentEvent",
    "ProfileDomain",
    "ProposalMessage",
    "RecoveryCode",
    "RequestDomain",
    "Team",
    "TeamMembership",
    "TwoFactorEnrolment",
    "User",
    "UserRole",
]
