"""kill -9 during a 500-source ingest, then again, then a re-run: the library stays consistent.

A source is either whole in the library (record, text, every chunk, every chunk's vector) or not
there at all; the re-run adds what is missing, changes nothing twice, and leaves no orphan
vectors behind.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.chunking import make_chunks
from ingest.embeddings import HashingEmbedder
from ingest.library import Library, source_id_for
from tests.synthetic_sources import claimcheck, stored_sources, write_sources

SOURCES = 500


def kill_when_stored(store: Path, folder: Path, at_least: int) -> int:
    """Start an ingest and SIGKILL it once `at_least` sources are stored; returns how many."""
    process = subprocess.Popen(
        claimcheck(store, "ingest", str(folder)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline:
            if stored_sources(store) >= at_least:
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.005)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    return stored_sources(store)


def assert_consistent(store: Path, texts: dict[str, str]) -> tuple[int, int]:
    """Every stored source is whole: record, text, all its chunks, all their vectors.
    Returns (sources, orphan vectors)."""
    library = Library.open(store, HashingEmbedder())
    try:
        sources = library.sources(with_text=True)
        all_ids: list[str] = []
        for source in sources:
            assert source.text == texts[source.location]
            assert source.sha256 == hashlib.sha256(source.text.encode()).hexdigest()
            expected = make_chunks(
                source.id, source.text, library.chunk_size, library.chunk_overlap
            )
            chunks = library._chunks_of(source)
            assert [c.id for c in chunks] == [c.id for c in expected], source.location
            assert source.chunk_count == len(chunks)
            for chunk in chunks:
                assert source.text[chunk.start : chunk.end] == chunk.text
            all_ids.extend(c.id for c in chunks)
        assert len(all_ids) == len(set(all_ids)) == library.chunk_count()
        collection = library._collection
        found = collection.get(ids=all_ids, include=["embeddings"]) if all_ids else {"ids": []}
        assert sorted(found["ids"]) == sorted(all_ids), "a stored chunk has no vector"
        orphans = collection.count() - len(all_ids)
        assert orphans >= 0
        return len(sources), orphans
    finally:
        library.close()


@pytest.mark.timeout(900)
def test_kill_9_during_a_500_source_ingest_then_rerun(tmp_path):
    folder = tmp_path / "sources"
    texts = write_sources(folder, "crash", SOURCES)
    store = tmp_path / "store"

    first = kill_when_stored(store, folder, at_least=64)
    assert 64 <= first < SOURCES
    assert assert_consistent(store, texts)[0] == first

    second = kill_when_stored(store, folder, at_least=first + 100)
    assert first + 100 <= second < SOURCES
    assert assert_consistent(store, texts)[0] == second

    rerun = subprocess.run(
        claimcheck(store, "ingest", str(folder)), capture_output=True, text=True, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr
    # nothing ingested twice: what was there is unchanged, the rest is added
    assert f"added {SOURCES - second}, unchanged {second}, updated 0, failed 0" in rerun.stdout

    count, orphans = assert_consistent(store, texts)
    assert count == SOURCES and orphans == 0
    library = Library.open(store, HashingEmbedder())
    locations = [s.location for s in library.sources()]
    assert len(set(locations)) == SOURCES == len(locations)
    assert {source_id_for(p) for p in texts} == {s.id for s in library.sources()}
    # the vector index itself (not only Chroma's records) finds every sampled chunk
    sample = random.Random(3).sample(list(library.all_chunks()), 40)
    for chunk in sample:
        [hit] = library.vector_search(chunk.text, 1)
        assert hit.chunk.id == chunk.id
    hits = library.keyword_search("crash source 123 paragraph 1", 3)
    assert any(h.chunk.source_id == source_id_for(str(folder / "crash-0123.txt")) for h in hits)


def test_a_crash_between_vectors_and_records_leaves_no_half_source(tmp_path):
    """Vectors are written first: a crash right after them leaves orphan vectors only, which
    searches ignore and the next ingest removes."""
    folder = tmp_path / "sources"
    texts = write_sources(folder, "crash", 3)
    store = tmp_path / "store"
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from ingest.embeddings import HashingEmbedder\n"
        "from ingest.extract import extract_file\n"
        "from ingest.library import Library\n"
        "library = Library.open(Path(sys.argv[1]), HashingEmbedder())\n"
        "def crash(*args, **kwargs):\n"
        "    os.kill(os.getpid(), 9)\n"
        "library._transaction = crash\n"
        "library.add(extract_file(Path(sys.argv[2]), 10**6))\n"
    )
    path = sorted(texts)[0]
    crashed = subprocess.run(
        [sys.executable, "-c", script, str(store), path], capture_output=True, timeout=120
    )
    assert crashed.returncode == -signal.SIGKILL
    count, orphans = assert_consistent(store, texts)
    assert count == 0 and orphans > 0
    library = Library.open(store, HashingEmbedder())
    assert library.vector_search(texts[path][:200], 5) == []  # orphans are never served
    assert library.reconcile() == orphans
    library.close()
    assert assert_consistent(store, texts) == (0, 0)
