"""Build the configured backends from settings. The CLI and the web app both go through here."""

from __future__ import annotations

from ingest.embeddings import make_embedder
from ingest.library import Library

from checker.settings import Settings


def open_library(settings: Settings) -> Library:
    return Library.open(
        settings.store,
        make_embedder(settings.embedder),
        chroma_url=settings.chroma_url,
        collection=settings.collection,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
    )
