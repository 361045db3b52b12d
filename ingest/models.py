"""Stage types of the ingest package: immutable, changed with dataclasses.replace."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum

from ingest.urls import is_web_url


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short_hash(*parts: str, length: int = 16) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Span:
    """Character offsets into a text: `text[start:end]`."""

    start: int
    end: int


class Tier(str, Enum):
    PRIMARY = "primary"
    SECONDARY = "secondary"


class OutcomeStatus(str, Enum):
    ADDED = "added"
    UNCHANGED = "unchanged"
    UPDATED = "updated"
    FAILED = "failed"


@dataclass(frozen=True)
class Document:
    """Clean text of one source with what is known about it, before it is stored."""

    location: str  # the URL, or the absolute path of a local file
    text: str
    title: str = ""
    author: str = ""
    site: str = ""
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    content_type: str = ""
    page_starts: tuple[int, ...] = ()  # PDFs: offset in `text` where each page starts
    truncated: str = ""  # why only the start of the source was kept (a size cap), if it was
    retrieved_at: str | None = None  # when it was fetched, if earlier than now (a copied store)


@dataclass(frozen=True)
class Source:
    """A stored source: its record and its full clean text."""

    id: str
    location: str
    text: str
    sha256: str
    retrieved_at: str  # ISO 8601 UTC
    tier: Tier = Tier.PRIMARY
    title: str = ""
    author: str = ""
    site: str = ""
    published: str | None = None
    content_type: str = ""
    page_starts: tuple[int, ...] = ()
    chunk_count: int = 0

    @property
    def url(self) -> str:
        return self.location if is_web_url(self.location) else ""

    def page_of(self, offset: int) -> int | None:
        """1-based page number of a character offset, for PDFs."""
        if not self.page_starts:
            return None
        page = 0
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i
        return page + 1


@dataclass(frozen=True)
class Chunk:
    """A slice of a source's text: `source.text[start:end] == text`."""

    id: str
    source_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ScoredChunk:
    chunk: Chunk
    score: float


@dataclass(frozen=True)
class IngestOutcome:
    location: str
    status: OutcomeStatus
    source_id: str | None = None
    title: str = ""
    chunks: int = 0
    reason: str = ""  # why it failed
    note: str = ""  # what the user should know about a stored source (it was truncated)


@dataclass(frozen=True)
class BatchSummary:
    outcomes: tuple[IngestOutcome, ...] = field(default_factory=tuple)

    def count(self, status: OutcomeStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def failures(self) -> tuple[IngestOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status is OutcomeStatus.FAILED)
