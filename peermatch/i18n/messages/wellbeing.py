from flask_babel import lazy_gettext as _l

MESSAGES = {
    "wellbeing.error.until_past": _l("Choose a last day after today."),
    "wellbeing.error.until_far": _l(
        "A break can be planned up to %(days)s days ahead. Choose an earlier day."
    ),
    "wellbeing.error.not_active": _l("You can take a break once your profile is active."),
    "wellbeing.error.not_found": _l("This answer was not found or has been followed up already."),
    "wellbeing.notice.break": _l("%(name)s is taking a break."),
    "wellbeing.notice.break_ended": _l(
        "Your break has ended: young people and teams can be matched with you again."
    ),
}
