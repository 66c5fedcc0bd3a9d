from flask_babel import lazy_gettext as _l

MESSAGES = {
    "two_factor.error.already_on": _l("Two-step login is already on."),
    "two_factor.error.not_started": _l("Start setting up two-step login first."),
    "two_factor.error.not_on": _l("Two-step login is not on."),
    "two_factor.error.code_wrong": _l(
        "This code is not right, or was already used. Try the newest code."
    ),
    "two_factor.error.required": _l("For coordinators and admins, two-step login is required."),
    "two_factor.error.reset_unknown": _l(
        "We found nobody with this email address who uses two-step login."
    ),
    "two_factor.error.reset_not_allowed": _l("Only an administrator can reset two-step login."),
    "two_factor.error.reset_self": _l(
        "You cannot reset your own two-step login. Ask another administrator."
    ),
}
