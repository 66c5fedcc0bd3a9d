"""API endpoint modules; each one adds its routes with ``peermatch.api.openapi.endpoint``.

Every module in this package is imported automatically (``peermatch.api.init_api``).
"""
