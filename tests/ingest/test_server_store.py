"""The server store against a real PostgreSQL and a real `chroma run` on 127.0.0.1 (started by
tests/servers.py): the same protocol as the embedded store, PostgreSQL's full-text search as the
keyword index, sources whole or absent after a kill -9 mid-ingest, and one-line errors."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from ingest.chunking import make_chunks
from ingest.embeddings import HashingEmbedder
from ingest.errors import NotFoundError, StoreError
from ingest.library import Library
from ingest.models import Document, OutcomeStatus
from ingest.pipeline import ingest_sources
from ingest.sentences import statement_spans
from ingest.server_store import ServerStore
from ingest.store import Store, open_store
from tests.servers import RUN, serve, stop
from tests.synthetic_sources import write_sources

DEMO_SOURCES = Path(__file__).resolve().parents[2] / "data" / "demo" / "sources"


def open_server(config) -> ServerStore:  # noqa: ANN001
    store = open_store(
        Path("unused"),
        HashingEmbedder(),
        chroma_url=config.chroma_url,
        database_url=config.database_url,
        collection=config.collection,
    )
    assert isinstance(store, ServerStore)
    return store


def assert_whole(store: ServerStore, texts: dict[str, str] | None = None) -> set[str]:
    """Every stored source is whole: record, text, sentence spans, all its chunks, and a vector
    for each chunk. Returns the chunk ids."""
    chunk_ids: set[str] = set()
    for source in store.sources(with_text=True):
        if texts is not None:
            assert source.text == texts[source.location]
        assert source.sha256 == hashlib.sha256(source.text.encode()).hexdigest()
        assert store.sentences_of(source.id) == tuple(statement_spans(source.text))
        with store.db.connection() as conn:
            chunks = store._chunks_of(conn, source.id)
        expected = make_chunks(source.id, source.text, store.chunk_size, store.chunk_overlap)
        assert [c.id for c in chunks] == [c.id for c in expected], source.location
        assert source.chunk_count == len(chunks)
        for chunk in chunks:
            assert source.text[chunk.start : chunk.end] == chunk.text
        chunk_ids.update(c.id for c in chunks)
    assert len(chunk_ids) == store.chunk_count()
    if chunk_ids:
        found = store._collection.get(ids=sorted(chunk_ids), include=[])["ids"]
        assert set(found) == chunk_ids, "a stored chunk has no vector"
    return chunk_ids


def test_ingest_search_reingest_and_remove(server_store):
    store = open_server(server_store)
    try:
        summary = ingest_sources(store, [str(DEMO_SOURCES)])
        assert {o.status for o in summary.outcomes} == {OutcomeStatus.ADDED}
        assert store.source_count() == len(list(DEMO_SOURCES.iterdir()))
        ids = assert_whole(store)
        assert store.built_with() == HashingEmbedder().id

        # PostgreSQL's full-text search finds a sentence by its (stemmed) words
        hits = store.keyword_search("dissolving the Foundations teams", 3)
        assert hits and "Foundations team" in hits[0].chunk.text
        assert hits[0].score >= hits[-1].score > 0
        assert store.keyword_search("zyxwvut", 3) == [] and store.keyword_search("the of", 3) == []
        assert store.keyword_search("it's a 'quoted' \\ back|slash & (odd) query:*", 3) is not None
        near = store.vector_search("Foundations team dissolved", 3)
        assert len(near) == 3 and all(n.chunk.id in ids for n in near)

        # ingesting the same sources again changes nothing
        before = {s.id: s.retrieved_at for s in store.sources()}
        again = ingest_sources(store, [str(DEMO_SOURCES)])
        assert {o.status for o in again.outcomes} == {OutcomeStatus.UNCHANGED}
        assert {s.id: s.retrieved_at for s in store.sources()} == before
        assert assert_whole(store) == ids and store._collection.count() == len(ids)

        # a changed text replaces the source whole, and its old vectors go
        source = store.sources(with_text=True)[0]
        changed = store.add(Document(location=source.location, text=source.text + "\n\nMore."))
        assert changed.status is OutcomeStatus.UPDATED and changed.reason == "text changed"
        assert store._collection.count() == len(assert_whole(store))

        removed = store.remove(source.location)
        assert removed.id == source.id
        with pytest.raises(NotFoundError):
            store.get(source.id)
        assert source.id not in {s.id for s in store.sources()}
        left = assert_whole(store)
        assert store._collection.count() == len(left)
        assert not any(h.chunk.source_id == source.id for h in store.keyword_search(
            source.text[:200], 20))  # fmt: skip
    finally:
        store.close()


def _source_count(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        try:
            return conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        except psycopg.errors.UndefinedTable:  # the server has not opened the library yet
            return 0


def test_a_source_is_whole_or_absent_after_kill_9_of_serve_mid_ingest(tmp_path, server_store):
    texts = write_sources(tmp_path / "sources", "crash", 200)
    store_dir = tmp_path / "store"
    env = {**server_store.env(), "CLAIMCHECK_EMBEDDER": "hashing"}
    made = subprocess.run(
        [*RUN, "--store", str(store_dir), "api-key", "create", "desk"],
        capture_output=True,
        timeout=60,
        env={**os.environ, **env},
    )
    key = made.stdout.decode().strip()
    process, base = serve(store_dir, env=env)
    try:
        job = httpx.post(
            f"{base}/sources",
            json={"items": [str(tmp_path / "sources")]},
            headers={"X-API-Key": key},
            timeout=30,
        )
        assert job.status_code == 202, job.text
        deadline = time.monotonic() + 120
        while _source_count(server_store.database_url) < 30 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        stop(process)
    stored = _source_count(server_store.database_url)
    assert 30 <= stored < len(texts), "the ingest ended before it could be killed"

    store = open_server(server_store)
    try:
        ids = assert_whole(store, texts)  # every source whole, each chunk with its vector
        store.reconcile()  # and orphan vectors (written before the killed transaction) go
        assert set(store._collection.get(include=[])["ids"]) == ids
        # the same ingest again completes the library, each source once
        summary = ingest_sources(store, [str(tmp_path / "sources")])
        assert not summary.failures
        assert store.source_count() == len(texts)
        assert len(assert_whole(store, texts)) == store._collection.count()
    finally:
        store.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x@127.0.0.1/db", "bad database URL"),
        ("postgresql://claimcheck:secret@127.0.0.1:{port}/missing", "cannot open the database"),
    ],
)
def test_a_bad_database_url_is_a_one_line_error(tmp_path, postgres, chroma_url, url, message):
    url = url.format(port=postgres.port)
    commands = [["sources"], ["serve", "--port", "0"]] if "secret" in url else [["sources"]]
    for command in commands:
        done = subprocess.run(
            [*RUN, "--store", str(tmp_path), "--database-url", url, "--chroma-url", chroma_url,
             *command],
            capture_output=True,
            timeout=60,
        )  # fmt: skip
        err = done.stderr.decode()
        assert done.returncode == 1, err
        assert err.startswith("error: ") and message in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1 and "secret" not in err, err
    with pytest.raises(StoreError, match=message):
        open_store(tmp_path, HashingEmbedder(), chroma_url=chroma_url, database_url=url)


def test_the_server_store_needs_a_chroma_server(tmp_path, server_store):
    done = subprocess.run(
        [*RUN, "--store", str(tmp_path), "--database-url", server_store.database_url, "sources"],
        capture_output=True,
        timeout=60,
    )
    err = done.stderr.decode()
    assert done.returncode == 1 and "Chroma server" in err and len(err.splitlines()) == 1, err


@pytest.mark.parametrize("kind", ["embedded", "server"])
def test_reconcile_removes_orphan_vectors_and_restores_missing_ones(tmp_path, kind, request):
    if kind == "server":
        store = open_server(request.getfixturevalue("server_store"))
    else:
        store = Library.open(tmp_path / "store", HashingEmbedder())
    try:
        assert isinstance(store, Store)  # both follow the one protocol
        for i in range(3):
            store.add(Document(location=f"dataset://doc/{i}", text=f"Document {i} says {i}."))
        ids = sorted(
            c.id
            for s in store.sources(with_text=True)
            for c in make_chunks(s.id, s.text, store.chunk_size, store.chunk_overlap)
        )
        collection = store._collection
        collection.delete(ids=ids[:1])  # a vector lost
        collection.upsert(ids=["orphan"], embeddings=[[0.1] * 384])  # a vector no chunk knows
        assert store.reconcile() == 1
        assert sorted(collection.get(include=[])["ids"]) == ids
        assert store.vector_search("Document 0 says", 3)
    finally:
        store.close()


def test_two_ingests_at_once_from_two_processes_store_each_source_once(tmp_path, server_store):
    texts = write_sources(tmp_path / "a", "shared", 40, seed=1)
    texts |= write_sources(tmp_path / "b", "other", 20, seed=2)
    env = {**os.environ, **server_store.env(), "CLAIMCHECK_EMBEDDER": "hashing"}
    runs = [
        subprocess.Popen(
            [*RUN, "--store", str(tmp_path / f"host{i}"), "ingest", *folders],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        for i, folders in enumerate(
            [[str(tmp_path / "a")], [str(tmp_path / "a"), str(tmp_path / "b")]]
        )
    ]
    for process in runs:
        assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    store = open_server(server_store)
    try:
        assert store.source_count() == len(texts)
        assert len(assert_whole(store, texts)) == store._collection.count()
    finally:
        store.close()
