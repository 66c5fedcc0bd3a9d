"""Use cases: load, call the pure cores, flush, write outbox/audit. The caller commits."""
