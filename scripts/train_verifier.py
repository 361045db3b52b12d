"""Train the lexical verifier's relevance model and word weights; writes data/verifier/.

    python scripts/train_verifier.py [--datasets ../shared/datasets] [--store DIR]

1. Word weights (data/verifier/idf.json): document frequencies of word stems over the SciFact
   corpus (5,183 abstracts) and the CheckThat! 2019 training sentences (16,421 debate
   sentences), so both scientific and everyday words get sensible weights.
2. A library of the SciFact corpus is built (the built-in hashing embedder; kept in --store to be
   reused), and every claim of the SciFact TRAIN split is run through the same retrieval and
   evidence selection as the checker. A candidate sentence is labelled relevant when it comes
   from a gold evidence abstract of a supported or contradicted claim, irrelevant otherwise.
3. A logistic regression over the direction-free relevance features is fitted, with 5-fold
   grouped cross-validation (by claim) reported; the direction (supports vs contradicts) is not
   learned: see checker/verify/lexical.py.

Never reads claims_dev.jsonl: that split is only for reporting (scripts/eval_verifier.py).
Deterministic: the same inputs give the same files.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.models import Claim, Verdict  # noqa: E402
from checker.retrieval.evidence import SourceCache, select_evidence  # noqa: E402
from checker.retrieval.hybrid import HybridRetriever  # noqa: E402
from checker.text_utils import (  # noqa: E402
    COMMON_WORDS_FILE,
    SENTENCE_START_RE,
    normalise_quotes,
    tokenize,
)
from checker.verify.aggregate import aggregate  # noqa: E402
from checker.verify.features import (  # noqa: E402
    DATA_DIR,
    IDF_FILE,
    RELEVANCE_FEATURES,
    RELEVANCE_SIGNS,
    TermWeights,
)
from checker.verify.lexical import MODEL_FILE, LinearModel, combine, featurize  # noqa: E402
from ingest.embeddings import HashingEmbedder  # noqa: E402
from ingest.library import Library  # noqa: E402
from ingest.models import Document  # noqa: E402

TOP_K = 8
TOP_IN_DOC = 2
MIN_DF = 3
SCIFACT_URL = "https://scifact.invalid/doc/"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def build_idf(texts: list[str]) -> dict:
    df: Counter[str] = Counter()
    for text in texts:
        df.update({t.stem for t in tokenize(text) if t.is_content})
    kept = {t: n for t, n in sorted(df.items()) if n >= MIN_DF}
    return {"n_docs": len(texts), "min_df": MIN_DF, "df": kept}


def common_words(texts: list[str]) -> list[str]:
    """Words written in lower case inside a sentence at least twice, and at least as often as
    capitalised there (checker.text_utils: a capitalised first word of a sentence is a name
    unless it is one of these)."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for text in texts:
        tokens = tokenize(text)
        text = normalise_quotes(text)  # same length; SENTENCE_START_RE reads straight quotes
        for before, tok in zip(tokens, tokens[1:], strict=False):
            if tok.is_number or not tok.text.isalpha() or tok.text.isupper():
                continue
            if SENTENCE_START_RE.search(text, before.end, tok.start):
                continue  # first word of a sentence: its capital says nothing
            (lower if tok.text[0].islower() else capital)[tok.lower] += 1
    return sorted(w for w, n in lower.items() if n >= 2 and n >= capital[w])


def build_library(store: Path, corpus: list[dict]) -> tuple[Library, dict[str, str]]:
    library = Library.open(store, HashingEmbedder())
    docs = [
        Document(location=SCIFACT_URL + doc["id"], text=doc["text"], title=doc["title"])
        for doc in corpus
    ]
    doc_of_source: dict[str, str] = {}
    for i in range(0, len(docs), 500):
        for doc, outcome in zip(
            corpus[i : i + 500], library.add_many(docs[i : i + 500]), strict=True
        ):
            doc_of_source[outcome.source_id] = doc["id"]
    library.refresh_keyword_index()
    return library, doc_of_source


def _labels(candidates, doc_of_source: dict[str, str], gold: set[str]) -> list[int]:
    """1: one of the best-matching TOP_IN_DOC sentences of a gold abstract; 0: a sentence of
    another abstract; -1: another sentence of a gold abstract (left out: it may or may not be
    the rationale, SciFact's sentence labels are not in this conversion)."""
    labels = []
    for cand in candidates:
        if doc_of_source.get(cand.source_id) not in gold:
            labels.append(0)
            continue
        better = sum(
            1
            for other in candidates
            if other.source_id == cand.source_id and other.sentence_score > cand.sentence_score
        )
        labels.append(1 if better < TOP_IN_DOC else -1)
    return labels


def collect(library: Library, doc_of_source: dict[str, str], claims: list[dict], weights):
    retriever = HybridRetriever(library)
    cache = SourceCache(library)
    rows, labels, groups, meta = [], [], [], []
    per_claim = []
    for n, item in enumerate(claims):
        claim = Claim(id=item["id"], text=item["claim"], start=0, end=len(item["claim"]))
        ranked = retriever.retrieve(claim.search_text, TOP_K)
        candidates = select_evidence(claim, ranked, cache, weights, max_candidates=TOP_K)
        alignments, matrix = featurize(claim, candidates, weights)
        gold = set(item["evidence_ids"]) if item["label"] != "unverified" else set()
        for _cand, a, row, label in zip(
            candidates, alignments, matrix, _labels(candidates, doc_of_source, gold), strict=True
        ):
            rows.append(row)
            labels.append(label)
            groups.append(n)
            meta.append((item["label"], a))
        per_claim.append((claim, item["label"], candidates, alignments, gold))
    return np.asarray(rows), np.asarray(labels), np.asarray(groups), meta, per_claim


def fit(x: np.ndarray, y: np.ndarray, c: float) -> LinearModel:
    """Logistic regression (L2, strength 1/c) with each coefficient held to its sign."""
    from scipy.optimize import minimize

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    n = len(y)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        m = z @ w + b
        p = 1.0 / (1.0 + np.exp(-m))
        value = float(np.mean(np.logaddexp(0.0, m) - y * m) + 0.5 / (c * n) * w @ w)
        grad = np.append(z.T @ (p - y) / n + w / (c * n), np.mean(p - y))
        return value, grad

    bounds = [(0.0, None) if sign > 0 else (None, 0.0) for _, sign in RELEVANCE_SIGNS]
    result = minimize(
        loss, np.zeros(z.shape[1] + 1), jac=True, method="L-BFGS-B", bounds=[*bounds, (None, None)]
    )
    theta = result.x
    return LinearModel(RELEVANCE_FEATURES, mean, scale, theta[:-1].copy(), float(theta[-1]))


def cross_validate(x, y, groups, c: float, folds: int = 5) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    probs = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        train = train[y[train] >= 0]
        probs[test] = fit(x[train], y[train], c).predict(x[test])
    return probs


def claim_metrics(per_claim, probs, library: Library, threshold: float) -> dict:
    """Claim-level accuracy / macro-F1 / coverage from (cross-validated) relevance."""
    from sklearn.metrics import f1_score

    cache = SourceCache(library)
    gold, pred = [], []
    offset = 0
    for claim, label, candidates, alignments, _ in per_claim:
        p = probs[offset : offset + len(candidates)]
        offset += len(candidates)
        judgements = [combine(float(pi), a) for pi, a in zip(p, alignments, strict=True)]
        sources = {c.source_id: cache.source(c.source_id) for c in candidates}
        result = aggregate(claim, candidates, judgements, sources, threshold=threshold)
        gold.append(label)
        pred.append(result.verdict.value)
    labels = [v.value for v in Verdict]
    decided = [p != "unverified" for p in pred]
    return {
        "accuracy": float(np.mean([g == p for g, p in zip(gold, pred, strict=True)])),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro")),
        "coverage": float(np.mean(decided)),
        "precision_when_decided": float(
            np.mean([g == p for g, p, d in zip(gold, pred, decided, strict=True) if d])
        )
        if any(decided)
        else 0.0,
        "predicted": dict(Counter(pred)),
        "confusion": {
            g: {
                p: sum(1 for a, b in zip(gold, pred, strict=True) if a == g and b == p)
                for p in labels
            }
            for g in labels
        },
    }


def cue_report(meta, y) -> list[str]:
    """How often each mismatch cue fires on relevant sentences of supported / contradicted
    claims and on irrelevant sentences (a check of the hand-set direction weights)."""
    counts: dict[str, Counter] = {}
    totals: Counter = Counter()
    for (label, a), rel in zip(meta, y, strict=True):
        if rel < 0:
            continue
        group = label if rel else "irrelevant"
        totals[group] += 1
        for kind in {m.kind for m in a.mismatches if m.weight >= 0.3}:
            counts.setdefault(kind, Counter())[group] += 1
    lines = [
        f"  {'cue':<10}" + "".join(f"{g:>14}" for g in ("supported", "contradicted", "irrelevant"))
    ]
    for kind in sorted(counts):
        cells = "".join(
            f"{counts[kind][g] / max(totals[g], 1):>14.3f}"
            for g in ("supported", "contradicted", "irrelevant")
        )
        lines.append(f"  {kind:<10}{cells}")
    lines.append("  (share of relevant sentences of each claim label, and of irrelevant ones)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--store", type=Path, default=None, help="keep the SciFact library here")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    command = "python scripts/train_verifier.py " + " ".join(
        shlex.quote(a) for a in (argv or sys.argv[1:])
    )
    print("command:", command.strip())

    scifact = args.datasets / "scifact"
    corpus = read_jsonl(scifact / "corpus.jsonl")
    claims = read_jsonl(scifact / "claims_train.jsonl")
    checkthat = read_jsonl(args.datasets / "checkworthy" / "checkthat2019_train.jsonl")

    texts = [d["title"] + "\n" + d["text"] for d in corpus] + [s["text"] for s in checkthat]
    idf = build_idf(texts)
    args.out.mkdir(parents=True, exist_ok=True)
    words = common_words(texts)
    (args.out / COMMON_WORDS_FILE.name).write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"common words: {len(words)} -> {args.out / COMMON_WORDS_FILE.name}")
    idf_path = args.out / IDF_FILE.name
    idf_path.write_text(json.dumps(idf, sort_keys=True, separators=(",", ":")) + "\n")
    weights = TermWeights(idf["df"], idf["n_docs"])
    print(f"word weights: {len(idf['df'])} stems over {idf['n_docs']} texts -> {idf_path}")

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "scifact"
        t0 = time.perf_counter()
        library, doc_of_source = build_library(store, corpus)
        print(f"library: {library.chunk_count()} chunks in {time.perf_counter() - t0:.0f} s")
        t0 = time.perf_counter()
        x, y, groups, meta, per_claim = collect(library, doc_of_source, claims, weights)
        print(
            f"candidates: {len(y)} from {len(claims)} train claims, {int((y == 1).sum())} "
            f"relevant, {int((y == -1).sum())} left out "
            f"({time.perf_counter() - t0:.0f} s)"
        )
        claims_with_gold = [pc for pc in per_claim if pc[4]]
        found = sum(
            1
            for _, _, cands, _, gold in claims_with_gold
            if any(doc_of_source.get(c.source_id) in gold for c in cands)
        )
        print(
            f"evidence recall: gold abstract among candidates for {found}/{len(claims_with_gold)}"
        )

        from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

        probs = cross_validate(x, y, groups, args.c)
        known = y >= 0
        cv = {
            "auc": float(roc_auc_score(y[known], probs[known])),
            "log_loss": float(log_loss(y[known], probs[known])),
            "brier": float(brier_score_loss(y[known], probs[known])),
            "base_rate": float(y[known].mean()),
        }
        print("relevance, 5-fold CV by claim: " + ", ".join(f"{k} {v:.3f}" for k, v in cv.items()))
        for threshold in (0.4, 0.5, 0.6):
            m = claim_metrics(per_claim, probs, library, threshold)
            print(
                f"claims (train CV), threshold {threshold}: accuracy {m['accuracy']:.3f}, "
                f"macro-F1 {m['macro_f1']:.3f}, coverage {m['coverage']:.3f}, "
                f"precision when decided {m['precision_when_decided']:.3f}"
            )
            if threshold == 0.5:
                for g, row in m["confusion"].items():
                    print(f"  gold {g:<13}" + "  ".join(f"{p} {n:>3}" for p, n in row.items()))
        print("mismatch cues:")
        print("\n".join(cue_report(meta, y)))

        model = fit(x[known], y[known], args.c)
        library.close()
    artifact = {
        "id": "lexical-v1",
        "trained_on": "SciFact claims_train.jsonl (809 claims) over corpus.jsonl",
        "command": command.strip(),
        "relevance": model.to_json(),
        "cv": cv,
    }
    model_path = args.out / MODEL_FILE.name
    model_path.write_text(json.dumps(artifact, indent=1, sort_keys=True) + "\n")
    print(
        "coefficients: "
        + ", ".join(f"{n} {c:+.2f}" for n, c in zip(RELEVANCE_FEATURES, model.coef, strict=True))
    )
    print(f"model -> {model_path} ({time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
