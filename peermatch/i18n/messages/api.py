from flask_babel import lazy_gettext as _l

MESSAGES = {
    "api.error.invalid_input": _l("Some fields are missing or not right. See the list of errors."),
    "api.field.required": _l("This field is required."),
    "api.field.unknown": _l("This field is not known here."),
    "api.field.wrong_type": _l("Expected a value of type %(expected)s."),
    "api.field.too_short": _l("Use at least %(min)s characters."),
    "api.field.too_long": _l("Use at most %(max)s characters."),
    "api.field.too_small": _l("Use a value of at least %(min)s."),
    "api.field.too_large": _l("Use a value of at most %(max)s."),
    "api.field.not_allowed": _l("Choose one of: %(allowed)s."),
    "api.field.bad_format": _l("Use the format %(format)s."),
    "api.field.not_an_object": _l("Send a JSON object here."),
    "api.field.nul_byte": _l("Text cannot contain NUL characters."),
    "api.field.year_range": _l("Use a date between the years %(min)s and %(max)s."),
}
