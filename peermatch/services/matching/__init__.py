"""Matching as a use case: load requests and peer experts, ask the pure core who fits.

The pure module ``peermatch.matching`` is the only place that decides who is a candidate
and in which order; this service turns database rows into its inputs (through the
disclosure rule, so a domain a peer expert did not open for an audience never even reaches
the ranking) and its outputs into views. Loading candidates issues a constant number of SQL
statements however many peer experts there are."""

from __future__ import annotations

from peermatch.services.matching.candidates import (
    _active_profile_rows as _active_profile_rows,
)
from peermatch.services.matching.candidates import (
    _EntryFacts as _EntryFacts,
)
from peermatch.services.matching.candidates import (
    _json_text as _json_text,
)
from peermatch.services.matching.candidates import (
    _Shared as _Shared,
)
from peermatch.services.matching.candidates import (
    _slot_windows as _slot_windows,
)
from peermatch.services.matching.candidates import (
    _usable_domain_entries as _usable_domain_entries,
)
from peermatch.services.matching.candidates import (
    _workload as _workload,
)
from peermatch.services.matching.candidates import (
    active_sessions_by_user as active_sessions_by_user,
)
from peermatch.services.matching.candidates import (
    load_candidates as load_candidates,
)
from peermatch.services.matching.candidates import (
    profiles_by_id as profiles_by_id,
)
from peermatch.services.matching.candidates import (
    with_all_free_slots as with_all_free_slots,
)
from peermatch.services.matching.candidates import (
    with_ratings as with_ratings,
)
from peermatch.services.matching.request_inputs import (
    _no_time_fits as _no_time_fits,
)
from peermatch.services.matching.request_inputs import (
    already_proposed as already_proposed,
)
from peermatch.services.matching.request_inputs import (
    audience_of as audience_of,
)
from peermatch.services.matching.request_inputs import (
    blocked_by_requester as blocked_by_requester,
)
from peermatch.services.matching.request_inputs import (
    blocking_requester as blocking_requester,
)
from peermatch.services.matching.request_inputs import (
    build_match_request as build_match_request,
)
from peermatch.services.matching.request_inputs import (
    domains_by_id as domains_by_id,
)
from peermatch.services.matching.request_inputs import (
    requester_age as requester_age,
)
from peermatch.services.matching.request_inputs import (
    requester_windows as requester_windows,
)
from peermatch.services.matching.request_inputs import (
    taxonomy_of as taxonomy_of,
)
from peermatch.services.matching.settings import (
    ACCEPTED_STATUSES as ACCEPTED_STATUSES,
)
from peermatch.services.matching.settings import (
    CARDS_FOR_COORDINATOR as CARDS_FOR_COORDINATOR,
)
from peermatch.services.matching.settings import (
    CARDS_FOR_REQUESTER as CARDS_FOR_REQUESTER,
)
from peermatch.services.matching.settings import (
    HORIZON_DAYS as HORIZON_DAYS,
)
from peermatch.services.matching.settings import (
    RECENT_PROPOSAL_DAYS as RECENT_PROPOSAL_DAYS,
)
from peermatch.services.matching.settings import (
    SPENT_STATUSES as SPENT_STATUSES,
)
from peermatch.services.matching.settings import (
    ViewerKind as ViewerKind,
)
from peermatch.services.matching.settings import (
    configured_weights as configured_weights,
)
from peermatch.services.matching.views import (
    CandidateCard as CandidateCard,
)
from peermatch.services.matching.views import (
    CandidateView as CandidateView,
)
from peermatch.services.matching.views import (
    SharedExperience as SharedExperience,
)
from peermatch.services.matching.views import (
    _shared as _shared,
)
from peermatch.services.matching.views import (
    candidates_for as candidates_for,
)
from peermatch.services.matching.views import (
    explanation_of as explanation_of,
)
from peermatch.services.matching.views import (
    first_name as first_name,
)
from peermatch.services.matching.views import (
    get_request as get_request,
)
from peermatch.services.matching.views import (
    group_by_audience as group_by_audience,
)
from peermatch.services.matching.views import (
    may_coordinate_request as may_coordinate_request,
)
from peermatch.services.matching.views import (
    rank_request as rank_request,
)
