"""The page shell every template shares: the role's menu, the unread badge and people's avatars.

A phone shows one header line (brand, unread badge, menu button), so each role gets a short
menu of the places it uses most, in that order, instead of every feature's link at once.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from flask import Flask, g, request, url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from peermatch.edge import context as ctx
from peermatch.edge.templating import template_language
from peermatch.models.enums import Role
from peermatch.services import notifications


@dataclass(frozen=True)
class MenuItem:
    endpoint: str
    label: LazyString
    icon: str


@dataclass(frozen=True, slots=True)
class MenuLink:
    """A menu item as one language and one mount point show it."""

    href: str
    css_name: str  # the endpoint, dots as dashes
    icon: str
    label: Markup  # as the template showed the lazy label: unescaped


DASHBOARD = MenuItem("dashboard.index", _l("My page"), "house")
SESSIONS = MenuItem("bookings.index", _l("My sessions"), "calendar")
NOTIFICATIONS = MenuItem("notifications.index", _l("Notifications"), "bell")
CALENDAR = MenuItem("calendar.index", _l("Calendar"), "list-checks")
ACCOUNT = MenuItem("account.index", _l("My account"), "settings")
NEW_COLLEAGUE = MenuItem("staff.new_user", _l("Create an account"), "user-plus")
REPORTS = MenuItem("reports.index", _l("Reports"), "list-checks")

#: Each role's places, most used first; a person with several roles gets the union in this order.
MENUS: dict[Role, tuple[MenuItem, ...]] = {
    Role.YOUTH: (
        DASHBOARD,
        MenuItem("requests.index", _l("My requests"), "message-circle"),
        SESSIONS,
        NOTIFICATIONS,
        CALENDAR,
        ACCOUNT,
    ),
    Role.PEER_EXPERT: (
        DASHBOARD,
        MenuItem("matches.incoming", _l("Requests for you"), "inbox"),
        SESSIONS,
        MenuItem("availability.index", _l("My availability"), "clock"),
        MenuItem("profiles.overview", _l("My profile"), "user"),
        MenuItem("reports.my_hours", _l("My hours"), "clock"),
        NOTIFICATIONS,
        CALENDAR,
        ACCOUNT,
    ),
    Role.COORDINATOR: (
        DASHBOARD,
        MenuItem("matches.approvals", _l("Approvals"), "circle-check"),
        MenuItem("verification.queue", _l("Verification"), "shield-check"),
        MenuItem("bookings.coordinator", _l("Sessions of your organisation"), "users"),
        MenuItem("intervision.index", _l("Intervision"), "users"),
        REPORTS,
        SESSIONS,
        MenuItem("admin.organisation_list", _l("Your organisation"), "heart-handshake"),
        NEW_COLLEAGUE,
        NOTIFICATIONS,
        CALENDAR,
        ACCOUNT,
    ),
    Role.TEAM_MEMBER: (
        DASHBOARD,
        MenuItem("requests.team_index", _l("Team requests"), "users"),
        SESSIONS,
        NOTIFICATIONS,
        CALENDAR,
        ACCOUNT,
    ),
    Role.ADMIN: (
        DASHBOARD,
        MenuItem("admin.user_list", _l("People"), "user"),
        MenuItem("admin.organisation_list", _l("Organisations"), "users"),
        MenuItem("admin.taxonomy", _l("Experience domains"), "list-checks"),
        MenuItem("admin.outbox_overview", _l("Outgoing email"), "mail"),
        REPORTS,
        NEW_COLLEAGUE,
        NOTIFICATIONS,
        CALENDAR,
        ACCOUNT,
    ),
}
MENU_ROLE_ORDER = (Role.YOUTH, Role.PEER_EXPERT, Role.TEAM_MEMBER, Role.COORDINATOR, Role.ADMIN)
VISITOR_MENU = (
    MenuItem("auth.login", _l("Log in"), "user"),
    MenuItem("auth.register", _l("Sign up"), "user-plus"),
)

#: Avatar backgrounds, all with AA contrast for the dark initials drawn on them (see app.css).
AVATAR_COLOURS = 8


def menu_for(roles: frozenset[Role] | None) -> list[MenuItem]:
    """The menu for a signed-in person's roles (``None``: a visitor), without duplicates."""
    if roles is None:
        return list(VISITOR_MENU)
    items: list[MenuItem] = []
    for role in MENU_ROLE_ORDER:
        if role in roles:
            items.extend(i for i in MENUS[role] if i not in items)
    if not items:  # an account without a role still reaches its page and settings
        items = [DASHBOARD, NOTIFICATIONS, ACCOUNT]
    return items


def initials(name: str) -> str:
    """Up to two letters from the first words of a name, ignoring notes like "(demo)"."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def avatar_colour(person_id: int) -> int:
    """A stable colour slot per person, spread by a hash so neighbours' ids differ in colour."""
    return zlib.crc32(str(person_id).encode()) % AVATAR_COLOURS


def svg_icon(name: str, label: str | None = None, **attrs: str) -> Markup:
    """An icon from the sprite in macros/icons.svg.html; decorative unless given a label.

    The one definition of the icon's markup (``macros/ui.html``'s ``icon`` calls it). The page
    shell calls it directly: it draws a dozen icons, and a Jinja macro call costs some thirty
    Python calls where this costs a few. ``class`` is the extra CSS class, as in the macro.
    """
    if label:
        role = f' role="img" aria-label="{escape(label)}"'
    else:
        role = ' aria-hidden="true" focusable="false"'
    css = escape(attrs.get("class", ""))
    return Markup(f'<svg class="icon {css}"{role}><use href="#i-{escape(name)}"></use></svg>')  # noqa: S704 - every value escaped


def already_counted_unread(count: int) -> None:
    """A page that counted the unread notices itself saves the badge its own count."""
    g._pm_unread_count = count


def _unread_count() -> int:
    """Counted once per request, and only when a template shows the badge."""
    if not current_user.is_authenticated:
        return 0
    if "_pm_unread_count" not in g:
        g._pm_unread_count = notifications.unread_count(ctx.session(), current_user.id)
    return int(g._pm_unread_count)


def init_shell(app: Flask) -> None:
    # Globals, not context: macros imported without context (macros/ui.html) need them too.
    app.jinja_env.globals.update(initials=initials, avatar_colour=avatar_colour, svg_icon=svg_icon)

    # The menu only depends on the roles, the language and where the app is mounted: its
    # links and labels (a lazy translation, a URL build each) are made once per combination.
    links_made: dict[tuple[frozenset[Role] | None, str | None, str], tuple[MenuLink, ...]] = {}

    @app.context_processor
    def _shell() -> dict[str, object]:
        def menu_links() -> tuple[MenuLink, ...]:
            roles = current_user.role_names if current_user.is_authenticated else None
            key = (roles, template_language(), request.script_root)
            links = links_made.get(key)
            if links is None:
                links = links_made[key] = tuple(
                    MenuLink(
                        url_for(item.endpoint),
                        item.endpoint.replace(".", "-"),
                        item.icon,
                        Markup(str(item.label)),  # noqa: S704 - our own translations, as before
                    )
                    for item in menu_for(roles)
                )
            return links

        return {
            "menu_links": menu_links,
            "unread_count": _unread_count,
        }
