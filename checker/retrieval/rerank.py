"""Optional reranking of retrieved chunks with a cross-encoder (`--reranker NAME_OR_PATH`).

The interface is one method, `rerank(query, chunks) -> chunks` (best first). The hybrid
retriever fetches a deeper fused list when a reranker is set, reorders it with
`apply_reranker`, and keeps the top k; each chunk keeps its fused score, only its rank changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

import numpy as np

from checker.verify.cross_encoder import load_cross_encoder
from ingest.errors import ModelLoadError
from ingest.models import Chunk

if TYPE_CHECKING:
    from checker.models import RankedChunk


class Reranker(Protocol):
    id: str

    def rerank(self, query: str, chunks: Sequence[Chunk]) -> list[Chunk]: ...


class CrossEncoderReranker:
    """Scores (query, chunk text) pairs with a one-output cross-encoder (e.g. an MS MARCO one)."""

    def __init__(self, name_or_path: str, batch_size: int = 32, device: str | None = None) -> None:
        self.id = f"rerank:{name_or_path}"
        self.batch_size = batch_size
        self.model = load_cross_encoder(name_or_path, "reranker", device)
        labels = getattr(self.model, "num_labels", 1)
        if labels != 1:
            raise ModelLoadError(
                f"{name_or_path!r} is not a reranker: it has {labels} outputs (an NLI model?); "
                "a reranker is a cross-encoder with one relevance score, e.g. "
                "cross-encoder/ms-marco-MiniLM-L6-v2"
            )

    def scores(self, query: str, chunks: Sequence[Chunk]) -> np.ndarray:
        if not chunks:
            return np.zeros(0)
        raw = self.model.predict(
            [(query, c.text) for c in chunks],
            batch_size=self.batch_size,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(raw, dtype=np.float64).reshape(len(chunks))

    def rerank(self, query: str, chunks: Sequence[Chunk]) -> list[Chunk]:
        scores = self.scores(query, chunks)
        order = sorted(range(len(chunks)), key=lambda i: (-scores[i], i))
        return [chunks[i] for i in order]


def make_reranker(spec: str | None) -> Reranker | None:
    """The reranker named by the setting; None when unset (or "none")."""
    name = (spec or "").strip()
    if not name or name.lower() == "none":
        return None
    return CrossEncoderReranker(name)


def apply_reranker(
    reranker: Reranker, query: str, ranked: Sequence[RankedChunk], k: int
) -> list[RankedChunk]:
    """The top `k` of `ranked` in the reranker's order, ranks renumbered from 1."""
    if not ranked:
        return []
    by_id = {r.chunk.id: r for r in ranked}
    order = reranker.rerank(query, [r.chunk for r in ranked])
    out: list[RankedChunk] = []
    for chunk in order:
        item = by_id.pop(chunk.id, None)
        if item is not None:
            out.append(replace(item, rank=len(out) + 1))
        if len(out) == k:
            break
    return out
