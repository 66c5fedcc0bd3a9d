"""Peer-expert profiles: onboarding steps, experience entries, credentials and verification.

Onboarding is saved per step as a draft (``onboarding_step`` is the furthest step reached);
each step checks its own meaning and changes nothing when it says no.

Status changes go through the table in ``peermatch.profiles_states``. Two choices worth
knowing:

- Editing the story or the experience entries of an active profile keeps it active: these
  are the peer expert's own disclosure choices and must take effect at once (withdrawing
  something can never wait for a coordinator).
- Editing credentials (training, VOG date) of an active or paused profile sends it back to
  *submitted*: what a coordinator verified is no longer what is on file, so a coordinator
  of the profile's organisation looks again before the profile is matched.
"""

from peermatch.services.profiles.access import (
    EDITABLE,
    MAX_PRONOUNS,
    MAX_TEXT,
    MIN_PEER_AGE,
    ONBOARDING_DONE,
    PROFILE_PATH,
    SESSION_LENGTHS,
    STEP_ABOUT,
    STEP_CAPACITY,
    STEP_COUNT,
    STEP_CREDENTIALS,
    STEP_EXPERIENCES,
    STEP_MEET,
    STEP_STORY,
    VOG_ATTENTION_DAYS,
    ensure_coordinator_of,
    find_own_profile,
    needs_organisation_choice,
    open_onboarding,
    organisations,
    own_profile,
)
from peermatch.services.profiles.coordinator import (
    VogAttention,
    profile_for_coordinator,
    request_changes,
    review_profile,
    verification_queue,
    verify,
    vog_attention,
    vog_for_coordinator,
    vog_overview,
    waiting_count,
)
from peermatch.services.profiles.entries import (
    DomainEntryInput,
    add_entry,
    change_entry_status,
    own_entry,
    update_entry,
)
from peermatch.services.profiles.onboarding import (
    AboutYou,
    Capacity,
    Credentials,
    HowYouMeet,
    YourStory,
    confirm_experiences,
    save_about_you,
    save_capacity,
    save_credentials,
    save_how_you_meet,
    save_story,
)
from peermatch.services.profiles.status import missing_for_submit, pause, resume, retire, submit
from peermatch.vocabulary import LANGUAGES  # callers read the onboarding languages here

__all__ = [
    "EDITABLE",
    "LANGUAGES",
    "MAX_PRONOUNS",
    "MAX_TEXT",
    "MIN_PEER_AGE",
    "ONBOARDING_DONE",
    "PROFILE_PATH",
    "SESSION_LENGTHS",
    "STEP_ABOUT",
    "STEP_CAPACITY",
    "STEP_COUNT",
    "STEP_CREDENTIALS",
    "STEP_EXPERIENCES",
    "STEP_MEET",
    "STEP_STORY",
    "VOG_ATTENTION_DAYS",
    "AboutYou",
    "Capacity",
    "Credentials",
    "DomainEntryInput",
    "HowYouMeet",
    "VogAttention",
    "YourStory",
    "add_entry",
    "change_entry_status",
    "confirm_experiences",
    "ensure_coordinator_of",
    "find_own_profile",
    "missing_for_submit",
    "needs_organisation_choice",
    "open_onboarding",
    "organisations",
    "own_entry",
    "own_profile",
    "pause",
    "profile_for_coordinator",
    "request_changes",
    "resume",
    "retire",
    "review_profile",
    "save_about_you",
    "save_capacity",
    "save_credentials",
    "save_how_you_meet",
    "save_story",
    "submit",
    "update_entry",
    "verification_queue",
    "verify",
    "vog_attention",
    "vog_for_coordinator",
    "vog_overview",
    "waiting_count",
]
