-- The server store's library: source records with their full clean texts, sentence spans and
-- chunks (offsets into the text, with the chunk's full-text search vector). Vectors live in
-- Chroma, keyed by chunk id. A source and everything of it is written in one transaction.
CREATE TABLE sources (
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
CREATE INDEX sources_by_time ON sources (retrieved_at DESC, id);

-- little-endian int32 (start, end) pairs of the source's statements
CREATE TABLE sentences (
    source_id TEXT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    spans BYTEA NOT NULL
);

CREATE TABLE chunks (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    tsv TSVECTOR NOT NULL
);
CREATE INDEX chunks_by_source ON chunks (source_id, idx);
CREATE INDEX chunks_tsv ON chunks USING GIN (tsv);

CREATE TABLE library_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
