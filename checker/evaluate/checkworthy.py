"""`claimcheck eval-checkworthy FILE`: how well the check-worthiness model ranks and labels.

FILE is JSONL, one `{"id", "text", "checkworthy"}` per line. A model is never evaluated on
sentences it was trained on: each model records fingerprints of its training sentences, and
the evaluation picks the model of the folder (`--models`, default: the shipped one) that saw
the fewest of FILE's sentences. The shipped model was trained on both debate collections;
`scripts/train_checkworthy_encoder.py` builds one model per collection left out, in
HELDOUT_HINT (`model-without-claimbuster` for claimbuster.jsonl...). Sentences the chosen
model saw are left out of the evaluation and counted in `excluded_seen`; if it saw most of the
file, nothing is scored and the error says how to build a model that did not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, StrictBool

from checker.claims.checkworthiness import DEFAULT_DIR, CheckworthinessModel, available_models
from checker.evaluate.jsonl import read_jsonl
from ingest.artifacts import REBUILD
from ingest.errors import ExtractionError, ModelLoadError, UnsupportedSourceError

# where scripts/train_checkworthy_encoder.py leaves its held-out models (not shipped)
HELDOUT_HINT = "bench/.cache/checkworthy/encoder-heldout"


@dataclass(frozen=True)
class SentenceScore:
    id: str
    score: float
    predicted: bool
    label: bool


@dataclass(frozen=True)
class CheckworthyEval:
    sentences: int
    average_precision: float
    precision: float
    recall: float
    f1: float
    threshold: float
    model: str = ""
    excluded_seen: int = 0
    scores: tuple[SentenceScore, ...] = field(default=(), repr=False, compare=False)

    def summary(self) -> dict[str, float | int | str]:
        return {
            "sentences": self.sentences,
            "average_precision": self.average_precision,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "threshold": self.threshold,
            "model": self.model,
            "excluded_seen": self.excluded_seen,
        }


class CheckworthyRow(BaseModel):
    """A line of a check-worthiness file (other keys are ignored)."""

    model_config = ConfigDict(coerce_numbers_to_str=True)

    text: str
    checkworthy: StrictBool
    id: str | None = None


def read_checkworthy(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    """ids, texts and labels of a check-worthiness JSONL file."""
    if not path.is_file():
        raise UnsupportedSourceError(f"no such file: {path}")
    rows = read_jsonl(path, CheckworthyRow, ExtractionError)
    if not rows:
        raise ExtractionError(f"{path} has no sentences")
    ids = [row.id if row.id is not None else str(n) for n, row in rows]
    return ids, [row.text for _, row in rows], np.array([r.checkworthy for _, r in rows], bool)


def choose_model(
    texts: list[str], directory: Path = DEFAULT_DIR
) -> tuple[CheckworthinessModel, np.ndarray]:
    """The shipped model that saw the fewest of these sentences, and which of them it saw."""
    best: tuple[CheckworthinessModel, np.ndarray] | None = None
    for path in available_models(directory):
        model = CheckworthinessModel.load(path)
        seen = model.seen(texts)
        if best is None or seen.sum() < best[1].sum():
            best = (model, seen)
        if not seen.any():
            break
    if best is None:
        raise ModelLoadError(f"no check-worthiness model in {directory}; {REBUILD}")
    return best


def binary_scores(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float]:
    """Average precision of `scores`, and precision, recall and F1 of `scores >= threshold`
    (scikit-learn's metrics; an empty division counts 0)."""
    from sklearn.metrics import average_precision_score, precision_recall_fscore_support

    labels = np.asarray(labels, dtype=bool)
    pred = np.asarray(scores) >= threshold
    precision, recall, f1, _ = precision_recall_fscore_support(
        labels, pred, average="binary", pos_label=True, zero_division=0
    )
    return {
        "average_precision": float(average_precision_score(labels, scores))
        if labels.any()
        else 0.0,
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
    }


def evaluate_checkworthy(
    path: Path, model: CheckworthinessModel | None = None, models_dir: Path = DEFAULT_DIR
) -> CheckworthyEval:
    """Average precision, and precision/recall/F1 at the model's threshold, on FILE.

    With `model` given it is used as is; otherwise the model of `models_dir` that never saw
    FILE's sentences (see the module docstring).
    """
    ids, texts, labels = read_checkworthy(Path(path))
    if model is None:
        model, seen = choose_model(texts, models_dir)
    else:
        seen = np.zeros(len(texts), dtype=bool)
    keep = ~seen
    if seen.mean() > 0.5:  # what is left would not be the file: say so, score nothing
        raise ModelLoadError(
            f"every model in {models_dir} was trained on most sentences of {path.name}; "
            "build models that never saw it with `python scripts/train_checkworthy_encoder.py` "
            f"and pass `--models {HELDOUT_HINT}`"
        )
    kept_ids = [i for i, k in zip(ids, keep, strict=True) if k]
    kept_texts = [t for t, k in zip(texts, keep, strict=True) if k]
    y = labels[keep]
    scores = model.score(kept_texts)
    m = binary_scores(y, scores, model.threshold)
    per_sentence = tuple(
        SentenceScore(i, round(float(s), 6), bool(s >= model.threshold), bool(lab))
        for i, s, lab in zip(kept_ids, scores, y, strict=True)
    )
    return CheckworthyEval(
        sentences=int(keep.sum()),
        average_precision=round(m["average_precision"], 4),
        precision=round(m["precision"], 4),
        recall=round(m["recall"], 4),
        f1=round(m["f1"], 4),
        threshold=round(model.threshold, 4),
        model=model.name,
        excluded_seen=int(seen.sum()),
        scores=per_sentence,
    )


def write_scores(result: CheckworthyEval, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for s in result.scores:
            row = {"id": s.id, "score": s.score, "predicted": s.predicted, "checkworthy": s.label}
            fh.write(json.dumps(row) + "\n")


def run_eval_checkworthy(
    path: Path, as_json: bool, scores_out: Path | None, models_dir: Path = DEFAULT_DIR
) -> str:
    """What `claimcheck eval-checkworthy` prints; writes per-sentence scores when asked."""
    if not Path(models_dir).is_dir():
        raise UnsupportedSourceError(f"--models: no such folder {models_dir}")
    result = evaluate_checkworthy(Path(path), models_dir=Path(models_dir))
    if scores_out is not None:
        write_scores(result, Path(scores_out))
    if as_json:
        return json.dumps(result.summary())
    lines = [
        f"check-worthiness on {Path(path).name}: {result.sentences:,} sentences, "
        f"model {result.model}",
        f"  average precision  {result.average_precision:.4f}",
        f"  precision          {result.precision:.4f}",
        f"  recall             {result.recall:.4f}",
        f"  F1                 {result.f1:.4f}",
        f"  threshold          {result.threshold:.4f}",
    ]
    if result.excluded_seen:
        lines.append(f"  left out {result.excluded_seen:,} sentences the model was trained on")
    if scores_out is not None:
        lines.append(f"  per-sentence scores: {scores_out}")
    return "\n".join(lines)
