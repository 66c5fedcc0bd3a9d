from flask_babel import lazy_gettext as _l

MESSAGES = {
    "report.error.not_found": _l("This report was not found."),
    "report.error.month": _l("Choose months between 2000 and 2199."),
    "report.error.reversed": _l("The first month comes after the last. Swap them and try again."),
    "report.error.too_long": _l("A report covers at most %(max)s months. Choose a shorter period."),
}
