"""Trust ``X-Forwarded-*`` only from a configured number of proxies in front of the app.

Rate limits, the audit origin and Flask-Login's session protection read the client address;
with no trusted proxy (the default) a client-supplied ``X-Forwarded-For`` changes nothing.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_proxies(app: Flask) -> None:
    hops = int(app.config.get("TRUSTED_PROXY_HOPS", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )
