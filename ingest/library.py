"""The library: the one object that owns a store folder.

- Source records and their full clean texts, and the chunk table (offsets only), in SQLite.
- Chunk vectors in Chroma: embedded (`PersistentClient` in the store folder) or a Chroma server.
- The BM25 keyword index, rebuilt from SQLite when stale.

SQLite is the source of truth. Writes go vectors first, then one SQLite transaction, then the
removal of superseded vectors; a crash at any point leaves at worst vectors that SQLite does not
reference, which searches ignore and `reconcile()` deletes. So a source is in the library whole
or not at all.

Several processes may share a store folder (two ingests, a check, the web app). Every write, and
every read of the vector index or the BM25 files, holds the store's exclusive file lock
(`write.lock`); a process that finds it held says so and waits. Embedded Chroma keeps an HNSW
index in memory per process and writes it back to disk now and then: a process working from a
stale copy would overwrite what another process added (seen: vectors silently lost, queries
failing with "Error finding id"). So each process that writes vectors leaves a new token in
`vectors.token`, and a process that finds a token other than its own reopens its Chroma client,
which reloads the index from disk, before it touches a vector.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

from ingest.chunking import CHUNK_OVERLAP, CHUNK_SIZE, make_chunks
from ingest.embeddings import Embedder
from ingest.errors import NotFoundError, StoreError
from ingest.keyword import KeywordIndex
from ingest.models import (
    Chunk,
    Document,
    IngestOutcome,
    ScoredChunk,
    Source,
    Tier,
    sha256_text,
    short_hash,
)
from ingest.records import (
    DB_FILE,
    DEFAULT_COLLECTION,
    SOURCE_COLUMNS,
    batches,
    canonical_location,
    now,
    pack_spans,
    source_from_row,
    source_id_for,
    source_row,
    statements_of,
    stored_outcome,
    unchanged,
    unpack_spans,
)
from ingest.sentences import statement_spans
from ingest.vectors import (
    chroma_client,
    delete_vectors,
    open_collection,
    query_vectors,
    reconcile_vectors,
    upsert_vectors,
)

__all__ = ["Library", "canonical_location", "pack_spans", "source_id_for", "unpack_spans"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    id TEXT PRIMARY KEY,
    location TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    site TEXT NOT NULL DEFAULT '',
    published TEXT,
    retrieved_at TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    tier TEXT NOT NULL,
    content_type TEXT NOT NULL DEFAULT '',
    page_starts TEXT NOT NULL DEFAULT '[]',
    chunk_count INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_source ON chunks(source_id);
CREATE TABLE IF NOT EXISTS sentences (
    source_id TEXT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    spans BLOB NOT NULL  -- little-endian int32 (start, end) pairs of the source's statements
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

WAIT_MESSAGE = "waiting for another claimcheck process to finish writing to %s..."

logger = logging.getLogger("claimcheck.library")


class Library:
    def __init__(
        self,
        store_dir: Path,
        embedder: Embedder,
        chroma_url: str | None = None,
        collection: str = DEFAULT_COLLECTION,
        chunk_size: int = CHUNK_SIZE,
        chunk_overlap: int = CHUNK_OVERLAP,
    ) -> None:
        self.store_dir = Path(store_dir)
        self.embedder = embedder
        self.chroma_url = chroma_url or None
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        try:
            self.store_dir.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.store_dir / DB_FILE,
                timeout=60,
                check_same_thread=False,
                isolation_level=None,
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the library in {self.store_dir}: {exc}") from exc
        self._lock = threading.RLock()
        self._lock_held = False
        self._waited_at = 0.0
        self._vectors_token: str | None = None
        self._texts: dict[str, str] = {}
        self._texts_version: str | None = None
        self._keyword = KeywordIndex(self.store_dir / "bm25")
        self._collection_name = collection
        self._client = None
        with self._store_lock():
            self._client = chroma_client(self.store_dir, self.chroma_url)
            self._collection = self._open_collection()
            self._new_vectors_token()

    @classmethod
    def open(
        cls, store_dir: Path, embedder: Embedder, chroma_url: str | None = None, **kwargs
    ) -> Library:
        return cls(store_dir, embedder, chroma_url, **kwargs)

    # -- description ---------------------------------------------------------------------------

    @property
    def store_label(self) -> str:
        where = self.chroma_url or str(self.store_dir / "chroma")
        return f"chroma:{where}#{self._collection_name}"

    def built_with(self) -> str | None:
        return self._meta("embedder")

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _open_collection(self):
        built_with = self.built_with()
        collection = open_collection(
            self._client, self._collection_name, self.embedder.id, built_with, self.chunk_count
        )
        if built_with != self.embedder.id:
            self._set_meta("embedder", self.embedder.id)
        return collection

    # -- locking and transactions ----------------------------------------------------------------

    @contextmanager
    def _store_lock(self) -> Iterator[None]:
        """The store's exclusive lock, across threads and processes (re-entrant in a thread).
        Inside it, this process's Chroma client has a current view of the vectors."""
        with self._lock:
            if self._lock_held:
                yield
                return
            with open(self.store_dir / "write.lock", "a+") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if time.monotonic() - self._waited_at > 10:
                        logger.warning(WAIT_MESSAGE, self.store_dir)
                    self._waited_at = time.monotonic()
                    fcntl.flock(handle, fcntl.LOCK_EX)
                self._lock_held = True
                try:
                    self._sync_vectors()
                    yield
                finally:
                    self._lock_held = False
                    fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer at a time, across threads and processes sharing the store folder."""
        with self._store_lock():
            self._new_vectors_token()
            yield

    def _token_file(self) -> Path:
        return self.store_dir / "vectors.token"

    def _new_vectors_token(self) -> None:
        """Say that this process changes the vectors (before it does: a crash says so too)."""
        token = f"{os.getpid()}-{os.urandom(6).hex()}"
        self._token_file().write_text(token)
        self._vectors_token = token

    def _sync_vectors(self) -> None:
        """Reopen embedded Chroma if another process (or Library) changed the vectors since."""
        try:
            token = self._token_file().read_text()
        except FileNotFoundError:
            token = ""
        if token == self._vectors_token or self.chroma_url or self._client is None:
            self._vectors_token = token
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        with suppress(Exception):  # closing a client we drop anyway
            self._client.close()
        # a new System, not the cached one that holds the stale index (other Library objects in
        # this process keep theirs until they see the token themselves)
        SharedSystemClient._identifier_to_system.pop(str(self.store_dir / "chroma"), None)
        self._client = chroma_client(self.store_dir, self.chroma_url)
        self._collection = self._open_collection()
        self._vectors_token = token

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _bump_version(self) -> None:
        self._set_meta("version", short_hash(now(), str(self._meta("version"))))

    # -- writing --------------------------------------------------------------------------------

    def add(
        self, doc: Document, tier: Tier = Tier.PRIMARY, source_id: str | None = None
    ) -> IngestOutcome:
        """Store a document whole, or report that it is already there unchanged."""
        return self.add_many([doc], tier, [source_id])[0]

    def _upsert_vectors(self, chunks: Sequence[Chunk]) -> None:
        """Embed and store vectors; the text stays in SQLite (the metadata locates it)."""
        upsert_vectors(self._collection, self.embedder, chunks)

    def add_many(
        self,
        docs: Sequence[Document],
        tier: Tier = Tier.PRIMARY,
        source_ids: Sequence[str | None] | None = None,
    ) -> list[IngestOutcome]:
        """`add` for several documents at once, with the same outcomes, in the order given.

        Faster for batches: one embedding call, vector upserts of up to 2,000 chunks, and one
        SQLite transaction (one version bump) for the whole batch. Each source is still stored
        whole or not at all: vectors go first, the records in one transaction, then superseded
        vectors are removed. A source id or location repeated within the batch is stored in
        turn, as successive `add` calls would.
        """
        outcomes: list[IngestOutcome] = []
        for start, end, ids in batches(docs, source_ids):
            outcomes.extend(self._add_batch(docs[start:end], tier, ids))
        return outcomes

    def _add_batch(
        self, docs: Sequence[Document], tier: Tier, source_ids: Sequence[str | None]
    ) -> list[IngestOutcome]:
        outcomes: list[IngestOutcome | None] = [None] * len(docs)
        pending: list[tuple[int, str, str, str, tuple | None, list[Chunk], set[str]]] = []
        spans: dict[int, bytes] = {}
        with self._writing():
            for i, (doc, given) in enumerate(zip(docs, source_ids, strict=True)):
                location = canonical_location(doc.location)
                sid = given or source_id_for(location)
                sha = sha256_text(doc.text)
                previous = self._db.execute(
                    "SELECT sha256, tier, title FROM sources WHERE id = ?", (sid,)
                ).fetchone()
                if previous and previous[0] == sha and previous[1] == tier.value:
                    count = self._db.execute(
                        "SELECT count(*) FROM chunks WHERE source_id = ?", (sid,)
                    ).fetchone()[0]
                    outcomes[i] = unchanged(location, sid, previous[2], count)
                    continue
                chunks = make_chunks(sid, doc.text, self.chunk_size, self.chunk_overlap)
                spans[i] = pack_spans(statement_spans(doc.text))
                old_ids = {
                    row[0]
                    for row in self._db.execute("SELECT id FROM chunks WHERE source_id = ?", (sid,))
                }
                pending.append((i, location, sid, sha, previous, chunks, old_ids))
            if not pending:
                return [o for o in outcomes if o is not None]
            self._upsert_vectors([c for p in pending for c in p[5]])
            retrieved_at = now()
            with self._transaction() as db:
                for i, location, sid, sha, _previous, chunks, _old in pending:
                    doc = docs[i]
                    db.execute("DELETE FROM chunks WHERE source_id = ?", (sid,))
                    db.execute("DELETE FROM sources WHERE id = ? OR location = ?", (sid, location))
                    db.execute(
                        f"INSERT INTO sources({SOURCE_COLUMNS}, text) "
                        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        source_row(sid, location, doc, retrieved_at, sha, tier, len(chunks)),
                    )
                    db.executemany(
                        'INSERT INTO chunks(id, source_id, idx, start, "end") '
                        "VALUES(?, ?, ?, ?, ?)",
                        [(c.id, sid, c.index, c.start, c.end) for c in chunks],
                    )
                    db.execute(
                        "INSERT INTO sentences(source_id, spans) VALUES(?, ?)", (sid, spans[i])
                    )
                self._bump_version()
            stale: list[str] = []
            for _i, _location, sid, _sha, _previous, chunks, old_ids in pending:
                self._texts.pop(sid, None)
                stale.extend(sorted(old_ids - {c.id for c in chunks}))
            delete_vectors(self._collection, stale)
        for i, location, sid, sha, previous, chunks, _old in pending:
            old_sha = previous[0] if previous else None
            outcomes[i] = stored_outcome(docs[i], location, sid, sha, old_sha, tier, len(chunks))
        return [o for o in outcomes if o is not None]

    def remove(self, id_or_location: str) -> Source:
        """Delete a source and all its chunks; returns the removed record."""
        with self._writing():
            source = self._find(id_or_location)
            ids = [
                row[0]
                for row in self._db.execute(
                    "SELECT id FROM chunks WHERE source_id = ?", (source.id,)
                )
            ]
            with self._transaction() as db:
                db.execute("DELETE FROM chunks WHERE source_id = ?", (source.id,))
                db.execute("DELETE FROM sources WHERE id = ?", (source.id,))
                self._bump_version()
            self._texts.pop(source.id, None)
            delete_vectors(self._collection, ids)
        return source

    def reconcile(self) -> int:
        """Delete vectors that no stored chunk references (left by a crash), and embed again a
        stored chunk whose vector is gone. Returns how many vectors were deleted."""
        with self._writing():
            known = {row[0] for row in self._db.execute("SELECT id FROM chunks")}
            orphans, _missing = reconcile_vectors(
                self._collection, self.embedder, known, self.chunks
            )
        return orphans

    def reindex(self, embedder: Embedder, progress=None) -> int:
        """Rebuild every vector with another embedder; returns the number of chunks embedded."""
        with self._writing():
            self._client.delete_collection(self._collection_name)
            self.embedder = embedder
            self._set_meta("embedder", embedder.id)
            self._collection = self._open_collection()
            done = 0
            for source in self.sources(with_text=True):
                chunks = self._chunks_of(source)
                self._upsert_vectors(chunks)
                done += len(chunks)
                if progress:
                    progress(done)
        return done

    # -- reading --------------------------------------------------------------------------------

    def _find(self, id_or_location: str) -> Source:
        key = id_or_location.strip()
        candidates = [key]
        if key:
            candidates.append(canonical_location(key))
        for value in candidates:
            row = self._db.execute(
                f"SELECT {SOURCE_COLUMNS}, text FROM sources WHERE id = ? OR location = ?",
                (value, value),
            ).fetchone()
            if row:
                return source_from_row(row[:-1], row[-1])
        raise NotFoundError(f"no source with id or location {id_or_location!r} in the library")

    def get(self, source_id: str) -> Source:
        return self._find(source_id)

    def get_many(self, source_ids: Sequence[str]) -> dict[str, Source]:
        found: dict[str, Source] = {}
        self._fresh_texts()
        for sid in dict.fromkeys(source_ids):
            row = self._db.execute(
                f"SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?", (sid,)
            ).fetchone()
            if row:
                found[sid] = source_from_row(row, self._text(sid))
        return found

    def sources(self, with_text: bool = False) -> list[Source]:
        """All sources, newest first. Without `with_text`, `text` is left empty to save memory."""
        column = "text" if with_text else "''"
        rows = self._db.execute(
            f"SELECT {SOURCE_COLUMNS}, {column} FROM sources ORDER BY retrieved_at DESC, id"
        ).fetchall()
        return [source_from_row(row[:-1], row[-1]) for row in rows]

    def sentences_of(self, source_id: str) -> tuple[tuple[int, int], ...]:
        """The (start, end) spans of a source's statements, stored at ingest, in order."""
        row = self._db.execute(
            "SELECT spans FROM sentences WHERE source_id = ?", (source_id,)
        ).fetchone()
        if row is not None:
            return unpack_spans(row[0])
        source = self.get(source_id)  # NotFoundError if there is no such source
        # a source ingested by a version that did not store its sentences
        return statements_of(source.sha256, source.text)

    def source_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM sources").fetchone()[0]

    def chunk_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def _text(self, source_id: str) -> str:
        text = self._texts.get(source_id)
        if text is None:
            row = self._db.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no source with id {source_id!r}")
            text = row[0]
            if len(self._texts) > 512:
                self._texts.clear()
            self._texts[source_id] = text
        return text

    def _chunks_of(self, source: Source) -> list[Chunk]:
        rows = self._db.execute(
            'SELECT id, source_id, idx, start, "end" FROM chunks WHERE source_id = ? ORDER BY idx',
            (source.id,),
        ).fetchall()
        return [Chunk(r[0], r[1], r[2], r[3], r[4], source.text[r[3] : r[4]]) for r in rows]

    def _fresh_texts(self) -> None:
        """Forget cached texts once the library changed (maybe by another process)."""
        version = self._meta("version")
        if version != self._texts_version:
            self._texts.clear()
            self._texts_version = version

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """One consistent SQLite read (chunk offsets and the texts they index into)."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._fresh_texts()
                yield
            finally:
                self._db.execute("COMMIT")

    def chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids, in the order given; unknown ids are skipped."""
        if not chunk_ids:
            return []
        found: dict[str, Chunk] = {}
        ids = list(dict.fromkeys(chunk_ids))
        with self._snapshot():
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                marks = ",".join("?" * len(part))
                for cid, sid, idx, start, end in self._db.execute(
                    f'SELECT id, source_id, idx, start, "end" FROM chunks WHERE id IN ({marks})',
                    part,
                ).fetchall():
                    found[cid] = Chunk(cid, sid, idx, start, end, self._text(sid)[start:end])
        return [found[c] for c in ids if c in found]

    def all_chunks(self) -> Iterator[Chunk]:
        self._fresh_texts()
        for source in self.sources():
            yield from self._chunks_of(replace(source, text=self._text(source.id)))

    # -- search ---------------------------------------------------------------------------------

    def vector_search(self, query: str, k: int) -> list[ScoredChunk]:
        if k <= 0 or not query.strip():
            return []
        vector = self.embedder.embed([query])
        with self._store_lock():
            scores = query_vectors(self._collection, vector, k)
        return [ScoredChunk(c, scores[c.id]) for c in self.chunks(list(scores))]

    def keyword_search(self, query: str, k: int) -> list[ScoredChunk]:
        if k <= 0:
            return []
        with self._store_lock():  # another process may be swapping the index files
            self.refresh_keyword_index()
            hits = self._keyword.search(query, k)
        scores = dict(hits)
        return [ScoredChunk(c, scores[c.id]) for c in self.chunks([h[0] for h in hits])]

    def refresh_keyword_index(self, force: bool = False) -> bool:
        """Rebuild the BM25 index if the library changed since it was built. True if rebuilt."""
        version = self._meta("version") or "empty"
        if not force and self._keyword.version() == version:
            return False
        with self._store_lock():  # one builder at a time across processes
            version = self._meta("version") or "empty"
            if not force and self._keyword.version() == version:
                return False
            on_disk = KeywordIndex(self._keyword.folder)
            if not force and on_disk.version() == version:
                self._keyword = on_disk  # another process built it: load it, don't rebuild
                return False
            chunks = list(self.all_chunks())
            self._keyword.build([c.id for c in chunks], [c.text for c in chunks], version)
        return True

    def close(self) -> None:
        self._db.close()
        if self._client is not None:
            with suppress(Exception):  # nothing to do about a failing close
                self._client.close()


def stored_sources(store_dir: Path) -> Iterator[Source]:
    """Every source of the store folder `store_dir`, with its text, oldest first, read from its
    SQLite file opened read-only: no lock is taken and no vector store is opened, so nothing in
    the folder changes (what `claimcheck copy` reads). StoreError at once if it holds no
    library."""
    path = Path(store_dir) / DB_FILE
    if not path.is_file():
        raise StoreError(f"{store_dir} is not a claimcheck store folder (no {DB_FILE})")

    def rows() -> Iterator[Source]:
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                query = f"SELECT {SOURCE_COLUMNS}, text FROM sources ORDER BY retrieved_at, id"
                for row in db.execute(query):
                    yield source_from_row(row[:-1], row[-1])
            finally:
                db.close()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the library in {store_dir}: {exc}") from exc

    return rows()
