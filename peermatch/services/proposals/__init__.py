"""Match proposals: the requester chooses, the peer expert answers, a coordinator approves.

Every step is one function here, checked against ``TRANSITIONS`` (an illegal step is refused
with a translated error and changes nothing) and audited; the audit trail doubles as the
timeline each person sees. Who may be proposed is only ever decided by the matching core
(via ``peermatch.services.matching``): choosing re-ranks and refuses anyone not eligible.

Privacy: a peer expert's decline reason is for coordinators only; the youth's own words are
read through ``requests.read_own_words`` (audited); emails and notices carry no content.
"""

from peermatch.lifecycles.proposals import TRANSITIONS
from peermatch.matching.types import MINOR_AUDIENCES  # one home for the rule
from peermatch.services.proposals.access import (
    IN_MOTION,
    MAX_MESSAGE,
    MAX_REASON,
    OPEN,
    RESERVE_CHOICES,
    Recipient,
    S,
    _get,
    get_for,
    is_approver_of,
    is_peer_expert_of,
    may_view,
    status_path,
)
from peermatch.services.proposals.answering import (
    accept,
    check_decline,
    decline,
    expire_overdue,
    needs_approval,
)
from peermatch.services.proposals.batch import (
    BatchOutcome,
    BatchPlan,
    BatchRow,
    batch_plan,
    open_requests_for,
    send_batch,
    send_chosen,
)
from peermatch.services.proposals.cards import RequestCard, request_cards
from peermatch.services.proposals.choosing import choose, may_choose, picks_allowed
from peermatch.services.proposals.coordinator import (
    approve,
    check_approve,
    confirm_suggestion,
    propose_other,
    refuse_suggestion,
    reject,
)
from peermatch.services.proposals.notify import coordinators_of
from peermatch.services.proposals.questions import (
    answer,
    ask_coordinator_for_help,
    ask_question,
    messages_for,
)
from peermatch.services.proposals.views import (
    ApprovalView,
    ProposalView,
    QueueItem,
    TimelineStep,
    approval_queue,
    approval_view,
    incoming_for,
    open_for_requester,
    proposals_for_request,
    timeline,
    view,
    waiting_approval_count,
)

__all__ = [
    "IN_MOTION",
    "MAX_MESSAGE",
    "MAX_REASON",
    "MINOR_AUDIENCES",
    "OPEN",
    "RESERVE_CHOICES",
    "TRANSITIONS",
    "ApprovalView",
    "BatchOutcome",
    "BatchPlan",
    "BatchRow",
    "ProposalView",
    "QueueItem",
    "Recipient",
    "RequestCard",
    "S",
    "TimelineStep",
    "_get",
    "accept",
    "answer",
    "approval_queue",
    "approval_view",
    "approve",
    "ask_coordinator_for_help",
    "ask_question",
    "batch_plan",
    "check_approve",
    "check_decline",
    "choose",
    "confirm_suggestion",
    "coordinators_of",
    "decline",
    "expire_overdue",
    "get_for",
    "incoming_for",
    "is_approver_of",
    "is_peer_expert_of",
    "may_choose",
    "may_view",
    "messages_for",
    "needs_approval",
    "open_for_requester",
    "open_requests_for",
    "picks_allowed",
    "proposals_for_request",
    "propose_other",
    "refuse_suggestion",
    "reject",
    "request_cards",
    "send_batch",
    "send_chosen",
    "status_path",
    "timeline",
    "view",
    "waiting_approval_count",
]
