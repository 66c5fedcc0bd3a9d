from flask_babel import lazy_gettext as _l

MESSAGES = {
    "availability.error.no_profile": _l(
        "You do not have a peer expert profile yet. Start with your profile first."
    ),
    "availability.error.weekday": _l("Choose a day of the week."),
    "availability.error.end_before_start": _l("The end time needs to be after the start time."),
    "availability.error.overlap": _l(
        "The times %(first)s and %(second)s overlap on the same day. Change one of them or "
        "remove it first."
    ),
    "availability.error.too_many_windows": _l(
        "You can add at most %(max)s time blocks on one day."
    ),
    "availability.error.window_not_found": _l("This time block does not exist (anymore)."),
    "availability.error.exception_not_found": _l("This exception does not exist (anymore)."),
    "availability.error.end_date_before_start": _l(
        "The last day needs to be on or after the first day."
    ),
    "availability.error.range_too_long": _l("Choose a period of at most %(max)s days."),
    "availability.error.in_the_past": _l("This period is already over. Choose a date from today."),
    "availability.error.both_times": _l(
        "Fill in both a start and an end time, or leave both empty for whole days."
    ),
    "availability.error.extra_needs_times": _l(
        "An extra time block needs a start and an end time."
    ),
    "availability.error.note_too_long": _l("Keep the note to at most %(max)s characters."),
}
