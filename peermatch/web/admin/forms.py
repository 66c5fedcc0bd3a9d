"""Administration forms: shape only (required, lengths, choices); meaning is the services'.

Every form that changes something carries ``confirmed``: the first valid POST shows a
"check before you change" page, whose button posts the same values with ``confirmed=1``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from peermatch.models.enums import MembershipRole, OrganisationKind, Role
from peermatch.web.forms_base import SafeForm
from peermatch.web.widgets import MultiCheckboxField

ROLE_LABELS = {
    Role.YOUTH: _l("Youth"),
    Role.PEER_EXPERT: _l("Peer expert"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.TEAM_MEMBER: _l("Team member (clinician)"),
    Role.ADMIN: _l("Admin"),
}
KIND_LABELS = {
    OrganisationKind.YOUTH_COUNCIL: _l("Youth council"),
    OrganisationKind.CARE_INSTITUTION: _l("Care institution"),
}
MEMBERSHIP_LABELS = {
    MembershipRole.COORDINATOR: _l("Coordinator"),
    MembershipRole.MEMBER: _l("Member"),
}


class ConfirmedForm(SafeForm):
    confirmed = HiddenField(default="")

    @property
    def is_confirmed(self) -> bool:
        return bool(self.confirmed.data == "1")


class OrganisationForm(ConfirmedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(
        _l("Kind of organisation"),
        choices=[SelectChoice(k.value, str(label)) for k, label in KIND_LABELS.items()],
    )


class RenameForm(ConfirmedForm):
    name = StringField(_l("New name"), validators=[DataRequired(), Length(max=120)])


class TeamForm(ConfirmedForm):
    name = StringField(_l("Name of the team"), validators=[DataRequired(), Length(max=120)])


class MemberForm(ConfirmedForm):
    email = EmailField(
        _l("Email address of the account"),
        description=_l("The person needs an account already."),
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    role = SelectField(
        _l("As"),
        choices=[SelectChoice(r.value, str(label)) for r, label in MEMBERSHIP_LABELS.items()],
        default=MembershipRole.MEMBER.value,
    )


class TeamMemberForm(ConfirmedForm):
    membership = SelectField(_l("Who joins the team"), coerce=int)


class UserSearchForm(SafeForm):
    """GET form: no CSRF needed, nothing changes."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or email address"), validators=[Optional(), Length(max=100)])
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice("", _l("Every role")),
            *(SelectChoice(r.value, str(label)) for r, label in ROLE_LABELS.items()),
        ],
        default="",
    )
    organisation = SelectField(_l("Organisation"), coerce=str, default="")
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("Active and deactivated")),
            SelectChoice("active", _l("Active")),
            SelectChoice("inactive", _l("Deactivated")),
        ],
        default="",
    )
    page = IntegerField(default=1, validators=[Optional(), NumberRange(1, 100_000)])


class RolesForm(ConfirmedForm):
    roles = MultiCheckboxField(
        _l("Roles"),
        choices=[SelectChoice(r.value, str(label)) for r, label in ROLE_LABELS.items()],
        description=_l("Changing roles logs the person out everywhere."),
    )


class DomainForm(ConfirmedForm):
    label_nl = StringField(_l("Name in Dutch"), validators=[DataRequired(), Length(max=120)])
    label_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=120)])
    youth_label_nl = StringField(
        _l("How a youth says it, in Dutch"),
        description=_l("First person and plain, for example: Ik voel me vaak somber. Optional."),
        validators=[Optional(), Length(max=200)],
    )
    youth_label_en = StringField(
        _l("How a youth says it, in English"),
        description=_l("Optional; the name is used when left empty."),
        validators=[Optional(), Length(max=200)],
    )
    parent = SelectField(_l("Category"), coerce=str, default="")


class MoveForm(ConfirmedForm):
    parent = SelectField(_l("New place"), coerce=str, default="")


class ActionForm(SafeForm):
    """For actions whose only input is the URL: the CSRF token and nothing else."""
