"""Texts for an organisation's own settings (its video service)."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "organisation.error.settings_not_found": _l("This organisation was not found."),
    "organisation.error.video_base_https": _l(
        "Fill in a web address that starts with https://, for example https://meet.example.nl/."
    ),
    "organisation.error.video_base_too_long": _l("Keep the address to %(max)s characters."),
}
