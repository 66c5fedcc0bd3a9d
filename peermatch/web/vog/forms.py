from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import DataRequired

from peermatch.web.forms_base import SafeForm


class OriginalSeenForm(SafeForm):
    issued_on = DateField(
        _l("Date of issue on the VOG"),
        description=_l("The date printed on the original certificate. No copy is kept."),
        validators=[DataRequired(message=_l("Fill in the date of issue on the VOG."))],
    )
