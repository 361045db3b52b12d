"""Evidence sentences: the statement spans stored at ingest, whole inside sentence-window
chunks, deduplicated across overlapping chunks, best match first."""

from __future__ import annotations

import pytest

from checker.models import Claim
from checker.retrieval.evidence import SourceCache, select_evidence
from checker.retrieval.hybrid import HybridRetriever
from checker.verify.features import load_term_weights
from ingest.embeddings import HashingEmbedder
from ingest.library import Library, pack_spans
from ingest.models import Document
from ingest.sentences import statement_spans

SENTENCES = [
    "The Velsing tunnel was completed in 2019 after six years of construction.",
    "It carries about 18,000 vehicles a day under the river.",
    "Engineers from Marlow Civil designed the ventilation system.",
    "The tunnel cost 420 million euros, twice the first estimate.",
    "A second bore is planned for 2031 but has not been funded.",
    "Tolls were abolished in 2022 after a local referendum.",
    "The old ferry service between the two banks stopped in 2020.",
    "Cyclists may use the tunnel only on Sundays.",
]
TEXT = "# The Velsing tunnel\n\n" + " ".join(SENTENCES) + "\n"


def claim(text: str) -> Claim:
    return Claim(id="c", text=text, start=0, end=len(text))


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    # small chunks with overlap: sentences are cut at chunk borders and met in two chunks
    lib = Library.open(
        tmp_path_factory.mktemp("evidence") / "store",
        HashingEmbedder(),
        chunk_size=150,
        chunk_overlap=60,
    )
    lib.add(Document(location="https://example.org/tunnel", text=TEXT, title="Tunnel"))
    lib.add(
        Document(
            location="https://example.org/other",
            text="# Gardens\n\nThe botanical garden opened a new glasshouse for cacti in 2018.\n",
            title="Gardens",
        )
    )
    yield lib
    lib.close()


def test_chunks_are_windows_of_whole_sentences_stored_with_their_source(library):
    source = next(s for s in library.sources() if s.title == "Tunnel")
    stored = library.sentences_of(source.id)
    assert stored == tuple(statement_spans(TEXT))
    assert [TEXT[s:e] for s, e in stored] == SENTENCES  # the heading states nothing to cite
    chunks = list(library.all_chunks())
    assert len([c for c in chunks if c.source_id == source.id]) > 2
    for chunk in chunks:
        if chunk.source_id != source.id:
            continue
        assert TEXT[chunk.start : chunk.end] == chunk.text
        # a chunk starts and ends on a sentence (or the heading): none is ever cut
        inside = [(s, e) for s, e in stored if s < chunk.end and e > chunk.start]
        assert all(chunk.start <= s and e <= chunk.end for s, e in inside), chunk


def test_a_source_from_an_older_library_without_stored_sentences_still_has_them(library):
    source = next(s for s in library.sources() if s.title == "Tunnel")
    stored = library.sentences_of(source.id)
    library._db.execute("DELETE FROM sentences WHERE source_id = ?", (source.id,))
    try:
        assert library.sentences_of(source.id) == stored
    finally:
        library._db.execute(
            "INSERT INTO sentences(source_id, spans) VALUES(?, ?)",
            (source.id, pack_spans(stored)),
        )


def test_every_candidate_is_a_whole_sentence_at_its_offsets(library):
    c = claim("The Velsing tunnel cost 420 million euros.")
    ranked = HybridRetriever(library).retrieve(c.text, 8)
    candidates = select_evidence(c, ranked, SourceCache(library), load_term_weights(), 20)
    assert candidates
    for cand in candidates:
        source = library.get(cand.source_id)
        assert source.text[cand.start : cand.end] == cand.quote
        assert cand.quote in SENTENCES or cand.quote.startswith(("#", "The botanical"))
        assert 0.0 <= cand.sentence_score <= 1.0
    keys = [(c.source_id, c.start, c.end) for c in candidates]
    assert len(keys) == len(set(keys))  # overlapping chunks give each sentence once
    assert candidates[0].quote == SENTENCES[3]


def test_the_best_matching_sentence_comes_first_and_the_count_is_capped(library):
    c = claim("Tolls for the tunnel were abolished after a referendum in 2022.")
    ranked = HybridRetriever(library).retrieve(c.text, 8)
    candidates = select_evidence(c, ranked, SourceCache(library), load_term_weights(), 3)
    assert len(candidates) == 3
    assert candidates[0].quote == SENTENCES[5]
    scores = [cand.sentence_score for cand in candidates]
    assert scores[0] == max(scores)
    assert all(cand.retrieval_rank >= 1 for cand in candidates)


def test_no_ranked_chunks_means_no_candidates(library):
    assert select_evidence(claim("anything"), [], SourceCache(library), load_term_weights()) == []


def test_a_source_removed_after_retrieval_is_skipped(tmp_path):
    lib = Library.open(tmp_path / "store", HashingEmbedder())
    lib.add(Document(location="https://example.org/t", text=TEXT, title="Tunnel"))
    c = claim("The Velsing tunnel was completed in 2019.")
    ranked = HybridRetriever(lib).retrieve(c.text, 4)
    lib.remove("https://example.org/t")
    assert select_evidence(c, ranked, SourceCache(lib), load_term_weights()) == []
    lib.close()


def test_long_sources_give_whole_sentences_at_their_offsets(tmp_path):
    filler = [
        f"Paragraph {i} talks about harbour number {i} and its {i + 3} cranes." for i in range(600)
    ]
    text = "# Harbours\n\n" + " ".join(filler) + " " + " ".join(SENTENCES) + "\n"
    lib = Library.open(tmp_path / "store", HashingEmbedder(), chunk_size=150, chunk_overlap=60)
    lib.add(Document(location="https://example.org/long", text=text, title="Harbours"))
    c = claim("The Velsing tunnel cost 420 million euros.")
    ranked = HybridRetriever(lib).retrieve(c.text, 8)
    candidates = select_evidence(c, ranked, SourceCache(lib), load_term_weights(), 8)
    assert candidates[0].quote == SENTENCES[3]
    source = lib.get(candidates[0].source_id)
    for cand in candidates:
        assert source.text[cand.start : cand.end] == cand.quote
        assert cand.quote in SENTENCES or cand.quote in filler
    lib.close()
