"""Choose the fusion constants of hybrid retrieval on the SciFact TRAIN split.

    python scripts/choose_fusion.py [--datasets ../shared/datasets] [--store DIR]

Builds a library of the SciFact corpus with the built-in hashing embedder, retrieves for every
train claim that has gold evidence, and prints recall@5 (a gold abstract among the first five
distinct sources of the fused ranking) for a grid of RRF k and vector weights, beside BM25 and
the vectors alone. The values it found are the defaults in checker/retrieval/hybrid.py (RRF_K,
HASHING_VECTOR_WEIGHT); after changing them, retrain the verifier (scripts/train_verifier.py),
whose features include the fused rank and score. Never reads claims_dev.jsonl.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.evaluate.verdicts import ingest_corpus, load_dataset  # noqa: E402
from checker.retrieval.hybrid import HASHING_VECTOR_WEIGHT, RRF_K, rrf  # noqa: E402
from ingest.embeddings import HashingEmbedder  # noqa: E402
from ingest.library import Library  # noqa: E402

FETCH = 30  # per retriever: what HybridRetriever fetches for top_k 10
KS = (5, 10, 20, 30, 60)
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


def recall_at_5(runs, k: int, weights: tuple[float, float]) -> float:
    hits = 0
    for gold, keyword, vector in runs:
        source_of = {c.id: c.source_id for c in (*keyword, *vector)}
        fused = rrf([[c.id for c in keyword], [c.id for c in vector]], k, weights)
        top = list(dict.fromkeys(source_of[i] for i, _ in fused))[:5]
        hits += any(e in top for e in gold.evidence_ids)
    return hits / len(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--store", type=Path, default=None, help="keep the SciFact library here")
    args = parser.parse_args()
    scifact = args.datasets / "scifact"
    dataset = load_dataset(scifact, scifact / "claims_train.jsonl")
    with tempfile.TemporaryDirectory(prefix="choose-fusion-") as tmp:
        library = Library.open(args.store or Path(tmp), HashingEmbedder())
        if library.source_count() == 0:
            ingest_corpus(library, dataset.name, dataset.corpus)
        golds = [g for g in dataset.claims if g.evidence_ids]
        runs = [
            (
                g,
                [h.chunk for h in library.keyword_search(g.claim, FETCH)],
                [h.chunk for h in library.vector_search(g.claim, FETCH)],
            )
            for g in golds
        ]
        library.close()
    print(f"recall@5 over {len(runs)} SciFact train claims with gold evidence")
    print(f"BM25 alone: {recall_at_5(runs, RRF_K, (1.0, 0.0)):.3f}")
    print(f"vectors alone: {recall_at_5(runs, RRF_K, (0.0, 1.0)):.3f}")
    print("vector weight (BM25 weight 1) | " + " | ".join(f"k={k}" for k in KS))
    for w in WEIGHTS[1:]:
        row = " | ".join(f"{recall_at_5(runs, k, (1.0, w)):.3f}" for k in KS)
        print(f"{w:.2f} | {row}")
    chosen = recall_at_5(runs, RRF_K, (1.0, HASHING_VECTOR_WEIGHT))
    print(f"defaults (k={RRF_K}, vector weight {HASHING_VECTOR_WEIGHT}): {chosen:.3f}")


if __name__ == "__main__":
    main()
