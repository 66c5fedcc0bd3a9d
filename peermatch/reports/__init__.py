"""PURE: the programme's figures from plain facts (no Flask, no SQLAlchemy).

The service loads facts with a fixed number of statements; this package turns them into
tables. Privacy is part of the arithmetic, not of the page: every figure that rests on fewer
than ``MIN_GROUP`` people or answers is suppressed (``None``, shown as "< 3"), so no report
can point at one youth. No fact carries a youth's own words or links a domain to a person.
"""

from peermatch.reports.figures import (
    MIN_GROUP,
    STEPS,
    BookingFact,
    FeedbackFact,
    Figure,
    IntervisionFact,
    PeerFact,
    ProposalFact,
    Report,
    RequestFact,
    build_report,
    hours,
    month_keys,
    percentile,
    suppress,
)

__all__ = [
    "MIN_GROUP",
    "STEPS",
    "BookingFact",
    "FeedbackFact",
    "Figure",
    "IntervisionFact",
    "PeerFact",
    "ProposalFact",
    "Report",
    "RequestFact",
    "build_report",
    "hours",
    "month_keys",
    "percentile",
    "suppress",
]
