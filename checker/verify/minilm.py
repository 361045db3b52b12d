"""The default verifier: all-MiniLM-L6-v2 fine-tuned by the project as a cross-encoder, and a
small calibrated final stage that also reads the explicit mismatch signals.

1. **Cross-encoder** (`data/verifier_minilm/cross-encoder.onnx`, int8, run with onnxruntime):
   the evidence sentence and the claim read together, three logits (supports, contradicts,
   neutral). Fine-tuned from the pinned MiniLM on the human-labelled pairs of
   ../shared/datasets/verification and SciFact train (`scripts/train_verifier_minilm.py`).
2. **Explicit mismatches** (`checker.verify.features`, the lexical verifier's analysis): weighted
   word coverage, missing names and figures, and the strength of each kind of clash (number, date,
   negation, antonym, name). A model reads meaning but misses a changed figure; these do not.
3. **Final stage** (`head.npz`): a logistic regression over both (or the cross-encoder's own
   softmax, whichever won leave-one-dataset-out validation), with a temperature, and the
   decision threshold that travels with the model and replaces the aggregation's default: below
   it, the verifier abstains.

The data mix is fixed; the final stage, temperature and threshold were chosen on held-out
datasets (the table in `data/verifier_minilm/README.md`), never on the set they are scored on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from checker.models import Candidate, Claim, Judgement, judged_text
from checker.retrieval.evidence import context_of
from checker.text_utils import profile
from checker.verify.features import (
    Alignment,
    TermWeights,
    best_alignment,
    claim_profiles,
    contradiction_strength,
    load_term_weights,
)
from ingest.artifacts import checked_manifest, data_path
from ingest.errors import ModelLoadError
from ingest.minilm import OnnxEncoder

HEAD_DIR = data_path("verifier_minilm")
CROSS_FILE = "cross-encoder.onnx"
HEAD_FILE = "head.npz"
CONFIG_FILE = "config.json"
FEATURES_VERSION = 3
MAX_PAIR_TOKENS = 128  # (evidence, claim) word pieces, as in training
CLASSES = ("supports", "contradicts", "neutral")  # the order of every output
MISMATCH_KINDS = ("number", "date", "negation", "antonym", "entity")
STAGE_WITH_MISMATCHES = "cross-encoder + mismatch features"


def lexical_row(a: Alignment) -> list[float]:
    """The explicit signals of one pair: coverage, what is missing, and each kind of clash."""
    kinds = dict.fromkeys(MISMATCH_KINDS, 0.0)
    for m in a.mismatches:
        if m.kind in kinds:
            kinds[m.kind] = max(kinds[m.kind], m.weight)
    return [
        a.coverage,
        a.coverage_plain,
        a.precision,
        a.bigrams,
        a.missing_max,
        a.entities_missing,
        a.numbers_missing,
        a.numbers_agree,
        contradiction_strength(a.mismatches),
        *kinds.values(),
    ]


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Head:
    """Standardise, affine layers (ReLU between), softmax with a temperature."""

    mean: np.ndarray
    scale: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    temperature: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if rows.size == 0:
            return np.zeros((0, len(CLASSES)))
        h = (rows - self.mean) / self.scale
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            h = h @ w + b
            if i < len(self.weights) - 1:
                h = np.maximum(h, 0.0)
        return softmax(h / self.temperature)

    def save(self, path: Path) -> None:
        arrays = {"mean": self.mean, "scale": self.scale, "temperature": self.temperature}
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            arrays[f"w{i}"], arrays[f"b{i}"] = w, b
        np.savez(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> Head:
        with np.load(path) as data:
            layers = sum(1 for k in data.files if k.startswith("w"))
            return cls(
                mean=data["mean"],
                scale=data["scale"],
                weights=tuple(data[f"w{i}"] for i in range(layers)),
                biases=tuple(data[f"b{i}"] for i in range(layers)),
                temperature=float(data["temperature"]),
            )


@lru_cache(maxsize=2)
def load_head(folder: str = str(HEAD_DIR)) -> tuple[Head, dict, OnnxEncoder]:
    """The final stage, its config and the cross-encoder, after checking every sha256."""
    path = Path(folder)
    manifest = checked_manifest(path, "MiniLM verifier")
    try:
        config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
        head = Head.load(path / HEAD_FILE)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelLoadError(
            f"cannot read the MiniLM verifier in {path}: {exc}; rebuild it with `make train`"
        ) from exc
    if config.get("features_version") != FEATURES_VERSION:
        raise ModelLoadError(
            f"the MiniLM verifier in {path} was trained for another version of claimcheck; "
            "rebuild it with `make train`"
        )
    cross = OnnxEncoder(path, what="MiniLM verifier", model_file=CROSS_FILE)
    config = {**config, "sha256": manifest["files"][CROSS_FILE]}
    return head, config, cross


class MiniLMVerifier:
    """Probabilities of supports / contradicts / neutral for each candidate sentence."""

    def __init__(self, head_dir: Path = HEAD_DIR, weights: TermWeights | None = None) -> None:
        self.head, config, self.cross = load_head(str(head_dir))
        self.threshold = float(config["threshold"])
        self.with_mismatches = config.get("stage") == STAGE_WITH_MISMATCHES
        self.id = f"minilm-{config['sha256'][:8]}"
        self.weights = weights or load_term_weights()

    def probabilities(
        self, claim_text: str, quotes: Sequence[str], alignments: Sequence[Alignment]
    ) -> np.ndarray:
        logits = self.cross.logits([(q, claim_text) for q in quotes], MAX_PAIR_TOKENS)
        rows = logits
        if self.with_mismatches:
            lexical = np.asarray([lexical_row(a) for a in alignments], dtype=np.float32)
            rows = np.concatenate([logits, lexical], axis=1)
        return self.head.probabilities(rows)

    def judge(self, claim: Claim, candidates: Sequence[Candidate]) -> list[Judgement]:
        if not candidates:
            return []
        profiles = claim_profiles(claim.text, claim.query)
        alignments = []
        for cand in candidates:
            context, preceding = context_of(cand)
            alignments.append(
                best_alignment(
                    profiles,
                    profile(judged_text(cand)),
                    self.weights,
                    profile(context),
                    profile(preceding),
                )
            )
        probs = self.probabilities(
            claim.search_text, [judged_text(c) for c in candidates], alignments
        )
        out = []
        for (supports, contradicts, neutral), a in zip(probs, alignments, strict=True):
            notes = [f"MiniLM: supports {supports:.2f}, contradicts {contradicts:.2f}"]
            clashes = [m for m in a.mismatches if m.weight >= 0.3]
            if clashes:
                notes.append("; ".join(f"{m.kind} mismatch ({m.detail})" for m in clashes[:3]))
            out.append(
                Judgement(
                    supports=float(supports),
                    contradicts=float(contradicts),
                    neutral=float(neutral),
                    rationale="; ".join(notes),
                )
            )
        return out
