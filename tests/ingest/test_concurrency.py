"""Several processes on one store folder: two ingests and a check at once, a long-lived reader
(the web app) while another process writes, and the message of a process that must wait.

Embedded Chroma keeps a per-process copy of its vector index; without the store lock and the
reopen on a foreign write, two writers lose each other's vectors (seen: "Error finding id" on
query, and chunks that are in SQLite but never found by the index).
"""

from __future__ import annotations

import fcntl
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.embeddings import HashingEmbedder
from ingest.library import Library
from ingest.models import Document
from tests.synthetic_sources import WORDS, claimcheck, stored_sources, write_sources

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"

READER = """
import json, sys, time
from pathlib import Path
from ingest.embeddings import HashingEmbedder
from ingest.library import Library
library = Library.open(Path(sys.argv[1]), HashingEmbedder())
until = time.monotonic() + float(sys.argv[2])
rounds = hits = 0
while time.monotonic() < until:
    for found in (library.vector_search("river bridge budget", 5),
                  library.keyword_search("council railway station", 5)):
        for hit in found:
            source = library.get(hit.chunk.source_id)
            assert source.text[hit.chunk.start:hit.chunk.end] == hit.chunk.text
            hits += 1
    rounds += 1
print(json.dumps({"rounds": rounds, "hits": hits}))
"""


def assert_whole(store: Path, expected_sources: int) -> None:
    """Every chunk in SQLite has its vector, no orphans, and the vector index finds chunks."""
    library = Library.open(store, HashingEmbedder())
    try:
        assert library.source_count() == expected_sources
        chunks = list(library.all_chunks())
        ids = [c.id for c in chunks]
        assert len(ids) == len(set(ids)) == library.chunk_count()
        assert sum(s.chunk_count for s in library.sources()) == len(ids)
        got = library._collection.get(ids=ids, include=[])["ids"]
        assert len(got) == len(ids), f"{len(ids) - len(got)} chunks have no vector"
        assert library._collection.count() == len(ids), "orphan vectors"
        for chunk in random.Random(5).sample(chunks, min(60, len(chunks))):
            [hit] = library.vector_search(chunk.text, 1)
            assert hit.chunk.id == chunk.id, "the vector index lost a chunk"
    finally:
        library.close()


@pytest.mark.timeout(900)
def test_two_ingests_and_a_check_at_once(tmp_path):
    store = tmp_path / "store"
    first, second = tmp_path / "a", tmp_path / "b"
    write_sources(first, "alpha", 200)
    write_sources(second, "beta", 200)
    demo = subprocess.run(
        claimcheck(store, "ingest", str(DEMO / "sources")), capture_output=True, timeout=300
    )
    assert demo.returncode == 0, demo.stderr
    demo_sources = len(list((DEMO / "sources").iterdir()))
    # both ingests also take the same 20 files: each must end up stored once
    shared = tmp_path / "shared"
    write_sources(shared, "gamma", 20)

    def start(*args: str) -> subprocess.Popen:
        return subprocess.Popen(
            claimcheck(store, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    ingests = [start("ingest", str(first), str(shared)), start("ingest", str(second), str(shared))]
    time.sleep(1.0)  # let them start writing before the check reads
    check = start("check", str(DEMO / "article.md"), "--format", "json", "--no-save")
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(store), "8"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    outputs = [p.communicate(timeout=600) for p in (*ingests, check, reader)]
    for process, (_out, err) in zip((*ingests, check, reader), outputs, strict=True):
        assert process.returncode == 0, err[-2000:]
    for out, _ in outputs[:2]:
        assert "failed 0" in out
    added = sum(int(out.split("added ")[-1].split(",")[0]) for out, _ in outputs[:2])
    assert added == 420  # the shared 20 were added by one ingest, unchanged for the other

    report = json.loads(outputs[2][0])
    assert report["claims"]
    reads = json.loads(outputs[3][0])
    assert reads["rounds"] > 0 and reads["hits"] > 0

    assert_whole(store, demo_sources + 420)


def test_a_long_lived_reader_sees_what_another_process_wrote(tmp_path):
    """The web app keeps its Library open while the command line ingests and updates."""
    store = tmp_path / "store"
    folder = tmp_path / "docs"
    write_sources(folder, "delta", 30)
    app = Library.open(store, HashingEmbedder())
    app.add(Document(location=str(tmp_path / "note.txt"), text="The ferry timetable changed."))
    assert app.vector_search("ferry timetable", 3)  # index loaded in this process
    page = folder / "delta-0007.txt"

    run = subprocess.run(
        claimcheck(store, "ingest", str(folder)), capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    text = page.read_text()
    [hit] = app.vector_search(text[:300], 1)
    assert hit.chunk.source_id == app.get(str(page)).id
    assert app.keyword_search("delta source 7 paragraph 1", 5)

    # the app has this page's text cached; the command line changes it
    cached = app.chunks([hit.chunk.id])[0]
    assert cached.text == text[cached.start : cached.end]
    page.write_text("Correction: the river bridge opened in March.\n\n" + text)
    update = subprocess.run(
        claimcheck(store, "ingest", str(page)), capture_output=True, text=True, timeout=300
    )
    assert "updated 1" in update.stdout, update.stderr
    fresh = app.keyword_search("correction", 1)[0].chunk  # a word only the new text has
    source = app.get(str(page))
    assert fresh.source_id == source.id and fresh.start == 0
    assert fresh.text == source.text[fresh.start : fresh.end]  # not a slice of the cached text
    assert fresh.text.startswith("Correction: the river bridge opened in March.")
    assert app.chunks([hit.chunk.id]) == []  # the old chunks went with the old text
    # and the app writes on top without losing what the other process added
    app.add(Document(location=str(tmp_path / "late.txt"), text="A late note on the ferry."))
    app.close()
    assert_whole(store, 32)


def test_a_process_that_finds_the_store_busy_says_so_and_waits(tmp_path):
    store = tmp_path / "store"
    folder = tmp_path / "docs"
    write_sources(folder, "epsilon", 5)
    Library.open(store, HashingEmbedder()).close()
    with open(store / "write.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = subprocess.Popen(
            claimcheck(store, "ingest", str(folder)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert waiting.stderr is not None
        said = waiting.stderr.readline()  # blocks until it speaks; the lock is still held
        assert "waiting for another claimcheck process to finish writing" in said
        time.sleep(1)
        assert waiting.poll() is None, "it did not wait for the lock"
        assert stored_sources(store) == 0
        fcntl.flock(held, fcntl.LOCK_UN)
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "added 5" in out


def test_two_library_objects_in_one_process_stay_consistent(tmp_path):
    """Two sessions of the web app may each hold a Library of the same store."""
    store = tmp_path / "store"
    one = Library.open(store, HashingEmbedder())
    two = Library.open(store, HashingEmbedder())
    rng = random.Random(11)
    for i in range(60):
        writer = one if i % 2 else two
        words = " ".join(rng.choice(WORDS) for _ in range(200))
        writer.add(Document(location=str(tmp_path / f"doc-{i}.txt"), text=f"Doc {i}: {words}"))
        reader = two if i % 2 else one
        assert reader.vector_search(f"Doc {i}: {words}", 1)[0].chunk.source_id
    one.close()
    two.close()
    assert_whole(store, 60)
