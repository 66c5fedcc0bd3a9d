from flask_babel import lazy_gettext as _l

MESSAGES = {
    "vog.error.issued_in_future": _l("The VOG's date of issue cannot be in the future."),
    "vog.error.too_old": _l(
        "This VOG is more than three years old and no longer counts. Ask for a new one."
    ),
    "vog.error.no_minor_audiences": _l("This peer expert does not meet young people under 18."),
    "vog.error.only_minor_audiences": _l(
        "This peer expert only meets young people under 18. Pause the profile instead."
    ),
    "vog.error.minors_suspended": _l(
        "Meeting young people under 18 is on hold until your new VOG has been checked. "
        "Your coordinator will turn it back on."
    ),
    "vog.notice.reminder": _l(
        "Your coordinator asks you to renew your VOG, so you can keep meeting young people "
        "under 18."
    ),
    "vog.notice.minors_suspended": _l(
        "Meetings with young people under 18 are on hold until your new VOG has been checked."
    ),
    "vog.notice.minors_restored": _l(
        "Your VOG is in order again: young people under 18 can find you once more."
    ),
}
