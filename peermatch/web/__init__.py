"""The web layer: thin blueprints that call services."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from peermatch.web.auth.routes import bp as auth_bp
    from peermatch.web.dashboard.routes import bp as dashboard_bp
    from peermatch.web.main.routes import bp as main_bp
    from peermatch.web.staff.routes import bp as staff_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(staff_bp)
