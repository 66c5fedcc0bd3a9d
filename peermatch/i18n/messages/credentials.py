from flask_babel import lazy_gettext as _l

MESSAGES = {
    "credential.error.not_found": _l("This certificate was not found."),
    "credential.error.name_required": _l("Fill in the name of the training or certificate."),
    "credential.error.name_too_long": _l("Use at most %(max)s characters for the name."),
    "credential.error.kind": _l("Choose what kind of certificate this is."),
    "credential.error.obtained_in_future": _l("The date you got it cannot be in the future."),
    "credential.error.obtained_too_early": _l("Check the date you got it: it is very long ago."),
    "credential.error.expires_before_obtained": _l(
        "The last valid day comes after the date you got it."
    ),
    "credential.error.note_too_long": _l("Use at most %(max)s characters."),
    "credential.error.reason_required": _l(
        "Write why you cannot accept it, so the peer expert knows what to do."
    ),
    "credential.error.already_checked": _l(
        "This certificate has been checked already. It is checked again once it is changed."
    ),
    "credential.notice.verified": _l("Your coordinator checked your certificate “%(name)s”."),
    "credential.notice.rejected": _l(
        "Your coordinator could not accept your certificate “%(name)s”. See why on your "
        "certificates page."
    ),
    "credential.notice.reminder": _l(
        "Your coordinator asks you to renew your certificate “%(name)s”."
    ),
}
