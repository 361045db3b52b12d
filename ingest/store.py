"""The store protocol: what the checker, the web app and the API use of a library, written once.

Two implementations:
- `ingest.library.Library`, the embedded store (SQLite + Chroma embedded or server + BM25 files
  in a store folder), the default;
- `ingest.server_store.ServerStore`, the server store (PostgreSQL for records, texts, sentence
  spans and chunks, with its own full-text search; a Chroma server for vectors), chosen by a
  database URL.

`open_store` picks one from its arguments; nothing else needs to know which it got. What both
implementations share of an ingest is in ingest/records.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from ingest.embeddings import Embedder
from ingest.models import (
    BatchSummary,
    Chunk,
    Document,
    IngestOutcome,
    ScoredChunk,
    Source,
    Tier,
)
from ingest.records import DEFAULT_COLLECTION, canonical_location

__all__ = ["Store", "canonical_location", "copy_sources", "open_store"]

COPY_BATCH = 32  # sources stored together by copy_sources


@runtime_checkable
class Store(Protocol):
    """A library of sources: records, full texts, sentence spans, chunks, keyword and vector
    search. A source is in it whole or not at all; ids are content hashes."""

    embedder: Embedder
    chunk_size: int
    chunk_overlap: int

    @property
    def store_label(self) -> str:
        """Where the library lives, for reports and the settings panel."""
        ...

    def built_with(self) -> str | None:
        """The id of the embedder the vectors were made with (None for a new library)."""
        ...

    # writing
    def add(
        self, doc: Document, tier: Tier = Tier.PRIMARY, source_id: str | None = None
    ) -> IngestOutcome: ...

    def add_many(
        self,
        docs: Sequence[Document],
        tier: Tier = Tier.PRIMARY,
        source_ids: Sequence[str | None] | None = None,
    ) -> list[IngestOutcome]: ...

    def remove(self, id_or_location: str) -> Source:
        """Delete a source and its chunks and vectors; NotFoundError if there is none."""
        ...

    def reconcile(self) -> int:
        """Delete the vectors no stored chunk references (left by a crash); returns how many."""
        ...

    def reindex(self, embedder: Embedder, progress=None) -> int:  # noqa: ANN001
        """Rebuild every vector with another embedder; returns the number of chunks embedded."""
        ...

    def refresh_keyword_index(self, force: bool = False) -> bool:
        """Bring the keyword index up to date with the records; True if it was rebuilt."""
        ...

    # reading
    def get(self, source_id: str) -> Source:
        """A source by id or location, with its text; NotFoundError if there is none."""
        ...

    def get_many(self, source_ids: Sequence[str]) -> dict[str, Source]: ...

    def sources(self, with_text: bool = False) -> list[Source]:
        """All sources, newest first (without `with_text`, `text` is empty)."""
        ...

    def sentences_of(self, source_id: str) -> tuple[tuple[int, int], ...]: ...

    def source_count(self) -> int: ...

    def chunk_count(self) -> int: ...

    def chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids, in the order given; unknown ids are skipped."""
        ...

    # search
    def keyword_search(self, query: str, k: int) -> list[ScoredChunk]: ...

    def vector_search(self, query: str, k: int) -> list[ScoredChunk]: ...

    def close(self) -> None: ...


def open_store(
    store_dir: Path,
    embedder: Embedder,
    *,
    chroma_url: str | None = None,
    database_url: str | None = None,
    collection: str = DEFAULT_COLLECTION,
    chunk_size: int = 800,
    chunk_overlap: int = 120,
) -> Store:
    """The server store when `database_url` is given (vectors on the Chroma server at
    `chroma_url`), else the embedded store in `store_dir`."""
    options = {"collection": collection, "chunk_size": chunk_size, "chunk_overlap": chunk_overlap}
    if database_url:
        from ingest.server_store import ServerStore

        return ServerStore(database_url, chroma_url, embedder, **options)
    from ingest.library import Library

    return Library(store_dir, embedder, chroma_url, **options)


def copy_sources(
    sources: Iterable[Source], target: Store, progress: Callable[[int], None] | None = None
) -> BatchSummary:
    """Each source stored in `target` under its own id, with its text, record (title, author,
    site, dates, tier, pages) and retrieval time; its chunks and vectors are made again by
    `target`, with its own embedder and chunk sizes. A source `target` has already, unchanged,
    is left as it is, so a copy can be run again. `progress(done)` after each batch."""
    outcomes: list[IngestOutcome] = []
    pending: dict[Tier, list[Source]] = {tier: [] for tier in Tier}

    def flush(tier: Tier) -> None:
        batch, pending[tier] = pending[tier], []
        if not batch:
            return
        docs = [
            Document(
                location=s.location,
                text=s.text,
                title=s.title,
                author=s.author,
                site=s.site,
                published=s.published,
                content_type=s.content_type,
                page_starts=s.page_starts,
                retrieved_at=s.retrieved_at,
            )
            for s in batch
        ]
        outcomes.extend(target.add_many(docs, tier, [s.id for s in batch]))
        if progress:
            progress(len(outcomes))

    for source in sources:
        pending[source.tier].append(source)
        if len(pending[source.tier]) >= COPY_BATCH:
            flush(source.tier)
    for tier in Tier:
        flush(tier)
    target.refresh_keyword_index()
    return BatchSummary(tuple(outcomes))
