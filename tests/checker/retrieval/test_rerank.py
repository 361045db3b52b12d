"""The optional cross-encoder reranker (`--reranker NAME_OR_PATH`) inside hybrid retrieval."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from checker.retrieval.hybrid import HybridRetriever
from checker.retrieval.rerank import CrossEncoderReranker, make_reranker
from ingest.errors import ModelLoadError
from ingest.models import Chunk

SENTENCES = [
    "Kestrel-3.5 was trained on 14.2 million documents.",
    "The model was released by Aurora Labs in March 2024.",
    "It answers questions in English and French.",
    "Kestrel-3.5 runs on a single laptop.",
    "The company released it in June 2023.",
    "Kestrel-3.5 was not trained on French documents.",
    "Aurora Labs trained the model on a laptop.",
    "Forum notes on the Kestrel-3.5 model card.",
]
DOCS = [(f"https://example.org/doc{i}", f"{text}\n") for i, text in enumerate(SENTENCES)]


class PreferLocation:
    """A reranker that puts the chunks of one source first (a stand-in for relevance)."""

    id = "prefer"

    def __init__(self, source_id: str) -> None:
        self.source_id = source_id
        self.seen: list[int] = []

    def rerank(self, query: str, chunks: Sequence[Chunk]) -> list[Chunk]:
        self.seen.append(len(chunks))
        return sorted(chunks, key=lambda c: c.source_id != self.source_id)


@pytest.fixture
def library(library_of):
    return library_of(DOCS)


def test_the_reranker_orders_a_deeper_fused_list_and_keeps_k(library):
    query = "Kestrel-3.5 was trained on documents"
    plain = HybridRetriever(library, fetch_factor=3).retrieve(query, 2)
    # what a reranked retrieve(query, 2) sees: 6 hits from each search, fused, top 6
    everything = HybridRetriever(library, fetch_factor=1).retrieve(query, 6)
    last = everything[-1].chunk  # ranked 6th without a reranker: not in the top 2
    assert last.id not in {r.chunk.id for r in plain}
    reranker = PreferLocation(last.source_id)
    ranked = HybridRetriever(library, fetch_factor=3, reranker=reranker).retrieve(query, 2)
    assert reranker.seen == [6]  # it saw fetch_factor * k fused chunks
    assert [r.rank for r in ranked] == [1, 2]
    assert ranked[0].chunk.id == last.id  # promoted from 6th to 1st
    fused_score = {r.chunk.id: r.score for r in everything}
    assert ranked[0].score == fused_score[last.id]  # fused score kept, only the rank changed


def test_a_cross_encoder_reranker_follows_its_model_scores(reranker_model, library):
    reranker = make_reranker(str(reranker_model))
    assert isinstance(reranker, CrossEncoderReranker)
    query = "Kestrel-3.5 trained"
    fused = HybridRetriever(library, fetch_factor=1).retrieve(query, 6)
    chunks = [r.chunk for r in fused]
    scores = reranker.scores(query, chunks)
    assert len(set(scores.round(6))) > 1  # random weights, but not constant
    expected = [chunks[i].id for i in sorted(range(len(chunks)), key=lambda i: -scores[i])]
    assert expected != [c.id for c in chunks]  # the model changes the order
    assert [c.id for c in reranker.rerank(query, chunks)] == expected
    ranked = HybridRetriever(library, fetch_factor=1, reranker=reranker).retrieve(query, 6)
    assert [r.chunk.id for r in ranked] == expected


def test_no_reranker_unless_named_and_an_nli_model_is_refused(nli_model):
    assert make_reranker(None) is None and make_reranker(" ") is None
    assert make_reranker("none") is None
    nli = nli_model({0: "contradiction", 1: "entailment", 2: "neutral"}, 1)
    with pytest.raises(ModelLoadError, match="not a reranker"):
        make_reranker(str(nli))
