"""Operating PeerMatch: one log line per request with a request id, and ``/metrics``."""
