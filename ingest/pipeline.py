"""Batch ingest: SOURCE arguments -> documents -> the library, one outcome per source.

Fetching and extraction run in a small thread pool; storing is sequential. One bad source never
stops the batch: its failure is recorded with its reason and the batch carries on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ClaimcheckError, UnsupportedSourceError
from ingest.extract import SUPPORTED_SUFFIXES, extract_bytes, extract_file
from ingest.fetch import FetchLimits, fetch_url
from ingest.library import Library, canonical_location
from ingest.models import BatchSummary, Document, IngestOutcome, OutcomeStatus, Tier

Progress = Callable[[IngestOutcome, int, int], None]


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://")) or "://" in value[:12]


def read_url_list(path: Path) -> list[str]:
    """URLs one per line; blank lines and lines starting with # are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UnsupportedSourceError(f"{path}: cannot read the URL list ({exc})") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def expand_sources(items: Iterable[str]) -> list[str]:
    """URLs stay as they are; folders become the supported files below them (sorted)."""
    expanded: list[str] = []
    for item in items:
        if is_url(item):
            expanded.append(item)
            continue
        path = Path(item).expanduser()
        if path.is_dir():
            expanded.extend(
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            expanded.append(item)
    return list(dict.fromkeys(expanded))


def load_document(item: str, limits: FetchLimits) -> Document:
    """Fetch and extract one URL or file; raises a ClaimcheckError with the reason."""
    if is_url(item):
        fetched = fetch_url(item, limits)
        document = extract_bytes(item, fetched.content, fetched.content_type, fetched.charset)
        return document
    path = Path(item).expanduser()
    if not path.exists():
        raise UnsupportedSourceError(f"{item}: no such file or folder")
    return extract_file(path, limits.max_bytes)


@dataclass(frozen=True)
class _Loaded:
    item: str
    document: Document | None
    error: str


def _load(item: str, limits: FetchLimits) -> _Loaded:
    try:
        return _Loaded(item, load_document(item, limits), "")
    except ClaimcheckError as exc:
        return _Loaded(item, None, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad source must never stop the batch
        return _Loaded(item, None, f"{item}: unexpected {type(exc).__name__}: {exc}")


def _loaded_in_order(items: list[str], limits: FetchLimits, workers: int) -> Iterator[_Loaded]:
    if workers <= 1 or len(items) <= 1:
        for item in items:
            yield _load(item, limits)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(lambda item: _load(item, limits), items)


def ingest_sources(
    library: Library,
    items: Iterable[str],
    tier: Tier = Tier.PRIMARY,
    limits: FetchLimits | None = None,
    workers: int = 4,
    progress: Progress | None = None,
) -> BatchSummary:
    limits = limits or FetchLimits()
    expanded = expand_sources(items)
    library.reconcile()
    outcomes: list[IngestOutcome] = []
    for loaded in _loaded_in_order(expanded, limits, workers):
        if loaded.document is None:
            location = loaded.item if is_url(loaded.item) else canonical_location(loaded.item)
            outcome = IngestOutcome(location, OutcomeStatus.FAILED, reason=loaded.error)
        else:
            try:
                outcome = library.add(loaded.document, tier)
            except ClaimcheckError as exc:
                outcome = IngestOutcome(loaded.item, OutcomeStatus.FAILED, reason=str(exc))
        outcomes.append(outcome)
        if progress:
            progress(outcome, len(outcomes), len(expanded))
    library.refresh_keyword_index()
    return BatchSummary(tuple(outcomes))
