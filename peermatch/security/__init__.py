"""Protections at the edge of the app: response headers, proxies, log redaction."""
