from flask_babel import lazy_gettext as _l

MESSAGES = {
    "profile.error.not_peer_expert": _l("This part of PeerMatch is for peer experts."),
    "profile.error.not_found": _l("This profile was not found."),
    "profile.error.not_yours": _l("You can only change your own profile."),
    "profile.error.retired": _l("This profile has stopped and can no longer be changed."),
    "profile.error.name_required": _l("Fill in the name you want to be called by."),
    "profile.error.birth_year_required": _l("Fill in your year of birth."),
    "profile.error.pronouns_long": _l("Keep your pronouns to at most %(max)s characters."),
    "profile.error.organisation_required": _l("Choose the organisation you work with."),
    "profile.error.organisation_unknown": _l(
        "This organisation does not exist. Choose one from the list."
    ),
    "profile.error.organisation_locked": _l(
        "Your organisation can only be changed before you send your profile. Ask your coordinator."
    ),
    "profile.error.languages": _l("Choose at least one language from the list."),
    "profile.error.modes": _l("Choose at least one way of meeting from the list."),
    "profile.error.audiences": _l("Choose at least one group you want to meet."),
    "profile.error.place_required": _l(
        "For meeting in person, choose your place of residence from the list."
    ),
    "profile.error.travel_km": _l("Fill in how far you want to travel: 1 to %(max)s km."),
    "profile.error.introduction_required": _l("Write a short introduction in your own words."),
    "profile.error.text_long": _l("Keep this text to at most %(max)s characters."),
    "profile.error.no_experiences": _l(
        "Add at least one experience, so we can find people who fit your expertise."
    ),
    "profile.error.training_year_required": _l("Fill in the year you completed your training."),
    "profile.error.training_year_invalid": _l("Fill in a real year for your training."),
    "profile.error.training_year_future": _l(
        "A completed training cannot be in the future. Choose 'in training' instead."
    ),
    "profile.error.vog_future": _l("The date of your VOG cannot be in the future."),
    "profile.error.session_lengths": _l("Choose at least one session length from the list."),
    "profile.error.buffer": _l("A break is between %(min)s and %(max)s minutes."),
    "profile.error.notice": _l("The notice time is between %(min)s and %(max)s hours."),
    "profile.error.horizon": _l("You can plan between %(min)s and %(max)s weeks ahead."),
    "profile.error.sessions_per_week": _l("Choose between %(min)s and %(max)s sessions per week."),
    "profile.error.sessions_per_day": _l(
        "Choose between %(min)s and %(max)s sessions per day, or leave it empty."
    ),
    "profile.error.active_matches": _l("Choose between %(min)s and %(max)s people at a time."),
    "profile.error.audiences_first": _l(
        "First choose which groups you want to meet (step 2), then add your experiences."
    ),
    "profile.error.entry_audiences": _l("Choose at least one group this experience is for."),
    "profile.error.entry_audiences_outside": _l(
        "You can only choose groups you meet. Add the group in step 2 first."
    ),
    "profile.error.entry_not_found": _l("This experience was not found on your profile."),
    "profile.error.domain_unknown": _l("Choose an experience from the list."),
    "profile.error.domain_exists": _l(
        "This experience is already on your profile. You can change it in the list."
    ),
    "profile.error.entry_withdrawn": _l(
        "You took this experience off your profile. Add it again if you want to share it."
    ),
    "profile.error.entry_cannot_pause": _l("Only an active experience can be paused."),
    "profile.error.entry_cannot_resume": _l("Only a paused experience can be resumed."),
    "profile.error.entry_cannot_withdraw": _l("This experience was already taken off."),
    "profile.error.transition": _l(
        "This cannot be done at this point. Reload the page to see the current status."
    ),
    "profile.error.incomplete": _l(
        "A few steps are not finished yet. Your profile page shows what is still needed."
    ),
    "profile.error.review_message_required": _l(
        "Write what the peer expert should change, so they know what to do."
    ),
    "profile.missing.about": _l("Step 1: your name, year of birth and organisation"),
    "profile.missing.meet": _l(
        "Step 2: languages, ways of meeting, groups (and your place for meeting in person)"
    ),
    "profile.missing.story": _l("Step 3: a short introduction"),
    "profile.missing.experiences": _l(
        "Step 4: at least one experience that is active and ready to share"
    ),
    "profile.missing.credentials": _l("Step 5: your training and VOG"),
    "profile.missing.vog": _l(
        "Step 5: a valid VOG (not older than three years), because you meet young people under 18"
    ),
    "profile.missing.capacity": _l("Step 6: your sessions and capacity"),
    "profile.notice.verified": _l("Your profile has been verified. You can now be matched!"),
    "profile.notice.changes_requested": _l(
        "Your coordinator asked for a few changes to your profile."
    ),
    "profile.notice.retired": _l("Your profile was stopped by your coordinator."),
}
