"""The library on a real embedded Chroma: files, offsets, ids, remove, embedder mismatch, PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.embeddings import HashingEmbedder
from ingest.errors import EmbedderMismatchError, NotFoundError
from ingest.library import Library
from ingest.models import OutcomeStatus
from ingest.pipeline import ingest_sources

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "sources"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library.open(tmp_path / "store", HashingEmbedder(), chunk_size=300, chunk_overlap=50)


def test_every_chunk_is_its_source_text_at_its_offsets(library):
    summary = ingest_sources(library, [str(DEMO)])
    assert summary.count(OutcomeStatus.ADDED) == len(list(DEMO.iterdir()))
    for source in library.sources():
        full = library.get(source.id)
        chunks = library._chunks_of(full)
        assert len(chunks) == source.chunk_count > 0
        for chunk in chunks:
            assert full.text[chunk.start : chunk.end] == chunk.text
        # chunks cover the text: no gap between consecutive chunks
        for before, after in zip(chunks, chunks[1:], strict=False):
            assert after.start <= before.end + 2


def test_ids_are_content_hashes_and_stable_across_stores(tmp_path):
    a = Library.open(tmp_path / "a", HashingEmbedder())
    b = Library.open(tmp_path / "b", HashingEmbedder())
    ingest_sources(a, [str(DEMO)])
    ingest_sources(b, [str(DEMO)])
    ids = lambda lib: sorted(c.id for c in lib.all_chunks())  # noqa: E731
    assert ids(a) == ids(b)
    assert sorted(s.id for s in a.sources()) == sorted(s.id for s in b.sources())


def test_remove_by_id_or_path_deletes_all_chunks(library):
    ingest_sources(library, [str(DEMO)])
    target = DEMO / "kestrel-3.5-model-card.md"
    source = library.get(str(target))
    total = library.chunk_count()
    removed = library.remove(str(target))
    assert removed.id == source.id
    assert library.chunk_count() == total - source.chunk_count
    assert library._collection.count() == library.chunk_count()
    with pytest.raises(NotFoundError):
        library.get(source.id)
    hits = library.keyword_search("Kestrel-3.5 downloads model card", 20)
    assert all(h.chunk.source_id != source.id for h in hits)
    with pytest.raises(NotFoundError):
        library.remove("no-such-source")


def test_searches_find_the_relevant_chunk(library):
    ingest_sources(library, [str(DEMO)])
    for search in (library.keyword_search, library.vector_search):
        hits = search("Kestrel Commons governance votes charter", 5)
        assert hits, search.__name__
        assert any("charter" in library.get(h.chunk.source_id).location for h in hits[:2])


def test_other_embedder_gives_a_clear_error(tmp_path):
    store = tmp_path / "store"
    ingest_sources(Library.open(store, HashingEmbedder(384)), [str(DEMO)])
    with pytest.raises(EmbedderMismatchError) as info:
        Library.open(store, HashingEmbedder(256))
    message = str(info.value)
    assert "hashing-v1-384" in message and "claimcheck reindex" in message
    # nothing was lost: the library still opens with its own embedder
    assert Library.open(store, HashingEmbedder(384)).source_count() == len(list(DEMO.iterdir()))


def test_reindex_rebuilds_vectors_with_a_new_embedder(tmp_path):
    store = tmp_path / "store"
    library = Library.open(store, HashingEmbedder(384))
    ingest_sources(library, [str(DEMO)])
    count = library.chunk_count()
    assert library.reindex(HashingEmbedder(256)) == count
    reopened = Library.open(store, HashingEmbedder(256))
    assert reopened.built_with() == "hashing-v1-256"
    assert reopened.vector_search("closed flagship model API", 3)


def test_pdf_made_by_the_test_keeps_page_numbers(tmp_path, library):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Lumen annual report 2025")
    for page_text in (
        "Lumen models were downloaded 2.7 million times in 2025.",
        "The institute employed 212 researchers at the end of the year.",
    ):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, page_text)
    path = tmp_path / "report.pdf"
    pdf.output(str(path))

    [outcome] = ingest_sources(library, [str(path)]).outcomes
    assert outcome.status is OutcomeStatus.ADDED, outcome.reason
    source = library.get(outcome.source_id)
    assert source.title == "Lumen annual report 2025"
    assert len(source.page_starts) == 2
    offset = source.text.index("212 researchers")
    assert source.page_of(offset) == 2
    assert source.page_of(source.text.index("2.7 million")) == 1


def test_crash_leftovers_are_cleaned_and_never_surface(library):
    ingest_sources(library, [str(DEMO)])
    # vectors written without their SQLite records, as a kill -9 between the two steps leaves
    import numpy as np

    library._collection.upsert(
        ids=["orphan-1", "orphan-2"],
        embeddings=np.ones((2, library.embedder.dim), dtype=np.float32),
        metadatas=[{"source_id": "gone"}, {"source_id": "gone"}],
    )
    hits = library.vector_search("anything at all", 50)
    assert all(h.chunk.source_id != "gone" for h in hits)
    assert library.reconcile() == 2
    assert library._collection.count() == library.chunk_count()


def test_unsupported_and_missing_files_fail_with_reasons(tmp_path, library):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "empty.txt").write_text("   \n")
    summary = ingest_sources(
        library,
        [str(tmp_path / "notes.docx"), str(tmp_path / "empty.txt"), str(tmp_path / "nope.md")],
    )
    reasons = [o.reason for o in summary.outcomes]
    assert "unsupported file type .docx" in reasons[0]
    assert "empty file" in reasons[1]
    assert "no such file" in reasons[2]
