"""Batch ingest: SOURCE arguments -> documents -> the library, one outcome per source.

Fetching and extraction run in a small thread pool (one HTTP client per worker: building a
client loads the CA bundle, ~30 ms); storing runs meanwhile in the calling thread, in batches
(`Library.add_many`: one embedding call and one transaction per batch). One bad source never
stops the batch: its failure is recorded with its reason and the batch carries on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.errors import ClaimcheckError, UnsupportedSourceError
from ingest.extract import SUPPORTED_SUFFIXES, extract_bytes, extract_file
from ingest.fetch import FetchLimits, FetchSession, fetch_url
from ingest.models import BatchSummary, Document, IngestOutcome, OutcomeStatus, Tier
from ingest.store import Store, canonical_location
from ingest.urls import is_url

Progress = Callable[[IngestOutcome, int, int], None]

STORE_BATCH = 32  # documents stored together
STORE_WAIT = 0.5  # seconds a loaded document waits for its batch to fill, at most


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


def load_document(item: str, limits: FetchLimits, client: FetchSession | None = None) -> Document:
    """Fetch and extract one URL or file; raises a ClaimcheckError with the reason."""
    if is_url(item):
        fetched = fetch_url(item, limits, client)
        document = extract_bytes(item, fetched.content, fetched.content_type, fetched.charset)
        if fetched.truncated and not document.truncated:
            cap = f"only its first {limits.max_bytes:,} bytes were read"
            document = replace(document, truncated=cap)
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


def _load(item: str, limits: FetchLimits, client: FetchSession | None = None) -> _Loaded:
    try:
        return _Loaded(item, load_document(item, limits, client), "")
    except ClaimcheckError as exc:
        return _Loaded(item, None, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad source must never stop the batch
        return _Loaded(item, None, f"{item}: unexpected {type(exc).__name__}: {exc}")


def _client(limits: FetchLimits) -> FetchSession:
    """A guarded HTTP session (see ingest/fetch.py), for reuse across one thread's fetches."""
    return FetchSession(limits)


def _loaded_in_order(items: list[str], limits: FetchLimits, workers: int) -> Iterator[_Loaded]:
    local = threading.local()  # one client per thread, made at its first URL
    clients: list[FetchSession] = []
    guard = threading.Lock()

    def load(item: str) -> _Loaded:
        client = getattr(local, "client", None)
        if client is None and is_url(item):
            client = local.client = _client(limits)
            with guard:
                clients.append(client)
        return _load(item, limits, client)

    try:
        if workers <= 1 or len(items) <= 1:
            for item in items:
                yield load(item)
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                yield from pool.map(load, items)
    finally:
        for client in clients:
            client.close()


def _noted(outcome: IngestOutcome, document: Document) -> IngestOutcome:
    if not document.truncated or outcome.status is OutcomeStatus.FAILED:
        return outcome
    return replace(outcome, note=f"truncated: {document.truncated}")


def _store(library: Store, loaded: list[_Loaded], tier: Tier) -> list[IngestOutcome]:
    """Outcomes in the order loaded: failures as they are, documents stored in one batch (one by
    one if the batch fails, so that only the bad document fails)."""
    docs = [item.document for item in loaded if item.document is not None]
    try:
        stored = iter(library.add_many(docs, tier)) if docs else iter(())
    except ClaimcheckError:
        stored = None
    outcomes: list[IngestOutcome] = []
    for item in loaded:
        if item.document is None:
            location = item.item if is_url(item.item) else canonical_location(item.item)
            outcomes.append(IngestOutcome(location, OutcomeStatus.FAILED, reason=item.error))
        elif stored is not None:
            outcomes.append(_noted(next(stored), item.document))
        else:
            try:
                outcomes.append(_noted(library.add(item.document, tier), item.document))
            except ClaimcheckError as exc:
                outcomes.append(IngestOutcome(item.item, OutcomeStatus.FAILED, reason=str(exc)))
    return outcomes


def ingest_sources(
    library: Store,
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
    pending: list[_Loaded] = []
    since = 0.0

    def flush() -> None:
        for outcome in _store(library, pending, tier):
            outcomes.append(outcome)
            if progress:
                progress(outcome, len(outcomes), len(expanded))
        pending.clear()

    for loaded in _loaded_in_order(expanded, limits, workers):
        if not pending:
            since = time.monotonic()
        pending.append(loaded)
        if len(pending) >= STORE_BATCH or time.monotonic() - since >= STORE_WAIT:
            flush()
    flush()
    library.refresh_keyword_index()
    return BatchSummary(tuple(outcomes))
