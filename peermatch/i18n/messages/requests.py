from flask_babel import lazy_gettext as _l

MESSAGES = {
    "request.error.birth_year_missing": _l(
        "We need your year of birth first. Add it to your account and try again."
    ),
    "request.error.too_young": _l(
        "You can ask for a peer expert from %(min)s years old. You can always call De "
        "Kindertelefoon (0800-0432) to talk to someone."
    ),
    "request.error.youth_only": _l("Only young people can make this kind of request."),
    "request.error.team_member_only": _l("Only team members can do this."),
    "request.error.no_team": _l("You are not part of a team yet. Ask your coordinator to add you."),
    "request.error.not_your_team": _l("You can only make requests for your own team."),
    "request.error.no_organisation": _l(
        "You are not linked to an organisation yet. Ask your coordinator to add you."
    ),
    "request.error.not_found": _l("We could not find this request."),
    "request.error.not_editable": _l("This request can no longer be changed."),
    "request.error.has_proposals": _l(
        "This request can no longer be changed, because peer experts have already been "
        "chosen. You can withdraw it and start a new one."
    ),
    "request.error.already_submitted": _l("This request has already been sent."),
    "request.error.not_withdrawable": _l("This request has already ended."),
    "request.error.domain_unknown": _l("Choose topics from the list."),
    "request.error.too_many_domains": _l("Choose at most %(max)s topics."),
    "request.error.domains_required": _l(
        "Choose at least one topic, or tick \u201cI'm not sure yet\u201d."
    ),
    "request.error.most_important_needed": _l(
        "Mark at least one topic as \u201cmost important\u201d."
    ),
    "request.error.own_words_too_long": _l("Your own words can be at most %(max)s characters."),
    "request.error.hope_unknown": _l("Choose what you hope for from the list."),
    "request.error.hopes_required": _l("Tell us what you hope for: choose at least one option."),
    "request.error.language_unknown": _l("Choose languages from the list."),
    "request.error.languages_required": _l("Choose at least one language."),
    "request.error.mode_unknown": _l("Choose ways to meet from the list."),
    "request.error.modes_required": _l("Choose at least one way to meet."),
    "request.error.place_unknown": _l("We do not know this place. Search again and pick one."),
    "request.error.place_required": _l(
        "To meet in person, choose a place and how far you want to travel."
    ),
    "request.error.distance_invalid": _l("Choose a distance between 1 and %(max)s km."),
    "request.error.gender_preference_unknown": _l("Choose one of the options for gender."),
    "request.error.preferred_gender_missing": _l("Choose which gender you prefer."),
    "request.error.own_gender_missing": _l(
        "To choose \u201cthe same as me\u201d, tell us your gender too."
    ),
    "request.error.weekly_invalid": _l("Choose days and parts of the day from the list."),
    "request.error.too_many_windows": _l("Give at most %(max)s periods."),
    "request.error.window_invalid": _l("Fill in a date and a start and end time."),
    "request.error.window_end_before_start": _l("The end time must be after the start time."),
    "request.error.window_in_past": _l("A period you gave has already passed. Choose a later one."),
    "request.error.window_too_far": _l("Choose periods within the coming %(weeks)s weeks."),
    "request.error.times_required": _l("Tell us which times suit you."),
    "request.error.windows_required": _l("Give at least one period that suits your team."),
    "request.error.guardian_required": _l(
        "Because you are under 16, we need the name and email address of a parent or guardian."
    ),
    "request.error.guardian_email_limit": _l(
        "You asked permission from %(max)s different email addresses today. "
        "Try again tomorrow, or ask a coordinator for help."
    ),
    "request.error.guardian_statement_name": _l("Fill in your name (at most 120 characters)."),
    "request.error.guardian_statement_relation": _l(
        "Choose whether you are a parent, a legal guardian or someone else."
    ),
    "request.error.guardian_is_self": _l(
        "Fill in the email address of your parent or guardian, not your own."
    ),
    "request.error.consent_link_invalid": _l(
        "This link does not work. Check that you copied the whole link from the email."
    ),
    "request.error.consent_link_expired": _l(
        "This link is no longer valid. Your child can send a new request at any time."
    ),
    "request.error.consent_already_given": _l("You have already given permission. Thank you!"),
    "request.error.youth_not_found": _l(
        "There is no young person's account with this email address. Ask them to sign up first."
    ),
    "request.error.referral_too_young": _l(
        "Young people can use PeerMatch from %(min)s years old."
    ),
    "request.error.purpose_required": _l("Choose what you need peer experts for."),
    "request.error.peer_experts_wanted": _l("Ask for 1 to %(max)s peer experts."),
    "request.referred": _l(
        "A professional has referred you to PeerMatch. You can now finish your request."
    ),
}
