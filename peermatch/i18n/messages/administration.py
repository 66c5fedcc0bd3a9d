from flask_babel import lazy_gettext as _l

MESSAGES = {
    "admin.error.admins_only": _l("Only admins can do this."),
    "admin.error.query_too_long": _l("Search with at most %(max)s characters."),
    "admin.error.page_size": _l("Ask for at most %(max)s people per page."),
    "admin.error.page_invalid": _l("This page number does not exist."),
    "admin.error.user_not_found": _l("This account was not found."),
    "admin.error.not_yourself": _l(
        "You cannot do this to your own account. Ask another admin to do it."
    ),
    "admin.error.already_inactive": _l("This account is already deactivated."),
    "admin.error.already_active": _l("This account is already active."),
    "admin.error.last_admin": _l(
        "This is the last active admin. Make someone else an admin first."
    ),
    "admin.error.roles_required": _l("Choose at least one role."),
    "admin.error.member_not_found": _l("This person is not a member here (any more)."),
    "admin.error.coordinators_by_admin": _l(
        "Coordinators and admins are managed by an admin. Ask an admin to do this."
    ),
    "admin.error.no_account_with_email": _l(
        "There is no account with this email address. Create an account first."
    ),
    "admin.error.member_role_needed": _l(
        "Only peer experts and team members can become members of an organisation."
    ),
    "admin.error.coordinator_role_needed": _l(
        "This person needs the coordinator role first. An admin can give it."
    ),
    "admin.error.already_member": _l("%(name)s is already a member of this organisation."),
    "admin.error.member_elsewhere": _l(
        "%(name)s also belongs to another organisation, so an admin must change this account."
    ),
    "admin.error.team_member_role_needed": _l("Only team members (clinicians) can join a team."),
    "admin.error.already_in_team": _l("%(name)s is already in this team."),
    "organisation.error.name_required": _l("Fill in a name."),
    "organisation.error.name_too_long": _l("Use at most %(max)s characters for the name."),
    "organisation.error.slug_invalid": _l(
        "Use letters or numbers in the short name (for example jongerenraad-zwolle)."
    ),
    "organisation.error.slug_taken": _l(
        "The short name %(slug)s is already in use. Choose another one."
    ),
    "organisation.error.name_taken": _l(
        "There is already an organisation called %(name)s. Choose another name."
    ),
    "organisation.error.already_active": _l("This organisation is already active."),
    "organisation.error.already_inactive": _l("This organisation is already deactivated."),
    "organisation.error.inactive": _l(
        "This organisation is deactivated. An admin can reactivate it first."
    ),
    "team.error.name_required": _l("Fill in a name for the team."),
    "team.error.name_too_long": _l("Use at most %(max)s characters for the team name."),
    "team.error.name_taken": _l("There is already a team called %(name)s here."),
    "team.error.not_found": _l("This team was not found."),
    "taxonomy.error.not_found": _l("This experience domain was not found."),
    "taxonomy.error.label_required": _l("Fill in the name in Dutch and in English."),
    "taxonomy.error.label_too_long": _l("Use at most %(max)s characters for a name."),
    "taxonomy.error.parent_not_category": _l(
        "Choose a category (a domain at the top level) as the place for this domain."
    ),
    "taxonomy.error.parent_retired": _l(
        "This category is retired. Choose an active category or bring it back first."
    ),
    "taxonomy.error.category_has_domains": _l(
        "This category still has domains. Move or retire those first."
    ),
    "taxonomy.error.already_retired": _l("This domain is already retired."),
    "taxonomy.error.not_retired": _l("This domain is not retired."),
    "taxonomy.error.domain_unknown": _l("Choose experiences from the list."),
    "taxonomy.error.domain_retired": _l(
        "One of the chosen experiences can no longer be chosen. Choose another one from the list."
    ),
    "account.error.deactivated": _l(
        "Your account has been deactivated. Contact your coordinator if you think this is a mistake."
    ),
}
