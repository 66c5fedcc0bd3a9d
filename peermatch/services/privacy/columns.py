"""Every text, varchar and JSON column, and what an erasure does with it, with the reason.

A test walks the models' metadata and fails on a text column that is missing here, so a
new column cannot hold personal data without someone deciding about it. docs/PRIVACY.md
shows the same table for readers.

Decisions:

- ``erase``: emptied (NULL, "" or {}) for the erased person's rows and the rows about them.
- ``replace``: overwritten with a pseudonym or a fresh unusable value.
- ``delete``: the whole row goes (the person's tokens, links, notifications, mail).
- ``keep``: kept, because it is a code, a status, a hash of a secret, organisation data or
  a count, and says nothing about the person once the rest is gone.
"""

from __future__ import annotations

from typing import Literal

Decision = Literal["erase", "replace", "delete", "keep"]

_CODE = "a fixed code or status from a list, not free text"

DECISIONS: dict[str, tuple[Decision, str]] = {
    # Organisation data and platform bookkeeping: nobody's personal data.
    "experience_domains.slug": ("keep", "taxonomy, the same for everyone"),
    "experience_domains.label_nl": ("keep", "taxonomy, the same for everyone"),
    "experience_domains.label_en": ("keep", "taxonomy, the same for everyone"),
    "experience_domains.youth_label_nl": ("keep", "taxonomy, the same for everyone"),
    "experience_domains.youth_label_en": ("keep", "taxonomy, the same for everyone"),
    "job_runs.name": ("keep", "job bookkeeping"),
    "job_runs.claimed_by": ("keep", "host name of a job runner"),
    "job_runs.last_result": ("keep", "counts only"),
    "organisations.name": ("keep", "an organisation, not a person"),
    "organisations.slug": ("keep", "an organisation, not a person"),
    "organisations.kind": ("keep", _CODE),
    "organisations.approval_policy": ("keep", _CODE),
    "organisations.video_base_url": ("keep", "the organisation's video service"),
    "teams.name": ("keep", "a clinician team, not a person"),
    "intervisions.title": ("keep", "an organisation's group meeting, not a person"),
    "intervisions.topic": ("keep", "the coordinator's theme for a group, never about one person"),
    "intervisions.mode": ("keep", _CODE),
    "intervisions.place": ("keep", "where the organisation's group meets"),
    "intervisions.video_room_url": ("keep", "the organisation's own video room for a group"),
    "intervisions.ical_uid": ("keep", "random calendar id"),
    "intervision_participants.response": ("keep", _CODE),
    "organisation_memberships.role": ("keep", _CODE),
    "user_roles.role": ("keep", "the role counts in the organisation's reports"),
    # The person.
    "users.email": ("replace", "contact detail: a pseudonymous address that cannot receive mail"),
    "users.password_hash": ("erase", "nobody can log in to an erased account"),
    "users.display_name": ("replace", "name: 'Verwijderd account' wherever it is shown"),
    "users.locale": ("keep", _CODE),
    "users.time_zone": ("keep", _CODE),
    "users.gender": ("erase", "personal detail"),
    "users.login_id": ("replace", "a fresh random value: every old session cookie stops"),
    "users.privacy_consent_version": ("keep", "proof of the legal basis of past processing"),
    "users.calendar_token_hash": ("erase", "the calendar link stops working"),
    "two_factor_enrolments.secret": ("delete", "the person's second step goes"),
    "two_factor_recovery_codes.code_hash": ("delete", "the person's recovery codes go"),
    "privacy_consent_events.action": ("keep", "proof of the legal basis of past processing"),
    "privacy_consent_events.version": ("keep", "proof of the legal basis of past processing"),
    "email_opt_outs.group": ("keep", _CODE),
    "account_links.purpose": ("delete", "the person's pending links go"),
    "account_links.token_hash": ("delete", "the person's pending links go"),
    "account_links.new_email": ("delete", "contact detail"),
    "api_tokens.name": ("delete", "typed by the person"),
    "api_tokens.prefix": ("delete", "the person's tokens go"),
    "api_tokens.token_hash": ("delete", "the person's tokens go"),
    # Audit: kept five years (security, accountability), the actor is the pseudonym row.
    # The access log (NEN 7513) is accountability for reads of care data: it keeps who read
    # what for its own period (ACCESS_LOG_RETENTION_DAYS), also after an erasure; the erased
    # person is then only a pseudonymous account id in it.
    "access_log.channel": ("keep", _CODE),
    "access_log.data_kind": ("keep", _CODE),
    "access_log.reader_role": ("keep", _CODE),
    "access_log.record_type": ("keep", _CODE),
    "access_log.purpose": ("keep", "the page or API call that showed the data, a fixed code"),
    "access_log.ip_address": (
        "keep",
        "where a reader read care data from; NEN 7513 keeps it for the access log's period",
    ),
    "audit_events.action": ("keep", _CODE),
    "audit_events.subject_type": ("keep", _CODE),
    "audit_events.ip_address": ("erase", "where the person was; their own events only"),
    "audit_events.user_agent": ("erase", "their device; their own events only"),
    "audit_events.details": ("erase", "keys that hold typed text (email, name) are removed"),
    # Messages to the person.
    "notifications.kind": ("delete", "the person's notifications go"),
    "notifications.params": ("delete", "the person's notifications go"),
    "notifications.link": ("delete", "the person's notifications go"),
    "outbox_messages.kind": ("delete", "mail to the person goes"),
    "outbox_messages.dedupe_key": ("delete", "mail to the person goes"),
    "outbox_messages.to_email": ("delete", "mail to the person goes"),
    "outbox_messages.locale": ("delete", "mail to the person goes"),
    "outbox_messages.params": (
        "erase",
        "mail to the person goes; queued mail to others that names them is redacted",
    ),
    "outbox_messages.link": ("delete", "mail to the person goes"),
    "outbox_messages.subject": ("delete", "sent mail that names the person goes"),
    "outbox_messages.body_text": ("delete", "sent mail that names the person goes"),
    "outbox_messages.body_html": ("delete", "sent mail that names the person goes"),
    "outbox_messages.ics": ("delete", "sent mail that names the person goes"),
    "outbox_messages.ics_method": ("keep", _CODE),
    "outbox_messages.status": ("keep", _CODE),
    "outbox_messages.last_error": ("delete", "may quote the address: goes with the mail"),
    # A peer expert's profile: all their own words go; the profile row stays for counts.
    "peer_expert_profiles.public_key": ("keep", "random, means nothing without the rest"),
    "peer_expert_profiles.status": ("replace", "set to retired: never matched again"),
    "peer_expert_profiles.pronouns": ("erase", "personal detail"),
    "peer_expert_profiles.gender": ("erase", "personal detail"),
    "peer_expert_profiles.languages": ("keep", "codes"),
    "peer_expert_profiles.modes": ("keep", "codes"),
    "peer_expert_profiles.audiences": ("keep", "codes"),
    "peer_expert_profiles.introduction": ("erase", "own words"),
    "peer_expert_profiles.what_helped": ("erase", "own words"),
    "peer_expert_profiles.training_status": ("keep", _CODE),
    "peer_expert_profiles.suspended_audiences": ("keep", "codes"),
    "peer_expert_profiles.session_lengths": ("keep", "numbers"),
    "peer_expert_profiles.meeting_details": ("erase", "a personal link or place"),
    "peer_expert_profiles.review_message": ("erase", "a coordinator's words about them"),
    "credentials.kind": ("delete", "the person's certificates go with them"),
    "credentials.name": ("delete", "the person's certificates go with them"),
    "credentials.status": ("delete", "the person's certificates go with them"),
    "credentials.seen_note": ("delete", "a coordinator's words about their certificate"),
    "credentials.rejection_reason": ("delete", "a coordinator's words about their certificate"),
    "profile_domains.share_text": ("erase", "own words about an experience"),
    "profile_domains.visibility": ("keep", _CODE),
    "profile_domains.audiences": ("keep", "codes"),
    "profile_domains.status": ("keep", _CODE),
    "availability_exceptions.kind": ("keep", _CODE),
    "availability_exceptions.note": ("erase", "free text"),
    # A youth's (or team's) request: counted in reports, so the row stays without any text.
    "contact_requests.kind": ("keep", _CODE),
    "contact_requests.status": ("keep", "withdrawn if still open; counted in reports"),
    "contact_requests.own_words": ("erase", "own words"),
    "contact_requests.hopes": ("keep", "codes from a list"),
    "contact_requests.languages": ("keep", "codes"),
    "contact_requests.modes": ("keep", "codes"),
    "contact_requests.gender_preference": ("keep", _CODE),
    "contact_requests.preferred_gender": ("keep", _CODE),
    "contact_requests.time_preferences": ("erase", "when the person is free"),
    "contact_requests.purpose": ("keep", _CODE),
    "contact_requests.guardian_name": ("erase", "a guardian's name"),
    "contact_requests.guardian_email": ("erase", "a guardian's contact detail"),
    "contact_requests.guardian_token_hash": ("erase", "the consent link stops working"),
    "contact_requests.guardian_consent_name": ("erase", "a guardian's name"),
    "contact_requests.guardian_consent_relation": ("keep", "a code (parent, guardian)"),
    "request_domains.importance": ("keep", _CODE),
    # Matches: counted; every text goes.
    "match_proposals.status": ("keep", "counted in reports"),
    "match_proposals.explanation": ("keep", "matching factors as codes and numbers"),
    "match_proposals.decline_reason": ("erase", "a peer expert's words about the request"),
    "match_proposals.coordinator_reason": ("erase", "a coordinator's words about the match"),
    "proposal_messages.body": ("erase", "questions and answers about the person"),
    "proposal_messages.kind": ("keep", _CODE),
    # Sessions: counted; every text goes.
    "bookings.status": ("keep", "counted in reports"),
    "bookings.mode": ("keep", _CODE),
    "bookings.meeting_details": ("erase", "a link or place"),
    "bookings.video_room_url": ("erase", "the session's own video room"),
    "bookings.proposed_times": ("keep", "moments, no text"),
    "bookings.ical_uid": ("keep", "random calendar id"),
    "bookings.cancel_reason": ("erase", "free text"),
    "bookings.no_show_side": ("keep", _CODE),
    "booking_events.action": ("keep", _CODE),
    "booking_events.from_status": ("keep", _CODE),
    "booking_events.to_status": ("keep", _CODE),
    "booking_events.details": ("keep", "moments and flags, no text"),
    "booking_participants.role": ("keep", _CODE),
    "booking_participants.response": ("keep", _CODE),
    "feedback.author_role": ("keep", _CODE),
    "feedback.comment": ("erase", "feedback text (the rating number stays, for reports)"),
    "feedback.coordinator_note": ("erase", "feedback text"),
}
