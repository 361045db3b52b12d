"""Hybrid retrieval: BM25 and vector search over the library, fused by reciprocal rank.

Each retriever fetches more than asked for (`fetch_factor * k`) so that a chunk ranked middling
by both can still win the fusion. Fusion uses ranks only, never raw scores, so the two scales
(BM25 and cosine) never have to be reconciled.

Fusion constants, chosen on the SciFact TRAIN split by scripts/choose_fusion.py (recall@5 of gold
sources, 505 claims): with the usual k=60 and equal weights the built-in hashing vectors, a
weaker lexical signal than BM25 (0.51 alone), dragged recall@5 from 0.879 (BM25 alone) to
0.808; with k=10 and the hashing half weighted 0.5 it is 0.877-0.881 (HNSW builds vary), on a
par with BM25 alone, while a chunk only the vectors find can still come through. A model
embedder (`st:...`) is a different signal: it keeps the equal weight of standard RRF.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from checker.models import RankedChunk
from ingest.models import Chunk, ScoredChunk
from ingest.store import Store

if TYPE_CHECKING:
    from checker.retrieval.rerank import Reranker

RRF_K = 10
HASHING_VECTOR_WEIGHT = 0.5  # the vector ranking's weight when the built-in embedder made it


def rrf(
    rankings: Sequence[Sequence[str]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: each id scores the sum of weight / (k + rank) over the rankings
    (every weight 1 unless `weights` gives one per ranking).

    Pure and deterministic. An id repeated within one ranking counts at its best rank. Ties are
    broken by the best rank reached in any ranking, then by the id, so the result does not depend
    on the order of the rankings.
    """
    if k < 0:
        raise ValueError("k must be >= 0")
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings) or any(w < 0 for w in weights):
        raise ValueError("weights must be one non-negative number per ranking")
    parts: dict[str, list[float]] = {}
    best: dict[str, int] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        seen: set[str] = set()
        for rank, item in enumerate(ranking, start=1):
            if item in seen:
                continue
            seen.add(item)
            parts.setdefault(item, []).append(weight / (k + rank))
            best[item] = min(best.get(item, rank), rank)
    fused = [(item, math.fsum(scores)) for item, scores in parts.items()]
    fused.sort(key=lambda pair: (-pair[1], best[pair[0]], pair[0]))
    return fused


class Retriever(Protocol):
    def retrieve(self, query: str, k: int) -> list[RankedChunk]: ...


class HybridRetriever:
    """BM25 (library.keyword_search) + vectors (library.vector_search), fused by `rrf`."""

    def __init__(
        self,
        library: Store,
        fetch_factor: int = 3,
        rrf_k: int = RRF_K,
        reranker: Reranker | None = None,
        vector_weight: float | None = None,
    ) -> None:
        if fetch_factor < 1:
            raise ValueError("fetch_factor must be >= 1")
        self.library = library
        self.fetch_factor = fetch_factor
        self.rrf_k = rrf_k
        self.reranker = reranker  # reorders the top fetch_factor * k fused chunks
        if vector_weight is None:
            built_in = library.embedder.id.startswith("hashing")
            vector_weight = HASHING_VECTOR_WEIGHT if built_in else 1.0
        self.weights = (1.0, vector_weight)  # keyword, vector

    def retrieve(self, query: str, k: int) -> list[RankedChunk]:
        if k <= 0 or not query.strip():
            return []
        fetch = k * self.fetch_factor
        keyword = self.library.keyword_search(query, fetch)
        vector = self.library.vector_search(query, fetch)
        fused = fuse(
            [keyword, vector], k if self.reranker is None else fetch, self.rrf_k, self.weights
        )
        if self.reranker is None:
            return fused
        from checker.retrieval.rerank import apply_reranker

        return apply_reranker(self.reranker, query, fused, k)


def fuse(
    results: Sequence[Sequence[ScoredChunk]],
    k: int,
    rrf_k: int = RRF_K,
    weights: Sequence[float] | None = None,
) -> list[RankedChunk]:
    """The top `k` chunks of several ranked result lists, by `rrf` of their ids.

    `results[0]` is taken as the keyword ranking and `results[1]` as the vector ranking for the
    per-retriever ranks kept on each RankedChunk.
    """
    chunks: dict[str, Chunk] = {}
    ranks: list[dict[str, int]] = []
    for result in results:
        positions: dict[str, int] = {}
        for rank, hit in enumerate(result, start=1):
            chunks.setdefault(hit.chunk.id, hit.chunk)
            positions.setdefault(hit.chunk.id, rank)
        ranks.append(positions)
    weights = [1.0] * len(results) if weights is None else weights
    fused = rrf([[hit.chunk.id for hit in result] for result in results], rrf_k, weights)
    ceiling = (sum(weights) or 1.0) / (rrf_k + 1)
    out: list[RankedChunk] = []
    for rank, (chunk_id, score) in enumerate(fused[:k], start=1):
        out.append(
            RankedChunk(
                chunk=chunks[chunk_id],
                rank=rank,
                score=min(1.0, score / ceiling),
                keyword_rank=ranks[0].get(chunk_id) if len(ranks) > 0 else None,
                vector_rank=ranks[1].get(chunk_id) if len(ranks) > 1 else None,
            )
        )
    return out
