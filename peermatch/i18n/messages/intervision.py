from flask_babel import lazy_gettext as _l

MESSAGES = {
    "intervision.error.not_found": _l("This intervision does not exist, or it is not yours."),
    "intervision.error.title_missing": _l("Give the intervision a title."),
    "intervision.error.title_too_long": _l("The title can be at most %(max)s characters."),
    "intervision.error.topic_too_long": _l("The topic can be at most %(max)s characters."),
    "intervision.error.place_too_long": _l("The place can be at most %(max)s characters."),
    "intervision.error.place_missing": _l("Fill in the address for a meeting in person."),
    "intervision.error.mode": _l("Choose how the group meets."),
    "intervision.error.in_the_past": _l("Choose a start time in the future."),
    "intervision.error.too_far_ahead": _l("Plan an intervision at most a year ahead."),
    "intervision.error.length": _l(
        "An intervision lasts at least %(min)s minutes and at most %(max)s hours."
    ),
    "intervision.error.capacity": _l(
        "The maximum number of places is between %(low)s and %(high)s."
    ),
    "intervision.error.nobody_invited": _l("Invite at least one peer expert."),
    "intervision.error.too_many": _l("You can invite at most %(max)s peer experts."),
    "intervision.error.not_invitable": _l(
        "You can only invite verified peer experts of your own organisation."
    ),
    "intervision.error.cancelled": _l("This intervision has been called off."),
    "intervision.error.started": _l("This intervision has already begun, so it cannot be changed."),
    "intervision.error.not_started": _l("You can record who came once the intervision has begun."),
    "intervision.error.not_invited": _l("Only invited peer experts can be recorded."),
    "intervision.error.response": _l("Choose whether you will come."),
    "intervision.notice.invited": _l("You are invited to a group intervision."),
    "intervision.notice.moved": _l("The time or place of your group intervision has changed."),
    "intervision.notice.cancelled": _l(
        "A group intervision you were invited to will not take place."
    ),
    "intervision.notice.uninvited": _l("You are no longer invited to a group intervision."),
}
