"""Evidence sentences: located in the stored source text, completed across chunk borders,
deduplicated across overlapping chunks, best match first."""

from __future__ import annotations

import pytest

from checker.evidence import WHOLE_SOURCE_CHARS, SourceCache, chunk_sentences, select_evidence
from checker.features import load_term_weights
from checker.models import Claim
from checker.retrieval import HybridRetriever
from ingest.embeddings import HashingEmbedder
from ingest.library import Library
from ingest.models import Chunk, Document

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


def test_a_sentence_cut_by_a_chunk_border_is_completed_from_the_source():
    start = TEXT.index("18,000")  # a chunk starting mid-sentence and ending mid-sentence
    end = TEXT.index("ventilation")
    chunk = Chunk("c1", "s1", 0, start, end, TEXT[start:end])
    spans = chunk_sentences(TEXT, chunk)
    quotes = [TEXT[s:e] for s, e in spans]
    assert quotes == [SENTENCES[1], SENTENCES[2]]


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


def test_long_sources_are_split_around_each_chunk_with_the_same_result(tmp_path):
    # past WHOLE_SOURCE_CHARS a source is split one chunk window at a time
    filler = [
        f"Paragraph {i} talks about harbour number {i} and its {i + 3} cranes." for i in range(600)
    ]
    text = "# Harbours\n\n" + " ".join(filler) + " " + " ".join(SENTENCES) + "\n"
    assert len(text) > WHOLE_SOURCE_CHARS
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
