"""Form widgets shared by features."""

from __future__ import annotations

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes; the ``field()`` macro renders it as a fieldset with a legend."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
