"""What the two stores (ingest/library.py, ingest/server_store.py) share of an ingest: source
ids and locations, sentence spans packed for storage, `add_many`'s batches and outcomes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.models import Document, IngestOutcome, OutcomeStatus, Source, Tier, short_hash
from ingest.sentences import statement_spans
from ingest.urls import canonical_url, is_web_url

DEFAULT_COLLECTION = "claimcheck"
# the columns of a source record, in the order `source_from_row` reads them
DB_FILE = "library.sqlite3"  # an embedded store's records, texts, spans and chunks

SOURCE_COLUMNS = (
    "id, location, title, author, site, published, retrieved_at, sha256, tier, content_type, "
    "page_starts, chunk_count"
)


def canonical_location(location: str) -> str:
    """Web URLs in their canonical form (ingest/urls.py); files as absolute paths."""
    if is_web_url(location):
        return canonical_url(location)
    if "://" in location[:24]:  # another scheme (dataset://...): an identifier, not a path
        return location
    return str(Path(location).expanduser().resolve())


def source_id_for(location: str) -> str:
    return short_hash("source", canonical_location(location))


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def pack_spans(spans: Sequence[tuple[int, int]]) -> bytes:
    return np.asarray(spans, dtype="<i4").reshape(-1, 2).tobytes()


def unpack_spans(blob: bytes) -> tuple[tuple[int, int], ...]:
    pairs = np.frombuffer(blob, dtype="<i4").reshape(-1, 2)
    return tuple((int(s), int(e)) for s, e in pairs)


@lru_cache(maxsize=64)
def statements_of(sha256: str, text: str) -> tuple[tuple[int, int], ...]:
    """A source's statement spans, computed (for a source stored without them)."""
    return tuple(statement_spans(text))


def batches(
    docs: Sequence[Document], source_ids: Sequence[str | None] | None
) -> list[tuple[int, int, list[str | None]]]:
    """`add_many`'s batches: (start, end, ids) runs of `docs` without a repeated id or location,
    so that a source given twice in one call is stored twice, in order (the last one wins)."""
    if source_ids is not None and len(source_ids) != len(docs):
        raise ValueError("source_ids must be as long as docs")
    ids = list(source_ids) if source_ids is not None else [None] * len(docs)
    runs = []
    start = 0
    while start < len(docs):
        seen: set[str] = set()
        end = start
        while end < len(docs):
            location = canonical_location(docs[end].location)
            keys = {location, ids[end] or source_id_for(location)}
            if keys & seen:
                break
            seen |= keys
            end += 1
        runs.append((start, end, ids[start:end]))
        start = end
    return runs


def unchanged(location: str, source_id: str, title: str, chunks: int) -> IngestOutcome:
    return IngestOutcome(location, OutcomeStatus.UNCHANGED, source_id, title, chunks, "unchanged")


def stored_outcome(
    doc: Document,
    location: str,
    source_id: str,
    sha256: str,
    previous_sha256: str | None,
    tier: Tier,
    chunks: int,
) -> IngestOutcome:
    """The outcome of a document just written (`previous_sha256`: the text it replaced)."""
    status = OutcomeStatus.UPDATED if previous_sha256 else OutcomeStatus.ADDED
    reason = ""
    if previous_sha256 == sha256:
        reason = f"tier set to {tier.value}"
    elif previous_sha256:
        reason = "text changed"
    return IngestOutcome(location, status, source_id, doc.title, chunks, reason)


def source_row(
    sid: str,
    location: str,
    doc: Document,
    retrieved_at: str,
    sha: str,
    tier: Tier,
    chunk_count: int,
) -> tuple:
    """The row of SOURCE_COLUMNS and the text that stores a document (either store); its
    retrieval time is the document's own when it has one (a copied source), else `retrieved_at`."""
    return (
        sid,
        location,
        doc.title,
        doc.author,
        doc.site,
        doc.published,
        doc.retrieved_at or retrieved_at,
        sha,
        tier.value,
        doc.content_type,
        json.dumps(list(doc.page_starts)),
        chunk_count,
        doc.text,
    )


def source_from_row(row: Sequence, text: str) -> Source:
    """A Source from a row of SOURCE_COLUMNS (either store) and its text."""
    return Source(
        id=row[0],
        location=row[1],
        title=row[2],
        author=row[3],
        site=row[4],
        published=row[5],
        retrieved_at=row[6],
        sha256=row[7],
        tier=Tier(row[8]),
        content_type=row[9],
        page_starts=tuple(json.loads(row[10])),
        chunk_count=row[11],
        text=text,
    )
