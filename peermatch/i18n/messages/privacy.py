from flask_babel import lazy_gettext as _l

MESSAGES = {
    "privacy.error.already_erased": _l("This account has already been deleted."),
    "privacy.error.no_erasure_pending": _l("Your account is not going to be deleted."),
    "privacy.error.person_not_found": _l(
        "We found nobody with this email address among your organisation's people."
    ),
}
