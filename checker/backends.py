"""Build the configured backends from settings. The CLI and the web app both go through here.

Backend names are resolved by the registries of checker/registries.py (one per kind, each
name listed once); an unknown name is an UnknownBackendError that lists the valid names.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from checker.registries import EXTRACTORS, VERIFIERS
from checker.settings import Settings
from ingest.embeddings import DEFAULT_EMBEDDER, Embedder, make_embedder
from ingest.errors import StoreError
from ingest.records import DB_FILE
from ingest.store import Store, open_store

if TYPE_CHECKING:
    from checker.claims.extract import ClaimExtractor
    from checker.pipeline import Checker
    from checker.retrieval.hybrid import HybridRetriever
    from checker.review.history import CheckHistory
    from checker.verify.base import Verifier


def built_with(settings: Settings) -> str | None:
    """The id of the embedder the library of `settings` was built with (None if new)."""
    if settings.database_url:
        from ingest.server_store import built_with as server_built_with

        return server_built_with(settings.database_url)
    path = settings.store / DB_FILE
    if not path.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'embedder'").fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the library in {settings.store}: {exc}") from exc
    return row[0] if row else None


def embedder_spec(settings: Settings) -> str:
    """The embedder to use: the one asked for, else the one that built the library, else the
    default (minilm) for a new library."""
    return settings.embedder or built_with(settings) or DEFAULT_EMBEDDER


def open_library(settings: Settings, embedder: Embedder | None = None) -> Store:
    """The library the settings name: the server store when `database_url` is set, else the
    embedded store in the store folder (with `embedder`, else the one `embedder_spec` names)."""
    return open_store(
        settings.store,
        embedder or make_embedder(embedder_spec(settings)),
        chroma_url=settings.chroma_url,
        database_url=settings.database_url,
        collection=settings.collection,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
    )


def open_history(settings: Settings) -> CheckHistory:
    """The check history the settings name: PostgreSQL when `database_url` is set, else
    `checks.sqlite3` in the store folder."""
    from checker.review.history import History, PostgresHistory

    if settings.database_url:
        return PostgresHistory(settings.database_url)
    return History(settings.store)


def make_extractor(settings: Settings) -> ClaimExtractor:
    """The claim extractor named by `settings.extractor`."""
    return EXTRACTORS.resolve(settings.extractor, settings)


def make_verifier(settings: Settings) -> Verifier:
    """The verifier named by `settings.verifier`."""
    return VERIFIERS.resolve(settings.verifier, settings)


def make_retriever(settings: Settings, library: Store) -> HybridRetriever:
    """Hybrid retrieval over `library`, reranked when `settings.reranker` names a model."""
    from checker.retrieval.hybrid import HybridRetriever
    from checker.retrieval.rerank import make_reranker

    return HybridRetriever(library, reranker=make_reranker(settings.reranker))


def build_checker(settings: Settings, library: Store | None = None) -> Checker:
    """Everything a check needs, from the settings. Heavy: build once and reuse.

    Pass `library` to share one open library (the web app's Sources page and its checks)."""
    from checker.pipeline import Checker

    library = library or open_library(settings)
    return Checker(
        library=library,
        extractor=make_extractor(settings),
        verifier=make_verifier(settings),
        retriever=make_retriever(settings, library),
        top_k=settings.top_k,
    )
