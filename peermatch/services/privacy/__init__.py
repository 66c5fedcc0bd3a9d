"""Privacy rights (AVG): see your data, erasure with a grace period, retention.

- ``export``: everything held about one person, as one JSON-safe document (art. 15, 20).
- ``erasure``: ``request_erasure`` (THE entry point, also for consent withdrawal),
  ``cancel_erasure``, coordinators' requests for their own people, and the final step.
- ``retention``: the periodic rules (``flask --app wsgi retention apply``).
- ``columns``: what erasure does with every text column, and why.
"""

from peermatch.services.privacy.erasure import (
    DEFAULT_GRACE,
    ERASED_NAME,
    cancel_erasure,
    erase,
    finalise_due,
    pending,
    person_for_coordinator,
    request_erasure,
    request_erasure_for,
    request_own_erasure,
)
from peermatch.services.privacy.export import SECTIONS, export_data
from peermatch.services.privacy.retention import Periods, apply, summary

__all__ = [
    "DEFAULT_GRACE",
    "ERASED_NAME",
    "SECTIONS",
    "Periods",
    "apply",
    "cancel_erasure",
    "erase",
    "export_data",
    "finalise_due",
    "pending",
    "person_for_coordinator",
    "request_erasure",
    "request_erasure_for",
    "request_own_erasure",
    "summary",
]
