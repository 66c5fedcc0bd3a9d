from flask_babel import lazy_gettext as _l

MESSAGES = {
    "calendar.error.not_found": _l(
        "This calendar link does not work (any more). Make a new one in PeerMatch."
    ),
}
