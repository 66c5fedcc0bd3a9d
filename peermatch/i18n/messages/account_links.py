from flask_babel import lazy_gettext as _l

MESSAGES = {
    "account.error.link_invalid": _l(
        "This link no longer works: it was already used, it has expired, or a newer one was "
        "sent. Ask for a new link."
    ),
    "account.reset_requested": _l(
        "If this email address belongs to a PeerMatch account, we have sent it a link "
        "to set a new password. The link works for one hour. No email? Check your spam "
        "folder or ask again."
    ),
    "account.error.email_unverified": _l(
        "First confirm your email address with the link we sent you. No email? Use the "
        "button \u201cSend the link again\u201d."
    ),
    "account.error.email_unchanged": _l("This is already your email address."),
}
