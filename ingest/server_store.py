"""The server store: PostgreSQL for source records, texts, sentence spans and chunks, with
PostgreSQL's own full-text search as the keyword index; a Chroma server for the vectors.

Several processes on several machines can share it (`claimcheck serve`, the web app, the CLI),
all with the same database URL and Chroma URL. PostgreSQL is the source of truth, as SQLite is
in the embedded store (ingest/library.py), and writes go the same way: vectors first (ids are
content hashes), then the records of a batch of sources in one transaction, then the removal of
superseded vectors. Writers take a session-level advisory lock, so one writes at a time across
processes; a writer killed with `kill -9` loses its connection, PostgreSQL rolls its transaction
back and drops its lock, and what is left is at worst vectors no record references, which
searches ignore and `reconcile()` deletes. So a source is in the library whole or not at all.

Keyword search: each chunk's `tsvector` (English stemming, stop words removed) is written with
the chunk, in the same transaction, and indexed (GIN); a query matches chunks sharing any of its
stemmed words but the very common ones, ranked by `ts_rank_cd` (cover density). There is no
index file to rebuild.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress

from ingest.chunking import CHUNK_OVERLAP, CHUNK_SIZE, make_chunks
from ingest.embeddings import Embedder
from ingest.errors import ConfigError, NotFoundError
from ingest.models import Chunk, Document, IngestOutcome, ScoredChunk, Source, Tier, sha256_text
from ingest.pg import Database, read_value
from ingest.records import (
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

WRITE_LOCK = 7_361_105_002  # pg_advisory_lock key: one library writer at a time
# Keyword search leaves out the query's words found in more than COMMON_SHARE of the chunks
# (keeping at least MIN_TERMS, the rarest), as BM25's IDF all but does: ranking every chunk that
# holds a common word is what makes an OR search slow. On SciFact (12k chunks), recall@24 of
# the evidence documents went 0.829 -> 0.847 and the median query 41 -> 3 ms. The shares come
# from PostgreSQL's own statistics of the column (pg_stats, kept by ANALYZE), read once a minute,
# and are used from PRUNE_FROM chunks on.
COMMON_SHARE = 0.02
MIN_TERMS = 3
PRUNE_FROM = 1000
STATS_TTL_S = 60.0
CHUNK_TEXT = 'substr(s.text, c.start + 1, c."end" - c.start)'  # characters, as Python slices
# a query's stemmed words (English stemming, stop words removed)
QUERY_LEXEMES = "SELECT tsvector_to_array(to_tsvector('english', %s))"
# the chunks holding any of the lexemes (BM25-like OR), by a tsquery of the quoted lexemes
KEYWORD_SEARCH = r"""
WITH q AS (
    SELECT string_agg(
        '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''', ' | '
    )::tsquery AS query
    FROM unnest(%(lexemes)s::text[]) AS lexeme
)
SELECT c.id, ts_rank_cd(c.tsv, q.query) AS score
FROM chunks c, q
WHERE q.query IS NOT NULL AND c.tsv @@ q.query
ORDER BY score DESC, c.id
LIMIT %(k)s
"""


def built_with(database_url: str) -> str | None:
    """The embedder the library in this database was built with (None: a new library)."""
    value = read_value(database_url, "SELECT value FROM library_meta WHERE key = 'embedder'")
    return str(value) if value is not None else None


def lexeme_shares(conn) -> dict[str, float]:  # noqa: ANN001
    """The share of chunks holding each of the most common lexemes, from PostgreSQL's
    statistics (empty below PRUNE_FROM chunks, or before ANALYZE has gathered them)."""
    row = conn.execute(
        "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs "
        "FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() "
        "AND s.tablename = 'chunks' AND s.attname = 'tsv' WHERE c.oid = 'chunks'::regclass"
    ).fetchone()
    if not row or row[0] < PRUNE_FROM or not row[1]:
        return {}
    return dict(zip(row[1], map(float, row[2]), strict=False))  # freqs end with 3 summaries


def search_terms(conn, query: str, shares: dict[str, float]) -> list[str]:  # noqa: ANN001
    """The query's lexemes, less those in more than COMMON_SHARE of the chunks (at least
    MIN_TERMS kept, the rarest)."""
    lexemes = conn.execute(QUERY_LEXEMES, (query,)).fetchone()[0] or []
    if not shares:
        return lexemes
    kept = [x for x in lexemes if shares.get(x, 0.0) <= COMMON_SHARE]
    common = sorted((x for x in lexemes if x not in kept), key=lambda x: shares[x])
    return kept + common[: max(0, MIN_TERMS - len(kept))]


def keyword_hits(conn, query: str, k: int, shares: dict[str, float]) -> list[tuple[str, float]]:  # noqa: ANN001
    """(chunk id, ts_rank_cd) of the `k` best chunks for `query`, best first."""
    terms = search_terms(conn, query, shares)
    if not terms:
        return []
    return conn.execute(KEYWORD_SEARCH, {"lexemes": terms, "k": k}).fetchall()


class ServerStore:
    """The library in PostgreSQL (`database_url`) and a Chroma server (`chroma_url`)."""

    def __init__(
        self,
        database_url: str,
        chroma_url: str | None,
        embedder: Embedder,
        collection: str = DEFAULT_COLLECTION,
        chunk_size: int = CHUNK_SIZE,
        chunk_overlap: int = CHUNK_OVERLAP,
    ) -> None:
        if not chroma_url:
            raise ConfigError(
                "the server store keeps its vectors on a Chroma server: set chroma_url "
                "(--chroma-url or CLAIMCHECK_CHROMA_URL) with the database URL"
            )
        self.embedder = embedder
        self.chroma_url = chroma_url
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self._collection_name = collection
        self._shares: tuple[float, dict[str, float]] | None = None
        self.db = Database(database_url, "library", "ingest.migrations")
        try:
            self._client = chroma_client(None, chroma_url)
            with self._writing() as conn:
                self._collection = self._open_collection(conn)
        except BaseException:
            self.db.close()
            raise

    # -- description ---------------------------------------------------------------------------

    @property
    def store_label(self) -> str:
        return f"{self.db.label} + chroma:{self.chroma_url}#{self._collection_name}"

    def built_with(self) -> str | None:
        with self.db.connection() as conn:
            return self._built_with(conn)

    @staticmethod
    def _built_with(conn) -> str | None:  # noqa: ANN001
        row = conn.execute("SELECT value FROM library_meta WHERE key = 'embedder'").fetchone()
        return row[0] if row else None

    @staticmethod
    def _set_meta(conn, key: str, value: str) -> None:  # noqa: ANN001
        conn.execute(
            "INSERT INTO library_meta(key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _open_collection(self, conn):  # noqa: ANN001
        built_with = self._built_with(conn)
        collection = open_collection(
            self._client,
            self._collection_name,
            self.embedder.id,
            built_with,
            lambda: conn.execute("SELECT count(*) FROM chunks").fetchone()[0],
        )
        if built_with != self.embedder.id:
            self._set_meta(conn, "embedder", self.embedder.id)
        return collection

    @contextmanager
    def _writing(self) -> Iterator:
        """A connection holding the library's write lock (across processes); the lock goes
        with the connection if the process dies."""
        with self.db.connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
            try:
                yield conn
            finally:
                with suppress(Exception):  # a broken connection has dropped the lock already
                    conn.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))

    # -- writing -------------------------------------------------------------------------------

    def add(
        self, doc: Document, tier: Tier = Tier.PRIMARY, source_id: str | None = None
    ) -> IngestOutcome:
        """Store a document whole, or report that it is already there unchanged."""
        return self.add_many([doc], tier, [source_id])[0]

    def add_many(
        self,
        docs: Sequence[Document],
        tier: Tier = Tier.PRIMARY,
        source_ids: Sequence[str | None] | None = None,
    ) -> list[IngestOutcome]:
        """`add` for several documents: one embedding call and one transaction per batch."""
        outcomes: list[IngestOutcome] = []
        for start, end, ids in batches(docs, source_ids):
            outcomes.extend(self._add_batch(docs[start:end], tier, ids))
        return outcomes

    def _add_batch(
        self, docs: Sequence[Document], tier: Tier, source_ids: Sequence[str | None]
    ) -> list[IngestOutcome]:
        outcomes: list[IngestOutcome | None] = [None] * len(docs)
        locations = [canonical_location(doc.location) for doc in docs]
        sids = [
            given or source_id_for(loc) for given, loc in zip(source_ids, locations, strict=True)
        ]
        pending = []  # (i, sha, previous sha or None, chunks, old chunk ids)
        with self._writing() as conn:
            previous = {
                row[0]: row[1:]
                for row in conn.execute(
                    "SELECT id, sha256, tier, title, chunk_count FROM sources WHERE id = ANY(%s)",
                    (sids,),
                )
            }
            old_ids: dict[str, set[str]] = {}
            for cid, sid in conn.execute(
                "SELECT id, source_id FROM chunks WHERE source_id = ANY(%s)", (sids,)
            ):
                old_ids.setdefault(sid, set()).add(cid)
            for i, doc in enumerate(docs):
                sid, sha = sids[i], sha256_text(doc.text)
                before = previous.get(sid)
                if before and before[0] == sha and before[1] == tier.value:
                    outcomes[i] = unchanged(locations[i], sid, before[2], before[3])
                    continue
                chunks = make_chunks(sid, doc.text, self.chunk_size, self.chunk_overlap)
                pending.append((i, sha, before[0] if before else None, chunks))
            if not pending:
                return [o for o in outcomes if o is not None]
            upsert_vectors(self._collection, self.embedder, [c for p in pending for c in p[3]])
            retrieved_at = now()
            with conn.transaction():
                for i, sha, _before, chunks in pending:
                    doc, sid, location = docs[i], sids[i], locations[i]
                    conn.execute(
                        "DELETE FROM sources WHERE id = %s OR location = %s", (sid, location)
                    )
                    conn.execute(
                        f"INSERT INTO sources({SOURCE_COLUMNS}, text) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        source_row(sid, location, doc, retrieved_at, sha, tier, len(chunks)),
                    )
                    conn.execute(
                        "INSERT INTO sentences(source_id, spans) VALUES (%s, %s)",
                        (sid, pack_spans(statement_spans(doc.text))),
                    )
                    with conn.cursor() as cursor:
                        cursor.executemany(
                            'INSERT INTO chunks(id, source_id, idx, start, "end", tsv) '
                            "VALUES (%s, %s, %s, %s, %s, to_tsvector('english', %s))",
                            [(c.id, sid, c.index, c.start, c.end, c.text) for c in chunks],
                        )
            stale = []
            for i, _sha, _before, chunks in pending:
                stale.extend(sorted(old_ids.get(sids[i], set()) - {c.id for c in chunks}))
            delete_vectors(self._collection, stale)
        for i, sha, before, chunks in pending:
            outcomes[i] = stored_outcome(
                docs[i], locations[i], sids[i], sha, before, tier, len(chunks)
            )
        return [o for o in outcomes if o is not None]

    def remove(self, id_or_location: str) -> Source:
        """Delete a source and all its chunks and vectors; returns the removed record."""
        with self._writing() as conn:
            source = self._find(conn, id_or_location)
            ids = [
                row[0]
                for row in conn.execute("SELECT id FROM chunks WHERE source_id = %s", (source.id,))
            ]
            conn.execute("DELETE FROM sources WHERE id = %s", (source.id,))  # cascades
            delete_vectors(self._collection, ids)
        return source

    def reconcile(self) -> int:
        """Delete vectors no stored chunk references (left by a crash) and embed again the
        chunks whose vector is gone. Returns how many vectors were deleted."""
        with self._writing() as conn:
            known = {row[0] for row in conn.execute("SELECT id FROM chunks")}
            orphans, _missing = reconcile_vectors(
                self._collection, self.embedder, known, lambda ids: self._chunks(conn, ids)
            )
        return orphans

    def reindex(self, embedder: Embedder, progress=None) -> int:  # noqa: ANN001
        """Rebuild every vector with another embedder; returns the number of chunks embedded."""
        with self._writing() as conn:
            self._client.delete_collection(self._collection_name)
            self.embedder = embedder
            self._set_meta(conn, "embedder", embedder.id)
            self._collection = self._open_collection(conn)
            done = 0
            for (source_id,) in conn.execute("SELECT id FROM sources ORDER BY id").fetchall():
                chunks = self._chunks_of(conn, source_id)
                upsert_vectors(self._collection, embedder, chunks)
                done += len(chunks)
                if progress:
                    progress(done)
        return done

    def refresh_keyword_index(self, force: bool = False) -> bool:
        """Nothing to do: each chunk's search vector is written with it, in its transaction."""
        return False

    # -- reading -------------------------------------------------------------------------------

    def _find(self, conn, id_or_location: str) -> Source:  # noqa: ANN001
        key = id_or_location.strip()
        candidates = [key, canonical_location(key)] if key else [key]
        for value in candidates:
            row = conn.execute(
                f"SELECT {SOURCE_COLUMNS}, text FROM sources WHERE id = %s OR location = %s "
                "ORDER BY id = %s DESC LIMIT 1",
                (value, value, value),
            ).fetchone()
            if row:
                return source_from_row(row[:-1], row[-1])
        raise NotFoundError(f"no source with id or location {id_or_location!r} in the library")

    def get(self, source_id: str) -> Source:
        with self.db.connection() as conn:
            return self._find(conn, source_id)

    def get_many(self, source_ids: Sequence[str]) -> dict[str, Source]:
        ids = list(dict.fromkeys(source_ids))
        if not ids:
            return {}
        with self.db.connection() as conn:
            rows = conn.execute(
                f"SELECT {SOURCE_COLUMNS}, text FROM sources WHERE id = ANY(%s)", (ids,)
            ).fetchall()
        found = {row[0]: source_from_row(row[:-1], row[-1]) for row in rows}
        return {sid: found[sid] for sid in ids if sid in found}

    def sources(self, with_text: bool = False) -> list[Source]:
        """All sources, newest first. Without `with_text`, `text` is left empty."""
        column = "text" if with_text else "''"
        with self.db.connection() as conn:
            rows = conn.execute(
                f"SELECT {SOURCE_COLUMNS}, {column} FROM sources ORDER BY retrieved_at DESC, id"
            ).fetchall()
        return [source_from_row(row[:-1], row[-1]) for row in rows]

    def sentences_of(self, source_id: str) -> tuple[tuple[int, int], ...]:
        """The (start, end) spans of a source's statements, stored at ingest, in order."""
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT spans FROM sentences WHERE source_id = %s", (source_id,)
            ).fetchone()
        if row is not None:
            return unpack_spans(bytes(row[0]))
        source = self.get(source_id)  # NotFoundError if there is no such source
        return statements_of(source.sha256, source.text)

    def source_count(self) -> int:
        with self.db.connection() as conn:
            return conn.execute("SELECT count(*) FROM sources").fetchone()[0]

    def chunk_count(self) -> int:
        with self.db.connection() as conn:
            return conn.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def _chunks_of(self, conn, source_id: str) -> list[Chunk]:  # noqa: ANN001
        rows = conn.execute(
            f'SELECT c.id, c.source_id, c.idx, c.start, c."end", {CHUNK_TEXT} '
            "FROM chunks c JOIN sources s ON s.id = c.source_id "
            "WHERE c.source_id = %s ORDER BY c.idx",
            (source_id,),
        ).fetchall()
        return [Chunk(*row) for row in rows]

    def chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids, in the order given; unknown ids are skipped."""
        if not chunk_ids:
            return []
        with self.db.connection() as conn:
            return self._chunks(conn, chunk_ids)

    @staticmethod
    def _chunks(conn, chunk_ids: Sequence[str]) -> list[Chunk]:  # noqa: ANN001
        ids = list(dict.fromkeys(chunk_ids))
        rows = conn.execute(
            f'SELECT c.id, c.source_id, c.idx, c.start, c."end", {CHUNK_TEXT} '
            "FROM chunks c JOIN sources s ON s.id = c.source_id WHERE c.id = ANY(%s)",
            (ids,),
        ).fetchall()
        found = {row[0]: Chunk(*row) for row in rows}
        return [found[c] for c in ids if c in found]

    # -- search --------------------------------------------------------------------------------

    def _lexeme_shares(self, conn) -> dict[str, float]:  # noqa: ANN001
        now_s = time.monotonic()
        if self._shares is None or now_s - self._shares[0] > STATS_TTL_S:
            self._shares = (now_s, lexeme_shares(conn))
        return self._shares[1]

    def keyword_search(self, query: str, k: int) -> list[ScoredChunk]:
        if k <= 0 or not query.strip():
            return []
        with self.db.connection() as conn:
            hits = keyword_hits(conn, query, k, self._lexeme_shares(conn))
            scores = {cid: float(score) for cid, score in hits}
            found = self._chunks(conn, list(scores))
        return [ScoredChunk(c, scores[c.id]) for c in found]

    def vector_search(self, query: str, k: int) -> list[ScoredChunk]:
        if k <= 0 or not query.strip():
            return []
        scores = query_vectors(self._collection, self.embedder.embed([query]), k)
        return [ScoredChunk(c, scores[c.id]) for c in self.chunks(list(scores))]

    def close(self) -> None:
        self.db.close()
        with suppress(Exception):  # nothing to do about a failing close
            self._client.close()
