from flask_babel import lazy_gettext as _l

MESSAGES = {
    "account.error.name_too_long": _l("Use a name of at most %(max)s characters."),
    "account.error.time_zone_unknown": _l("Choose a time zone from the list."),
    "token.error.name_required": _l("Give the token a name, so you recognise it later."),
    "token.error.name_too_long": _l("Use a name of at most %(max)s characters."),
    "token.error.too_many": _l(
        "You already have %(max)s tokens. Revoke one you no longer use, then try again."
    ),
    "token.error.not_found": _l("This token does not exist or was already revoked."),
}
