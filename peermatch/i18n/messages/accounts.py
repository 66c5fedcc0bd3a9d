from flask_babel import lazy_gettext as _l

MESSAGES = {
    "account.error.email_invalid": _l("Enter a valid email address."),
    "account.error.email_taken": _l(
        "There is already an account with this email address. Try logging in instead."
    ),
    "account.error.password_short": _l("Choose a password of at least %(min)s characters."),
    "account.error.password_common": _l(
        "This password is too common or too easy to guess. Choose a longer one, for example "
        "a few words that belong together only for you."
    ),
    "account.error.password_personal": _l(
        "Your password must not contain your email address or your name. Choose another one."
    ),
    "account.error.current_password_wrong": _l(
        "Your current password is not right. Check it and try again."
    ),
    "account.error.name_required": _l("Fill in the name you want to be called by."),
    "account.error.birth_year_invalid": _l("Fill in a real year of birth."),
    "account.error.too_young": _l(
        "PeerMatch is for young people from %(min)s years old. You can always call De "
        "Kindertelefoon (0800-0432) to talk to someone."
    ),
    "account.error.peer_too_young": _l("Peer experts need to be at least %(min)s years old."),
    "account.error.role_not_self_service": _l(
        "This kind of account is created by a coordinator or an administrator."
    ),
    "account.error.may_not_grant_role": _l("You may not give this role."),
    "account.error.locale_unknown": _l("This language is not available."),
    "organisation.error.not_found": _l("Organisation %(organisation)s was not found."),
    "auth.error.invalid_credentials": _l(
        "This email address and password do not match. Check them and try again."
    ),
}
