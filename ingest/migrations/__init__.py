"""Versioned SQL migrations of the server store (PostgreSQL), applied by ingest/pg.py."""
