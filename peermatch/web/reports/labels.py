"""Words for the report's columns and values, so the pure figures stay language-free."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

FIGURE_TITLES = {
    "waiting": _l("Waiting times"),
    "activity": _l("Requests, matches and sessions"),
    "supply": _l("Asked for and offered, per experience"),
    "workload": _l("Workload per peer expert"),
    "satisfaction": _l("Satisfaction"),
    "credentials": _l("VOG, training and certificates"),
    "hours": _l("Hours per peer expert"),
}

FIGURE_HELP = {
    "waiting": _l(
        "Days from one step to the next, for requests sent in that month: the median (half "
        "waited shorter) and the 90th percentile (nine in ten waited at most this long)."
    ),
    "activity": _l("Sessions count in the month they were planned."),
    "supply": _l(
        "How often an experience was asked for, and how many active peer experts offer it to "
        "that group. Where far more is asked than offered, recruit peer experts who share it."
    ),
    "workload": _l(
        "Sessions per week (held or planned) against each peer expert's own maximum, and "
        "matches approved in the period."
    ),
    "satisfaction": _l("Average score from 1 to 5 given after sessions, from three answers."),
    "credentials": _l(
        "Active and paused peer experts by the state of their VOG, their training and their "
        "certificates (someone with certificates in two states counts in both)."
    ),
    "hours": _l(
        "Sessions held and intervision attended, with their minutes, for the volunteer allowance."
    ),
}

COLUMNS = {
    "month": _l("Month"),
    "step": _l("Step"),
    "requests": _l("Requests"),
    "median_days": _l("Median (days)"),
    "p90_days": _l("90th percentile (days)"),
    "matches": _l("Matches"),
    "held": _l("Sessions held"),
    "cancelled_late": _l("Cancelled late"),
    "cancelled_in_time": _l("Cancelled in time"),
    "no_shows": _l("No-shows"),
    "domain": _l("Experience"),
    "audience": _l("Group"),
    "asked": _l("Asked for"),
    "offered": _l("Offered by"),
    "peer_expert": _l("Peer expert"),
    "cap_per_week": _l("Maximum per week"),
    "sessions_per_week": _l("Sessions per week"),
    "busiest_week": _l("Busiest week"),
    "answers": _l("Answers"),
    "average": _l("Average score"),
    "credential": _l("Credential"),
    "status": _l("Status"),
    "peer_experts": _l("Peer experts"),
    "sessions_held": _l("Sessions held"),
    "minutes": _l("Minutes"),
    "intervision_attended": _l("Intervision attended"),
    "intervision_minutes": _l("Intervision minutes"),
}

VALUES = {
    "request_to_proposal": _l("Request → first proposal"),
    "proposal_to_accepted": _l("Proposal → accepted"),
    "accepted_to_approved": _l("Accepted → approved"),
    "approved_to_session": _l("Approved → first session"),
    "request_to_session": _l("Request → first session"),
    "vog": _l("VOG"),
    "training": _l("Training"),
    "certificate": _l("Certificates"),
    "verified": _l("Checked"),
    "to_check": _l("To be checked"),
    "rejected": _l("Not accepted"),
    "valid": _l("Valid"),
    "expires_soon": _l("Expires soon"),
    "expired": _l("Expired"),
    "none_on_file": _l("No VOG known"),
    "completed": _l("Completed"),
    "in_training": _l("In training"),
    "none": _l("Not yet"),
    "youth_12_15": _l("12 to 15"),
    "youth_16_17": _l("16 and 17"),
    "adult_18_plus": _l("18 and older"),
    "team": _l("Teams"),
}
