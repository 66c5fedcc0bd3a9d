"""Peer experts' credentials (training, first aid, other): recorded by the peer expert on
their profile, checked by a coordinator of their organisation the way a VOG is (original
seen, no copy kept), followed up before they expire with the VOG's reminder moments.

The profile's ``training_status`` stays where it was: it says where the peer expert stands
in their own peer-expert training (a part of their profile, checked with the profile).
A credential is a dated paper checked on its own; nothing is stored in both places.
"""

from __future__ import annotations

from peermatch.services.credentials.own import (
    CredentialInput,
    add,
    edit,
    list_own,
    own_credential,
    remove,
)
from peermatch.services.credentials.reminders import (
    CredentialReminderRun,
    queue_expiry_reminders,
)
from peermatch.services.credentials.review import (
    CREDENTIALS_PATH,
    LIST_PATH,
    for_coordinator,
    of_profile,
    organisation_list,
    reject,
    remind,
    verify,
)
from peermatch.services.credentials.state import FILTERS, CredentialState, credential_state

__all__ = [
    "CREDENTIALS_PATH",
    "FILTERS",
    "LIST_PATH",
    "CredentialInput",
    "CredentialReminderRun",
    "CredentialState",
    "add",
    "credential_state",
    "edit",
    "for_coordinator",
    "list_own",
    "of_profile",
    "organisation_list",
    "own_credential",
    "queue_expiry_reminders",
    "reject",
    "remind",
    "remove",
    "verify",
]
