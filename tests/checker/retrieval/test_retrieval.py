"""Reciprocal-rank fusion (pure) and hybrid retrieval over a real library."""

from __future__ import annotations

import copy

import pytest

from checker.retrieval.hybrid import HybridRetriever, rrf
from tests.checker.conftest import make_library


def test_rrf_sums_reciprocal_ranks_and_orders_best_first():
    fused = rrf([["a", "b", "c"], ["b", "c", "d"]], k=60)
    ids = [item for item, _ in fused]
    assert ids == ["b", "c", "a", "d"]  # b is 2nd and 1st, c 3rd and 2nd, a only 1st
    scores = dict(fused)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 61)
    assert [s for _, s in fused] == sorted((s for _, s in fused), reverse=True)


def test_rrf_is_pure_and_ignores_the_order_of_the_rankings():
    rankings = [["x", "y", "z"], ["z", "w"], ["y"]]
    before = copy.deepcopy(rankings)
    first = rrf(rankings)
    assert rankings == before  # inputs untouched
    assert rrf(rankings) == first  # same answer twice
    assert rrf(list(reversed(rankings))) == first


def test_rrf_ties_are_broken_by_best_rank_then_id():
    # "a" and "b" each appear once at rank 1; "c" and "d" once at rank 2: equal scores
    fused = rrf([["b", "d"], ["a", "c"]])
    assert [item for item, _ in fused] == ["a", "b", "c", "d"]
    assert fused[0][1] == fused[1][1]


def test_rrf_counts_an_id_repeated_in_one_ranking_once():
    assert dict(rrf([["a", "a", "b"]], k=60))["a"] == pytest.approx(1 / 61)


def test_rrf_weights_scale_each_ranking():
    rankings = [["a", "b", "c"], ["c", "b", "a"]]
    assert [i for i, _ in rrf(rankings, k=10)] == ["a", "c", "b"]  # a and c tie, by id
    weighted = rrf(rankings, k=10, weights=[1.0, 0.5])
    assert [i for i, _ in weighted] == ["a", "b", "c"]  # the first ranking leads
    assert dict(weighted)["a"] == pytest.approx(1 / 11 + 0.5 / 13)
    assert [i for i, _ in rrf(rankings, k=10, weights=[1.0, 0.0])] == ["a", "b", "c"]
    for bad in ([1.0], [1.0, -0.5]):
        with pytest.raises(ValueError):
            rrf(rankings, weights=bad)


def test_rrf_k_sets_how_much_the_top_ranks_dominate():
    rankings = [["solo", "x1", "x2", "x3"], ["x4", "x5", "x6", "both"], ["x7", "x8", "x9", "both"]]
    # small k: one first place beats two fourth places; large k: agreement wins
    assert rrf(rankings, k=1)[0][0] == "solo"
    assert rrf(rankings, k=60)[0][0] == "both"
    with pytest.raises(ValueError):
        rrf(rankings, k=-1)


def test_rrf_of_nothing_is_empty():
    assert rrf([]) == []
    assert rrf([[], []]) == []


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    docs = [
        (
            f"https://example.org/doc{i}",
            f"# Report {i}\n\nThe harbour of town {i} handled {i * 1000} containers in 2023. "
            f"Its cranes were built by company {i}.\n",
        )
        for i in range(12)
    ]
    docs.append(
        (
            "https://example.org/bridge",
            "# Bridge\n\nThe Zarnovic bridge opened to traffic on 3 May 2021 after four years "
            "of work.\n",
        )
    )
    lib = make_library(tmp_path_factory.mktemp("retrieval") / "store", docs)
    yield lib
    lib.close()


def test_hybrid_retrieval_returns_k_ranked_chunks_from_the_library(library):
    ranked = HybridRetriever(library).retrieve("When did the Zarnovic bridge open?", 5)
    assert 1 <= len(ranked) <= 5
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert ranked[0].chunk.source_id == library.get("https://example.org/bridge").id
    assert ranked[0].keyword_rank == 1 and ranked[0].vector_rank is not None
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    for r in ranked:
        source = library.get(r.chunk.source_id)
        assert source.text[r.chunk.start : r.chunk.end] == r.chunk.text


def test_a_chunk_first_in_both_retrievers_scores_one(library):
    ranked = HybridRetriever(library).retrieve("Zarnovic bridge opened to traffic", 3)
    assert ranked[0].keyword_rank == ranked[0].vector_rank == 1
    assert ranked[0].score == pytest.approx(1.0)


def test_empty_query_or_k_gives_nothing(library):
    retriever = HybridRetriever(library)
    assert retriever.retrieve("   ", 5) == []
    assert retriever.retrieve("harbour", 0) == []
    with pytest.raises(ValueError):
        HybridRetriever(library, fetch_factor=0)
