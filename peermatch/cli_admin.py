"""``flask --app wsgi orgs|users|taxonomy ...``: administration for scripted set-ups.

The same services as the admin pages and the API (one rule, one place); the actor is the
CLI (``actor=None``, origin ``cli``), and every change is audited as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.cli import users_cli
from peermatch.clock import Clock
from peermatch.db import session_scope
from peermatch.extensions import db
from peermatch.models import ExperienceDomain, Organisation, User
from peermatch.models.enums import OrganisationKind, Role
from peermatch.services import accounts
from peermatch.services.administration import domains, organisations, people
from peermatch.services.audit import CLI
from peermatch.services.errors import DomainError, NotFound

orgs_cli = AppGroup("orgs", help="Organisations (youth councils, care institutions).")
taxonomy_cli = AppGroup("taxonomy", help="The experience taxonomy.")


def _now() -> dt.datetime:
    clock: Clock = current_app.extensions["peermatch_clock"]
    return clock.now()


@contextmanager
def _unit_of_work() -> Iterator[Session]:
    """One transaction; a refusal becomes a translated message and exit status 1."""
    try:
        with session_scope(db.factory) as session:
            yield session
    except DomainError as err:
        from peermatch.i18n.messages import message

        with current_app.test_request_context():
            text = message(err.key, **err.params)
        raise click.ClickException(text) from err


def _org(session: Session, slug_or_id: str) -> Organisation:
    return accounts.get_organisation(session, slug_or_id)


def _user(session: Session, email: str) -> User:
    user = accounts.find_by_email(session, email)
    if user is None:
        raise NotFound("admin.error.user_not_found")
    return user


def _domain(session: Session, slug: str) -> ExperienceDomain:
    found = session.scalar(select(ExperienceDomain).where(ExperienceDomain.slug == slug))
    if found is None:
        raise NotFound("taxonomy.error.not_found")
    return found


def _status(active: bool) -> str:
    return "active" if active else "inactive"


@orgs_cli.command("list")
def orgs_list() -> None:
    """Every organisation: id, slug, kind, status, name."""
    with _unit_of_work() as session:
        for org in organisations.list_organisations(session):
            click.echo(
                f"{org.id}\t{org.slug}\t{org.kind.value}\t{_status(org.is_active)}\t{org.name}"
            )


@orgs_cli.command("create")
@click.option("--name", required=True)
@click.option("--kind", required=True, type=click.Choice([k.value for k in OrganisationKind]))
@click.option("--slug", default=None, help="Short name in URLs; made from the name if left out.")
def orgs_create(name: str, kind: str, slug: str | None) -> None:
    with _unit_of_work() as session:
        org = organisations.create_organisation(
            session,
            name=name,
            kind=OrganisationKind(kind),
            slug=slug,
            actor=None,
            origin=CLI,
            now=_now(),
        )
        click.echo(f"Created organisation {org.id} ({org.slug}): {org.name}.")


@orgs_cli.command("rename")
@click.argument("organisation")
@click.option("--name", required=True)
def orgs_rename(organisation: str, name: str) -> None:
    """Rename ORGANISATION (slug or id)."""
    with _unit_of_work() as session:
        org = organisations.rename_organisation(
            session, _org(session, organisation), name, actor=None, origin=CLI, now=_now()
        )
        click.echo(f"Organisation {org.slug} is now called {org.name}.")


def _set_org_active(organisation: str, active: bool) -> None:
    with _unit_of_work() as session:
        org = organisations.set_organisation_active(
            session, _org(session, organisation), active, actor=None, origin=CLI, now=_now()
        )
        click.echo(f"Organisation {org.slug} is {_status(active)}.")


@orgs_cli.command("deactivate")
@click.argument("organisation")
def orgs_deactivate(organisation: str) -> None:
    """No new accounts, its peer experts are no longer proposed; history stays."""
    _set_org_active(organisation, False)


@orgs_cli.command("reactivate")
@click.argument("organisation")
def orgs_reactivate(organisation: str) -> None:
    _set_org_active(organisation, True)


_ROLE = click.Choice([r.value for r in Role])


@users_cli.command("list")
@click.option("--search", default="", help="Part of a name or email address.")
@click.option("--role", default=None, type=_ROLE)
@click.option("--organisation", default=None, help="Organisation slug or id.")
@click.option(
    "--status", default="all", show_default=True, type=click.Choice(["all", "active", "inactive"])
)
@click.option("--page", default=1, type=click.IntRange(1, 100_000))
def users_list(
    search: str, role: str | None, organisation: str | None, status: str, page: int
) -> None:
    """People by name: id, email, roles, status, name (50 a page)."""
    with _unit_of_work() as session:
        org_id = _org(session, organisation).id if organisation else None
        found = people.search_users(
            session,
            people.UserFilter(
                text=search,
                role=Role(role) if role else None,
                organisation_id=org_id,
                active=None if status == "all" else status == "active",
            ),
            page=page,
        )
        for user in found.users:
            roles = ",".join(sorted(user.role_names))
            click.echo(
                f"{user.id}\t{user.email}\t{roles}\t{_status(user.is_active)}\t{user.display_name}"
            )
        if found.has_more:
            click.echo(f"More on page {page + 1} (--page {page + 1}).")


def _change_user(email: str, change: Callable[..., User], done: str) -> None:
    with _unit_of_work() as session:
        user = change(session, _user(session, email), actor=None, origin=CLI, now=_now())
        click.echo(done.format(email=user.email))


@users_cli.command("deactivate")
@click.argument("email")
def users_deactivate(email: str) -> None:
    """Log in, sessions and API tokens end at once; no longer proposed to anyone."""
    _change_user(email, people.deactivate, "{email} is deactivated; sessions and tokens ended.")


@users_cli.command("reactivate")
@click.argument("email")
def users_reactivate(email: str) -> None:
    _change_user(email, people.reactivate, "{email} is active again.")


@users_cli.command("set-role")
@click.argument("email")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=_ROLE,
    help="Repeat for several roles; these become the person's roles.",
)
def users_set_role(email: str, roles: tuple[str, ...]) -> None:
    with _unit_of_work() as session:
        user = people.set_roles(
            session,
            _user(session, email),
            frozenset(Role(r) for r in roles),
            actor=None,
            origin=CLI,
            now=_now(),
        )
        click.echo(f"{user.email} now has: {', '.join(sorted(user.role_names))}.")


@taxonomy_cli.command("list")
def taxonomy_list() -> None:
    """slug, parent, status, Dutch and English names."""
    with _unit_of_work() as session:
        for category, children in domains.tree(session):
            for d in (category, *children):
                parent = category.slug if d is not category else "-"
                status = "active" if d.is_active else "retired"
                click.echo(f"{d.slug}\t{parent}\t{status}\t{d.label_nl}\t{d.label_en}")


def _parent_id(session: Session, parent: str | None) -> int | None:
    return _domain(session, parent).id if parent else None


@taxonomy_cli.command("add")
@click.option("--nl", "label_nl", required=True, help="Name in Dutch.")
@click.option("--en", "label_en", required=True, help="Name in English.")
@click.option("--parent", default=None, help="Slug of the category; none: a new category.")
def taxonomy_add(label_nl: str, label_en: str, parent: str | None) -> None:
    with _unit_of_work() as session:
        d = domains.add_domain(
            session,
            domains.Labels(label_nl, label_en),
            parent_id=_parent_id(session, parent),
            actor=None,
            origin=CLI,
            now=_now(),
        )
        click.echo(f"Added {d.slug}.")


@taxonomy_cli.command("rename")
@click.argument("slug")
@click.option("--nl", "label_nl", required=True)
@click.option("--en", "label_en", required=True)
def taxonomy_rename(slug: str, label_nl: str, label_en: str) -> None:
    with _unit_of_work() as session:
        d = _domain(session, slug)
        domains.rename_domain(
            session, d, domains.Labels(label_nl, label_en), actor=None, origin=CLI, now=_now()
        )
        click.echo(f"Renamed {d.slug}: {d.label_nl} / {d.label_en}.")


@taxonomy_cli.command("move")
@click.argument("slug")
@click.option("--parent", default=None, help="Slug of the new category; leave out for top level.")
def taxonomy_move(slug: str, parent: str | None) -> None:
    with _unit_of_work() as session:
        d = domains.move_domain(
            session,
            _domain(session, slug),
            _parent_id(session, parent),
            actor=None,
            origin=CLI,
            now=_now(),
        )
        click.echo(f"Moved {d.slug} under {parent or 'the top level'}.")


def _retire(slug: str, retired: bool) -> None:
    with _unit_of_work() as session:
        d = domains.set_retired(
            session, _domain(session, slug), retired, actor=None, origin=CLI, now=_now()
        )
        click.echo(f"{d.slug} is {'retired' if retired else 'active again'}.")


@taxonomy_cli.command("retire")
@click.argument("slug")
def taxonomy_retire(slug: str) -> None:
    """It stays on profiles and requests that have it, but cannot be chosen anew."""
    _retire(slug, True)


@taxonomy_cli.command("restore")
@click.argument("slug")
def taxonomy_restore(slug: str) -> None:
    _retire(slug, False)
