from flask_babel import lazy_gettext as _l

MESSAGES = {
    "email_settings.error.unknown_group": _l(
        "There is no group of emails called %(group)s. Choose from the list."
    ),
    "privacy.error.already_withdrawn": _l("You have already withdrawn your consent."),
}
