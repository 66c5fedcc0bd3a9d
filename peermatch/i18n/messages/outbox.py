from flask_babel import lazy_gettext as _l

MESSAGES = {
    "outbox.error.not_found": _l("This email was not found. It may have been removed."),
    "outbox.error.not_failed": _l(
        "This email is not marked as failed (any more), so there is nothing to retry."
    ),
}
