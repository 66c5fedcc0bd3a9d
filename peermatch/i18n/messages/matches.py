"""Texts for matching and match proposals: errors, notices, reasons, exclusions, relaxations.

Reasons and exclusion reasons come from the pure matching core as keys; they are written
in plain words about fit and never about how heavy an experience was.
"""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    # errors
    "match.error.not_found": _l("We could not find this match."),
    "match.error.request_not_found": _l("We could not find this request."),
    "match.error.request_not_open": _l(
        "This request is not open for matching (any more). Look at your request for its status."
    ),
    "match.error.choose_one": _l("Choose at least one peer expert."),
    "match.error.same_person_twice": _l("You chose the same person twice. Choose someone else."),
    "match.error.too_many_choices": _l("You can choose at most %(max)s peer experts."),
    "match.error.already_chosen": _l(
        "You already chose. Look at the status of your match; when it ends you can choose again."
    ),
    "match.error.no_longer_available": _l(
        "This peer expert is no longer available for this request. Look at the list again."
    ),
    "match.error.answer_too_late": _l(
        "The time to answer has passed, so this question has moved on. Thank you anyway!"
    ),
    "match.error.not_your_organisation": _l(
        "Only a coordinator of the peer expert's own organisation can decide on this match."
    ),
    "match.error.reason_required": _l("Write a short reason the young person can read."),
    "match.error.reason_too_long": _l("Keep the reason to at most %(max)s characters."),
    "match.error.message_required": _l("Write your message first."),
    "match.error.message_too_long": _l("Keep your message to at most %(max)s characters."),
    "match.error.no_question": _l("There is no question for you to answer here."),
    "match.error.closed": _l("This match is already decided."),
    "match.error.not_a_suggestion": _l("This is not a suggestion from a coordinator."),
    "match.error.batch_choose_requests": _l(
        "Choose one or more open requests from the list (they may have changed meanwhile)."
    ),
    "match.error.cannot_ask": _l("This choice cannot be asked now (status: %(status)s)."),
    "match.error.cannot_accept": _l("This proposal cannot be accepted now (status: %(status)s)."),
    "match.error.cannot_decline": _l("This proposal cannot be declined now (status: %(status)s)."),
    "match.error.cannot_expire": _l("This proposal cannot expire now (status: %(status)s)."),
    "match.error.cannot_approve": _l("This match cannot be approved now (status: %(status)s)."),
    "match.error.cannot_reject": _l("This match cannot be rejected now (status: %(status)s)."),
    "match.error.cannot_replace": _l(
        "Another peer expert can only be proposed while the match waits for approval."
    ),
    "match.error.cannot_refuse_suggestion": _l("This suggestion was already answered."),
    "match.error.cannot_withdraw": _l("This proposal has already ended."),
    # notices (in-app)
    "match.asked": _l("Someone would like to talk with you. Will you answer their request?"),
    "match.accepted": _l("Good news: the peer expert said yes. A coordinator checks it soon."),
    "match.awaiting_approval": _l("A match is waiting for your approval."),
    "match.not_this_time": _l(
        "This peer expert cannot do it this time. We have asked your next choice."
    ),
    "match.not_this_time_only": _l("This peer expert cannot do it this time."),
    "match.not_this_time_choose_again": _l(
        "This peer expert cannot do it this time. Choose again: we have made a fresh list for you."
    ),
    "match.choose_again": _l("Choose again: we have made a fresh list for you."),
    "match.approved": _l("Your match is approved! You can now plan a first conversation."),
    "match.rejected": _l("A coordinator did not approve this match. Read why on the match page."),
    "match.replaced": _l("A coordinator proposed another peer expert for this request."),
    "match.suggestion": _l("A coordinator suggests a peer expert for you. Do you want that?"),
    "match.question": _l("A coordinator has a question about a match."),
    "match.answer": _l("There is an answer to your question about a match."),
    "match.help_requested": _l("A young person asks for help finding a peer expert."),
    "match.batch_proposed": _l("A coordinator found a peer expert for you and asked them."),
    # reasons (from the matching core)
    "reason.shared_domain": _l("Has experience with %(domain)s too"),
    "reason.domain_within_requested": _l("Has experience with %(domain)s (part of %(requested)s)"),
    "reason.related_domain": _l("Has experience with %(domain)s, close to %(requested)s"),
    "reason.same_category": _l("Has experience with %(domain)s, in the same area as %(requested)s"),
    "reason.gender_preference_met": _l("Fits what you wished for about gender"),
    "reason.close_in_age": _l("Is close to you in age"),
    "reason.speaks_first_language": _l("Speaks %(language)s"),
    "reason.met_before_rated_well": _l("You met before and that went well"),
    "reason.available_from": _l("Has time from %(start)s"),
    "reason.modes": _l("Can meet by %(modes)s"),
    # exclusions (coordinators only)
    "exclusion.inactive": _l("Not active"),
    "exclusion.blocked_by_requester": _l("The requester asked not to be matched again"),
    "exclusion.blocked_by_peer": _l("Asked not to meet this requester, or already asked"),
    "exclusion.audience": _l("Does not work with this age group"),
    "exclusion.no_open_domain": _l("No shared experience opened for this group"),
    "exclusion.gender": _l("Gender wish"),
    "exclusion.language": _l("No shared language"),
    "exclusion.mode": _l("No shared way of meeting"),
    "exclusion.distance": _l("Too far to meet in person"),
    "exclusion.capacity": _l("No room for another match"),
    "exclusion.vog": _l("No VOG valid on the session date"),
    "exclusion.no_slot": _l("No free time that suits in the coming weeks"),
    # relaxations
    "relax.add_video": _l("With video as well, %(count)s peer experts are available."),
    "relax.any_mode": _l("With any way of meeting, %(count)s peer experts are available."),
    "relax.any_language": _l("With any language, %(count)s peer experts are available."),
    "relax.double_distance": _l(
        "Travelling up to %(max_distance_km)s km, %(count)s peer experts are available."
    ),
    "relax.gender_preference": _l(
        "Without the gender wish as a must, %(count)s peer experts are available."
    ),
    "relax.any_time": _l("At other times, %(count)s peer experts are available."),
    # factors
    "factor.shared_experience": _l("Shared experience"),
    "factor.gender": _l("Gender wish"),
    "factor.age_closeness": _l("Close in age"),
    "factor.language": _l("Language"),
    "factor.soonest_slot": _l("Soonest free time"),
    "factor.fair_spread": _l("Fair spread of work"),
    "factor.continuity": _l("Met before"),
    # timeline
    "step.chosen": _l("Chosen"),
    "step.suggested": _l("Suggested by a coordinator"),
    "step.ask": _l("Peer expert asked"),
    "step.accept": _l("Peer expert said yes"),
    "step.decline": _l("Peer expert cannot do it this time"),
    "step.expire": _l("No answer in time"),
    "step.approve": _l("Approved"),
    "step.reject": _l("Not approved"),
    "step.replace": _l("Coordinator proposed someone else"),
    "step.refuse_suggestion": _l("Suggestion not taken"),
    "step.withdraw": _l("Stopped"),
    # statuses
    "status.chosen": _l("Waiting its turn"),
    "status.asked": _l("Waiting for the peer expert"),
    "status.declined": _l("Not this time"),
    "status.expired": _l("No answer in time"),
    "status.awaiting_approval": _l("Waiting for a coordinator"),
    "status.approved": _l("Approved"),
    "status.rejected": _l("Not approved"),
    "status.withdrawn": _l("Stopped"),
    "status.closed": _l("Finished"),
}
