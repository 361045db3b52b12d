"""Train the logistic-regression check-worthiness models: the baselines of the shipped one.

    .venv/bin/python scripts/train_checkworthy.py            # into bench/.cache/checkworthy/lr
    .venv/bin/python scripts/train_checkworthy.py --exclude claimbuster.jsonl --out /tmp/m.npz

The shipped model (data/checkworthy/) is MiniLM fine-tuned by
scripts/train_checkworthy_encoder.py, which reuses this script's data, folds and weights;
these regressions are what it is measured against (bench/quality.py builds them in the same
run) and they score with the same code (`CheckworthinessModel`).

A model is trained on every `*.jsonl` of the data folder except those given with --exclude;
sentences of an excluded file are also removed from the other files (the debates overlap), so
a model built with `--exclude F` has never seen a sentence of F. With no --out, the script
builds the default model (every file) and one model per held-out file, `model-without-F.npz`:
`claimcheck eval-checkworthy F` picks the one that never saw F.

The regularisation strength and the decision threshold are chosen by grouped cross-validation
on the training data only (groups: debates for CheckThat!, blocks of 1,000 ids for
ClaimBuster, whose ids follow the debates). Deterministic: fixed folds, no random state.

Extra positives (unless --no-positives): the statements of LIAR-PLUS
(../shared/datasets/verification/liar_plus.jsonl, CC0), political claims that PolitiFact chose to
fact-check, the debates' own domain: check-worthy by the definition both collections label.
They join the training data as one more file with check-worthy sentences only, at a weight
chosen with C by the same grouped cross-validation (their own rows never scored).

Features: the hashed words and markers of checker.claims.checkworthiness, and (unless
--no-embeddings) each sentence's all-MiniLM-L6-v2 vector from the project's int8 encoder
(data/minilm), cached under bench/.cache/checkworthy so that a rerun does not embed again.
`--no-embeddings --out-dir DIR` builds the hashed-only models, the baseline of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from checker.claims.checkworthiness import (  # noqa: E402
    DEFAULT_MODEL,
    FEATURE_VERSION,
    N_FEATURES,
    CheckworthinessModel,
    featurize,
    fingerprint,
    sentence_vectors,
)
from ingest.artifacts import sha256_file  # noqa: E402
from ingest.minilm import ENCODER_DIR  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "datasets" / "checkworthy"
DEFAULT_POSITIVES = REPO.parent / "shared" / "datasets" / "verification" / "liar_plus.jsonl"
CACHE = REPO / "bench" / ".cache" / "checkworthy"
C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
FOLDS = 5
# weight of the extra positives' file against a labelled file's positives (chosen with C)
EXTRA_WEIGHTS = (0.25, 0.5, 1.0)


@dataclass(frozen=True)
class Rows:
    texts: list[str]
    labels: np.ndarray  # bool
    groups: np.ndarray  # str: "file:group"
    files: np.ndarray  # str: file name
    extra: np.ndarray  # bool: an extra positive (a file of check-worthy statements only)


def read_file(path: Path) -> tuple[list[str], list[bool], list[str]]:
    texts, labels, groups = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        texts.append(str(row["text"]))
        labels.append(bool(row["checkworthy"]))
        rid = str(row.get("id", ""))
        if ":" in rid or ".tsv" in rid:
            group = rid.split(":")[0]
        elif rid.isdigit():
            group = str(int(rid) // 1000)
        else:
            group = rid[:8]
        groups.append(f"{path.name}:{group}")
    return texts, labels, groups


def read_positives(path: Path) -> list[str]:
    """The distinct claims of a verification file (`{"claim": ...}` per line)."""
    claims = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            claim = " ".join(str(json.loads(line)["claim"]).split())
            if claim:
                claims.add(claim)
    return sorted(claims)


def load_rows(files: list[Path], excluded: list[Path], positives: list[Path] = ()) -> Rows:
    banned: set[int] = set()
    for path in excluded:
        banned.update(fingerprint(t) for t in read_file(path)[0])
    texts: list[str] = []
    labels: list[bool] = []
    groups: list[str] = []
    names: list[str] = []
    for path in files:
        t, y, g = read_file(path)
        for text, label, group in zip(t, y, g, strict=True):
            if fingerprint(text) in banned:
                continue
            texts.append(text)
            labels.append(label)
            groups.append(group)
            names.append(path.name)
    extra = [False] * len(texts)
    for path in positives:
        kept = [t for t in read_positives(path) if fingerprint(t) not in banned]
        texts.extend(kept)
        labels.extend([True] * len(kept))
        groups.extend(f"{path.name}:{i % FOLDS}" for i in range(len(kept)))
        names.extend([path.name] * len(kept))
        extra.extend([True] * len(kept))
    return Rows(texts, np.array(labels), np.array(groups), np.array(names), np.array(extra))


def sample_weights(rows: Rows, extra_weight: float = 1.0) -> np.ndarray:
    """Each file weighs the same, and within a file positives weigh as much as negatives;
    a file of extra positives weighs `extra_weight` times a labelled file's positives.

    The files label at very different rates (29% vs 3%); balancing keeps the probability
    scale comparable across them, so one threshold serves both and carries over to news.
    """
    w = np.zeros(len(rows.labels), dtype=np.float64)
    names = sorted(set(rows.files))
    for name in names:
        in_file = rows.files == name
        for label in (True, False):
            mask = in_file & (rows.labels == label)
            if mask.any():
                w[mask] = 1.0 / (2 * len(names) * mask.sum())
    w[rows.extra] *= extra_weight
    return w * len(rows.labels)


@dataclass(frozen=True)
class Fitted:
    coef: np.ndarray  # over all hashed features
    intercept: float

    def predict_proba(self, x) -> np.ndarray:  # noqa: ANN001
        z = np.asarray(x @ self.coef).ravel() + self.intercept
        p = 1.0 / (1.0 + np.exp(-z))
        return np.column_stack([1.0 - p, p])


def fit(x, y: np.ndarray, w: np.ndarray, c: float) -> Fitted:  # noqa: ANN001
    """L2 logistic regression on the columns in use (unused hashed columns stay at 0)."""
    from sklearn.linear_model import LogisticRegression

    cols = np.unique(x.indices)
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    model.fit(x[:, cols], y, sample_weight=w)
    coef = np.zeros(x.shape[1], dtype=np.float64)
    coef[cols] = model.coef_[0]
    return Fitted(coef, float(model.intercept_[0]))


def folds(groups: np.ndarray, k: int) -> list[np.ndarray]:
    """Deterministic grouped folds: groups assigned round-robin by size."""
    uniq, counts = np.unique(groups, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    fold_of = {}
    sizes = [0] * k
    for i in order:
        f = int(np.argmin(sizes))
        fold_of[uniq[i]] = f
        sizes[f] += counts[i]
    ids = np.array([fold_of[g] for g in groups])
    return [np.where(ids == f)[0] for f in range(k)]


def out_of_fold(x, rows: Rows, w: np.ndarray, c: float, k: int) -> np.ndarray:  # noqa: ANN001
    scores = np.zeros(len(rows.labels))
    groups = rows.groups
    if len(set(groups)) < k:  # too few debates: fold the sentences themselves
        groups = np.array([str(i % k) for i in range(len(groups))])
    for test in folds(groups, k):
        train = np.setdiff1d(np.arange(len(rows.labels)), test)
        if len(set(rows.labels[train])) < 2:
            scores[test] = float(rows.labels[train].mean()) if len(train) else 0.5
            continue
        model = fit(x[train], rows.labels[train], w[train], c)
        scores[test] = model.predict_proba(x[test])[:, 1]
    return scores


def best_f1_threshold(y: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    from sklearn.metrics import precision_recall_curve

    p, r, t = precision_recall_curve(y, scores)
    f1 = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-12), 0.0)[:-1]
    i = int(np.argmax(f1))
    return float(t[i]), float(f1[i])


def metrics(y: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float]:
    from sklearn.metrics import average_precision_score, precision_recall_fscore_support

    pred = scores >= threshold
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    return {
        "sentences": int(len(y)),
        "positives": int(y.sum()),
        "average_precision": round(float(average_precision_score(y, scores)), 4),
        "precision": round(float(p), 4),
        "recall": round(float(r), 4),
        "f1": round(float(f), 4),
    }


def mean_file_ap(rows: Rows, scores: np.ndarray) -> float:
    """Average precision per labelled file, averaged: each file counts the same whatever its
    size (a file of extra positives has nothing to rank)."""
    from sklearn.metrics import average_precision_score

    aps = []
    for name in sorted(set(rows.files[~rows.extra])):
        m = (rows.files == name) & ~rows.extra
        if rows.labels[m].any() and not rows.labels[m].all():
            aps.append(float(average_precision_score(rows.labels[m], scores[m])))
    return float(np.mean(aps))


def cached_vectors(texts: list[str], cache: Path = CACHE) -> np.ndarray:
    """MiniLM vectors of the sentences; each sentence is embedded once per encoder, the
    vectors kept in `cache` (keyed by the encoder's sha256 and the sentence's)."""
    import hashlib

    path = cache / f"vectors-{sha256_file(ENCODER_DIR / 'model.onnx')[:16]}.npz"
    keys = [hashlib.sha256(t.encode("utf-8")).hexdigest()[:24] for t in texts]
    known: dict[str, np.ndarray] = {}
    if path.is_file():
        with np.load(path) as data:
            known = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if missing:
        print(f"  embedding {len(missing)} sentences with MiniLM ...", flush=True)
        for (key, _), vector in zip(
            missing, sentence_vectors([t for _, t in missing]), strict=True
        ):
            known[key] = vector
        cache.mkdir(parents=True, exist_ok=True)
        np.savez(path, keys=np.array(list(known)), vectors=np.stack(list(known.values())))
    return np.stack([known[k] for k in keys])


def train(
    files: list[Path],
    excluded: list[Path],
    name: str,
    command: str,
    embeddings: bool = True,
    cache: Path = CACHE,
    positives: list[Path] = (),
) -> CheckworthinessModel:
    rows = load_rows(files, excluded, positives)
    if len(rows.labels) == 0 or rows.labels.all() or not rows.labels.any():
        raise SystemExit("need both check-worthy and other sentences to train")
    x = featurize(rows.texts)
    if embeddings:
        from scipy.sparse import csr_matrix, hstack

        x = hstack([x, csr_matrix(cached_vectors(rows.texts, cache))], format="csr")
    k = min(FOLDS, len(rows.labels))
    best = None
    for extra_weight in EXTRA_WEIGHTS if rows.extra.any() else (0.0,):
        w = sample_weights(rows, extra_weight)
        for c in C_GRID:
            scores = out_of_fold(x, rows, w, c, k)
            ap = mean_file_ap(rows, scores)
            print(
                f"  C={c:<5} extra positives x{extra_weight:<4} "
                f"CV average precision (mean over files) {ap:.4f}",
                flush=True,
            )
            if best is None or ap > best[2] + 1e-4:
                best = (c, extra_weight, ap, scores)
    c, extra_weight, _, scores = best
    w = sample_weights(rows, extra_weight)
    labelled = ~rows.extra  # thresholds and scores on the labelled files only
    threshold, _ = best_f1_threshold(rows.labels[labelled], scores[labelled])
    cv = {"pooled": metrics(rows.labels[labelled], scores[labelled], threshold)}
    for fname in sorted(set(rows.files[labelled])):
        m = (rows.files == fname) & labelled
        cv[fname] = metrics(rows.labels[m], scores[m], threshold)
    model = fit(x, rows.labels, w, c)
    info = {
        "command": command,
        "feature_version": FEATURE_VERSION,
        "embeddings": "all-MiniLM-L6-v2 (data/minilm)" if embeddings else None,
        "C": c,
        "extra_positives": sorted(set(rows.files[rows.extra])),
        "extra_weight": extra_weight,
        "folds": k,
        "threshold_rule": "max F1 on pooled grouped out-of-fold scores",
        "trained_on": sorted(set(rows.files)),
        "excluded": [p.name for p in excluded],
        "sentences": len(rows.labels),
        "cv": cv,
    }
    fps = np.unique(np.array([fingerprint(t) for t in rows.texts], dtype=np.uint32))
    return CheckworthinessModel(
        weights=model.coef[:N_FEATURES].astype(np.float32),
        embedding_weights=model.coef[N_FEATURES:].astype(np.float32) if embeddings else None,
        bias=model.intercept,
        threshold=threshold,
        name=name,
        train_files=tuple(sorted(set(rows.files))),
        train_fingerprints=fps,
        info=json.dumps(info, sort_keys=True),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of *.jsonl files")
    ap.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="FILE",
        help="train without this file (a name in --data or a path); repeatable",
    )
    ap.add_argument("--out", type=Path, help="write one model here (default: all shipped)")
    ap.add_argument("--out-dir", type=Path, default=CACHE / "lr")
    ap.add_argument(
        "--no-embeddings",
        dest="embeddings",
        action="store_false",
        help="hashed features only (the model before MiniLM: the baseline)",
    )
    ap.add_argument(
        "--positives",
        type=Path,
        action="append",
        metavar="FILE",
        help="a verification file whose claims join as check-worthy statements; repeatable "
        f"(default: {DEFAULT_POSITIVES.name})",
    )
    ap.add_argument(
        "--no-positives",
        action="store_true",
        help="no extra positives (the models before LIAR-PLUS: a baseline)",
    )
    ap.add_argument("--cache", type=Path, default=CACHE, help="where sentence vectors are kept")
    args = ap.parse_args(argv)

    command = " ".join(
        [
            ".venv/bin/python scripts/train_checkworthy.py",
            shlex.join(sys.argv[1:] if argv is None else argv),
        ]
    ).strip()
    data_files = sorted(args.data.glob("*.jsonl"))
    if not data_files:
        raise SystemExit(f"no *.jsonl files in {args.data}")
    excluded = []
    for ex in args.exclude:
        p = Path(ex)
        p = p if p.is_file() else args.data / ex
        if not p.is_file():
            raise SystemExit(f"--exclude: no such file {ex}")
        excluded.append(p.resolve())
    positives = [] if args.no_positives else (args.positives or [DEFAULT_POSITIVES])
    for p in positives:
        if not p.is_file():
            raise SystemExit(f"--positives: no such file {p} (or give --no-positives)")
    files = [p for p in data_files if p.resolve() not in excluded]
    if not files:
        raise SystemExit("every training file is excluded")

    if args.out is not None:
        jobs = [(args.out, files, excluded)]
    else:
        jobs = [(args.out_dir / DEFAULT_MODEL, files, excluded)]
        if not excluded:
            for held in data_files:
                rest = [p for p in data_files if p != held]
                if rest:
                    out = args.out_dir / f"model-without-{held.stem}.npz"
                    jobs.append((out, rest, [held.resolve()]))
    print(f"rebuild command: {command}")
    for out, train_files, ex in jobs:
        names = [p.name for p in train_files]
        print(f"training {out.name} on {names} (excluding {[p.name for p in ex]})")
        model = train(train_files, ex, out.stem, command, args.embeddings, args.cache, positives)
        model.save(out)
        meta = model.metadata
        print(
            f"  C={meta['C']} extra positives x{meta['extra_weight']} "
            f"threshold={model.threshold:.4f} sentences={meta['sentences']}"
        )
        for key, m in meta["cv"].items():
            print(f"  CV {key}: {json.dumps(m)}")
        print(f"  wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")
    if args.out is None and not excluded:
        from checker.evaluate.checkworthy import evaluate_checkworthy

        print("held-out files (what `claimcheck eval-checkworthy FILE` reports):")
        for held in data_files:
            r = evaluate_checkworthy(held, models_dir=args.out_dir)
            print(f"  {held.name}: model={r.model} {json.dumps(r.summary())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
