"""A verifier backed by an NLI cross-encoder (`nli:NAME_OR_PATH`, sentence-transformers).

Each candidate sentence is the premise and the claim the hypothesis; the softmax of the model's
logits gives P(supports), P(contradicts), P(neutral). Which output is which is read from the
model's own config (`id2label`), in any order and any case ("ENTAILMENT", "contradiction",
"Neutral", "not_entailment"...); a model whose labels cannot be mapped is refused with a clear
message rather than read in a guessed order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from checker.models import Candidate, Claim, Judgement, Stance
from checker.verify.cross_encoder import load_cross_encoder
from ingest.errors import ModelLoadError

PREFIX = "nli:"
LABEL_NAMES: dict[str, Stance] = {
    **dict.fromkeys(("entailment", "entails", "entailed", "entail"), Stance.SUPPORTS),
    **dict.fromkeys(("contradiction", "contradicts", "contradict"), Stance.CONTRADICTS),
    **dict.fromkeys(
        ("neutral", "not_entailment", "non_entailment", "not_entailed"), Stance.NEUTRAL
    ),
}


def label_columns(id2label: Mapping[int | str, str], model: str = "the model") -> dict[Stance, int]:
    """The output column of each stance, from a config's `id2label`.

    Three labels must name entailment, contradiction and neutral; two labels may name
    entailment and not_entailment (a two-way model, which then never contradicts).
    """
    names = {int(k): str(v) for k, v in id2label.items()}
    columns: dict[Stance, int] = {}
    for index, name in sorted(names.items()):
        key = re.sub(r"[\s\-]+", "_", name.strip().lower())
        stance = LABEL_NAMES.get(key)
        if stance is None or stance in columns:
            columns = {}
            break
        columns[stance] = index
    ok = Stance.SUPPORTS in columns and Stance.NEUTRAL in columns
    ok = ok and (len(names) == 2 or (len(names) == 3 and Stance.CONTRADICTS in columns))
    if not ok or sorted(columns.values()) != list(range(len(names))):
        shown = ", ".join(f"{k}: {v!r}" for k, v in sorted(names.items()))
        raise ModelLoadError(
            f"cannot read the labels of the NLI model {model} ({{{shown}}}): its config's "
            "id2label must name entailment, contradiction and neutral (in any order), e.g. "
            "{0: 'contradiction', 1: 'entailment', 2: 'neutral'}; fix config.json or use "
            "another NLI model"
        )
    return columns


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


class NLIVerifier:
    """Premise = candidate sentence, hypothesis = claim; probabilities from the model."""

    def __init__(self, name_or_path: str, batch_size: int = 16, device: str | None = None) -> None:
        self.id = PREFIX + name_or_path
        self.name = name_or_path
        self.batch_size = batch_size
        self.model = load_cross_encoder(name_or_path, "NLI model", device)
        config = getattr(self.model, "config", None)
        id2label = getattr(config, "id2label", None) or {}
        if len(id2label) < 2:
            raise ModelLoadError(
                f"{name_or_path!r} is not an NLI model: it has {len(id2label)} output label(s); "
                "an NLI cross-encoder has entailment, contradiction and neutral"
            )
        self.columns = label_columns(id2label, repr(name_or_path))

    def probabilities(self, claim: Claim, candidates: Sequence[Candidate]) -> np.ndarray:
        """Rows of softmax probabilities, in the model's own column order."""
        import torch

        pairs = [(c.quote, claim.search_text) for c in candidates]
        logits = self.model.predict(
            pairs,
            batch_size=self.batch_size,
            activation_fn=torch.nn.Identity(),
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        logits = np.asarray(logits, dtype=np.float64).reshape(len(pairs), -1)
        return softmax(logits)

    def judge(self, claim: Claim, candidates: Sequence[Candidate]) -> list[Judgement]:
        if not candidates:
            return []
        probs = self.probabilities(claim, candidates)
        cols = self.columns
        out: list[Judgement] = []
        for row in probs:
            supports = float(row[cols[Stance.SUPPORTS]])
            contradicts = (
                float(row[cols[Stance.CONTRADICTS]]) if Stance.CONTRADICTS in cols else 0.0
            )
            neutral = max(0.0, 1.0 - supports - contradicts)
            out.append(
                Judgement(
                    supports=supports,
                    contradicts=contradicts,
                    neutral=neutral,
                    rationale=(
                        f"NLI: entailment {supports:.2f}, contradiction {contradicts:.2f}, "
                        f"neutral {neutral:.2f}"
                    ),
                )
            )
        return out
