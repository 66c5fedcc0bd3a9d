"""Texts for the access log (who read someone's data) and encryption at rest."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "access_log.error.not_found": _l("We could not find that log."),
    "access_log.error.bad_period": _l("Choose a period of at most a year, the start first."),
}
