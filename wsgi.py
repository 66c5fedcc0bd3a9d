"""Entry point for gunicorn (``gunicorn wsgi:app``) and ``flask --app wsgi``."""

from peermatch import create_app

app = create_app()
