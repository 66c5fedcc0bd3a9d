"""Texts for notifications, dashboards and feedback pages."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "notification.error.not_found": _l("We could not find this notification."),
}
