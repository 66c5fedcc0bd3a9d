"""Contact requests: youths and clinician teams ask to talk with peer experts.

A request starts as a draft, is submitted (``open``), may wait for a guardian's consent
(``awaiting_consent``, youths aged 12-15 without a referral), and ends withdrawn, expired,
matched or closed. Matching reads open requests; this module only stores what it needs.

``ContactRequest.time_preferences`` — the structure the matching service reads::

    {
      "weekly":  [{"weekday": 0, "part": "evening"}, ...],
      "windows": [{"start": "2026-12-01T15:00:00+00:00", "end": "2026-12-01T18:00:00+00:00"}]
    }

- ``weekly``: recurring parts of the week that suit the requester. ``weekday`` is 0 (Monday)
  to 6 (Sunday); ``part`` is ``morning`` (08-12), ``afternoon`` (12-17) or ``evening``
  (17-21), in the requester's own time zone (``User.time_zone``). Sorted, no duplicates.
- ``windows``: concrete periods in the coming weeks as ISO 8601 UTC timestamps with offset
  ``+00:00``; ``end`` is after ``start``, ``start`` is in the future (at submission) and within
  ``WINDOW_HORIZON_DAYS``. Sorted by start.
Both keys are always present (possibly empty lists). Youth requests need at least one entry
in either list; team requests need at least one window.

Privacy: a youth's own words are read only through :func:`read_own_words`, which checks who
may see them and audits every read by someone other than the youth.
"""

from peermatch.services.requests.access import (
    AgeRoute,
    age_route,
    current_draft,
    editable_ids,
    get_for,
    has_proposals,
    is_editable,
    list_mine,
    list_team_requests,
    may_manage,
    needs_guardian,
)
from peermatch.services.requests.consent import (
    ConsentState,
    ConsentView,
    confirm_guardian_consent,
    consent_view,
)
from peermatch.services.requests.inputs import (
    ACCEPTED_PROPOSAL_STATUSES,
    CONSENT_BELOW_AGE,
    CONSENT_DAYS,
    EDITABLE_STATUSES,
    GENDER_PREFERENCES,
    HOPES,
    MAX_DISTANCE_KM,
    MAX_DOMAINS,
    MAX_OWN_WORDS,
    MAX_PEER_EXPERTS,
    MAX_WINDOWS,
    MIN_AGE,
    MODES,
    OPEN_PROPOSAL_STATUSES,
    PARTS_OF_DAY,
    TEAM_PURPOSES,
    WINDOW_HORIZON_DAYS,
    WITHDRAWABLE_STATUSES,
    DomainChoice,
    GuardianContact,
    TeamRequestInput,
    TimeWindow,
    WeeklyPart,
    YouthRequestInput,
    guardian_consent_path,
)
from peermatch.services.requests.own_words import read_own_words
from peermatch.services.requests.referral import refer_youth
from peermatch.services.requests.team import save_team_request
from peermatch.services.requests.validation import time_preferences_json, weekly_of, windows_of
from peermatch.services.requests.withdrawing import expire_stale, withdraw
from peermatch.services.requests.youth import (
    check_ready,
    missing_before_send,
    save_youth_draft,
    submit,
)

__all__ = [
    "ACCEPTED_PROPOSAL_STATUSES",
    "CONSENT_BELOW_AGE",
    "CONSENT_DAYS",
    "EDITABLE_STATUSES",
    "GENDER_PREFERENCES",
    "HOPES",
    "MAX_DISTANCE_KM",
    "MAX_DOMAINS",
    "MAX_OWN_WORDS",
    "MAX_PEER_EXPERTS",
    "MAX_WINDOWS",
    "MIN_AGE",
    "MODES",
    "OPEN_PROPOSAL_STATUSES",
    "PARTS_OF_DAY",
    "TEAM_PURPOSES",
    "WINDOW_HORIZON_DAYS",
    "WITHDRAWABLE_STATUSES",
    "AgeRoute",
    "ConsentState",
    "ConsentView",
    "DomainChoice",
    "GuardianContact",
    "TeamRequestInput",
    "TimeWindow",
    "WeeklyPart",
    "YouthRequestInput",
    "age_route",
    "check_ready",
    "confirm_guardian_consent",
    "consent_view",
    "current_draft",
    "editable_ids",
    "expire_stale",
    "get_for",
    "guardian_consent_path",
    "has_proposals",
    "is_editable",
    "list_mine",
    "list_team_requests",
    "may_manage",
    "missing_before_send",
    "needs_guardian",
    "read_own_words",
    "refer_youth",
    "save_team_request",
    "save_youth_draft",
    "submit",
    "time_preferences_json",
    "weekly_of",
    "windows_of",
    "withdraw",
]
