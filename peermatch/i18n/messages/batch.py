from flask_babel import lazy_gettext as _l

MESSAGES = {
    "match.batch.skipped_not_open": _l(
        "Not sent: this request is no longer open (the young person chose, or someone else "
        "proposed already)."
    ),
    "match.batch.skipped_not_eligible": _l(
        "Not sent: this peer expert no longer fits this request."
    ),
    "match.batch.skipped_no_room": _l(
        "Not sent: this peer expert has no room for another match in this batch."
    ),
}
