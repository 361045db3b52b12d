"""Versioned SQL migrations of the shared check history (PostgreSQL), applied by ingest/pg.py."""
