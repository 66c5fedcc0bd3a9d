"""Files every crawler and browser asks for at fixed paths: the icon and robots.txt.

Without them each visit logs a 404, and crawlers would be free to try every private path.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app

from peermatch.auth.access import public

bp = Blueprint("public_files", __name__)

#: Only the public pages may be indexed; everything else is personal or pointless to crawl.
ROBOTS_TXT = """User-agent: *
Allow: /$
Allow: /privacy$
Disallow: /
"""


@bp.get("/favicon.ico")
@public
def favicon() -> Response:
    assert current_app.static_folder is not None
    icon = (Path(current_app.static_folder) / "favicon.svg").read_bytes()
    response = Response(icon, mimetype="image/svg+xml")
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response


@bp.get("/robots.txt")
@public
def robots() -> Response:
    response = Response(ROBOTS_TXT, mimetype="text/plain")
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response
