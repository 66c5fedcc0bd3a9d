from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.services.outbox import queue_email
from tests.factories import make_user
from tests.outbox import render_queued

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def test_an_email_is_rendered_in_the_recipients_language(app: Flask, db_session: Session) -> None:
    dutch = make_user(db_session, locale="nl", display_name="Noor")
    english = make_user(db_session, locale="en", display_name="Sam")
    # Queued without an app context; the sender renders in each recipient's language.
    nl = queue_email(db_session, user=dutch, kind="attention", now=NOW, link="/dashboard")
    en = queue_email(db_session, user=english, kind="attention", now=NOW, link="/dashboard")
    assert nl is not None and en is not None
    assert render_queued(app, db_session) == 2
    assert nl.subject == "Er is iets in PeerMatch dat je aandacht nodig heeft"
    assert "Hoi Noor," in nl.body_text
    assert "http://localhost/dashboard" in nl.body_text
    assert en.subject == "Something in PeerMatch needs your attention"
    assert "Hi Sam," in en.body_text
    assert nl.body_html is not None and '<html lang="nl">' in nl.body_html
    assert "0800-0113" in nl.body_text
