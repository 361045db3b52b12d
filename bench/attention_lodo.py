"""A trained attention reader over MiniLM's token states, by leave-one-dataset-out (not shipped).

    .venv/bin/python bench/attention_lodo.py [--per-set 4000] [--epochs 3] [--no-write]

The question: can a verifier that learns NLI on 2 CPU cores beat the lexical verifier on sets
it never saw? The reader: the frozen int8 encoder's token states (data/minilm, the states the
lexical verifier's semantic reading already computes) of the claim and of the evidence,
aligned by a small decomposable-attention network (Parikh et al. 2016: projections, soft
alignment both ways, compare, mean and max pooling, plus the two texts' cosine), trained with
a loss balanced over sets and classes. Torch is needed here only (the check path never
imports it); it is hand-written because no maintained library ships such a reader over
precomputed token states.

For each of the 11 sets of ../shared/datasets/verification (SciFact train as one), a reader is
trained on up to --per-set pairs of each OTHER set and scored on the same 500 pairs per set as
bench/semantic_lodo.py. Temperature and threshold of each row are chosen on the other rows'
held-out scores. Beside it, in the same run: the lexical verifier (lexical-v2 and lexical-v3 at
their shipped bounds, chosen the same way) and mixes of the reader's probabilities with them.
Writes the 'attention' section of BENCHMARKS.md. About 40 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import semantic_lodo as S  # noqa: E402
import train_verifier_minilm as tv  # noqa: E402
from common import REPO, header, markdown_table, write_section  # noqa: E402

from checker.verify.lexical import (  # noqa: E402
    SEMANTIC_FLOOR,
    SEMANTIC_FULL,
    WEAKEST_FLOOR,
    WEAKEST_FULL,
    LexicalVerifier,
)

MAX_CLAIM, MAX_EVIDENCE = 64, 128  # word pieces read of each side ([CLS] and [SEP] dropped)
MIX_WEIGHTS = (0.25, 0.5, 0.75)


def token_states(texts: list[str]) -> dict[str, np.ndarray]:
    from ingest.minilm import shared_encoder

    encoder, out = shared_encoder(), {}
    ordered = sorted(set(texts), key=len)  # similar lengths batch with less padding
    for i in range(0, len(ordered), 256):
        chunk = ordered[i : i + 256]
        for text, (states, _) in zip(chunk, encoder.token_states(chunk), strict=True):
            out[text] = states.astype(np.float16)
    return out


def reader_class():
    import torch
    from torch import nn
    from torch.nn import functional

    class Reader(nn.Module):
        def __init__(self, d: int = 128, h: int = 128, drop: float = 0.1) -> None:
            super().__init__()
            self.norm = nn.LayerNorm(384)
            self.proj = nn.Sequential(nn.Dropout(drop), nn.Linear(384, d), nn.ReLU())
            self.att = nn.Linear(d, d)
            self.cmp = nn.Sequential(
                nn.Dropout(drop), nn.Linear(4 * d, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU()
            )
            self.out = nn.Sequential(
                nn.Dropout(drop), nn.Linear(4 * h + 1, h), nn.ReLU(), nn.Linear(h, 3)
            )

        def forward(self, a, am, b, bm):  # noqa: ANN001, ANN201
            pa, pb = self.proj(self.norm(a)), self.proj(self.norm(b))
            e = self.att(pa) @ pb.transpose(1, 2)
            beta = torch.softmax(e.masked_fill(~bm[:, None, :], -1e4), 2) @ pb
            alpha = torch.softmax(e.masked_fill(~am[:, :, None], -1e4), 1).transpose(1, 2) @ pa
            va = self.cmp(torch.cat([pa, beta, pa - beta, pa * beta], -1))
            vb = self.cmp(torch.cat([pb, alpha, pb - alpha, pb * alpha], -1))

            def pool(v, m):  # noqa: ANN001, ANN202
                mf = m[..., None].float()
                mean = (v * mf).sum(1) / mf.sum(1).clamp(min=1)
                return torch.cat([mean, v.masked_fill(~m[..., None], -1e4).max(1).values], -1)

            ma = (a * am[..., None]).sum(1) / am.sum(1, keepdim=True)
            mb = (b * bm[..., None]).sum(1) / bm.sum(1, keepdim=True)
            cos = functional.cosine_similarity(ma, mb)[:, None]
            return self.out(torch.cat([pool(va, am), pool(vb, bm), cos], -1))

    return Reader


def batch(pairs: list, states: dict[str, np.ndarray]):  # noqa: ANN201
    import torch

    def side(texts: list[str], cap: int):  # noqa: ANN202
        rows = [states[t][1:-1][:cap] if len(states[t]) > 2 else states[t] for t in texts]
        n = max(len(r) for r in rows)
        x = torch.zeros(len(rows), n, 384)
        m = torch.zeros(len(rows), n, dtype=torch.bool)
        for i, r in enumerate(rows):
            x[i, : len(r)] = torch.from_numpy(r.astype(np.float32))
            m[i, : len(r)] = True
        return x, m

    a, am = side([p.claim for p in pairs], MAX_CLAIM)
    b, bm = side([p.evidence for p in pairs], MAX_EVIDENCE)
    return a, am, b, bm


def balanced_weights(pairs: list) -> np.ndarray:
    """Every set weighs the same, and within a set every class it has."""
    count = Counter((p.dataset, p.label) for p in pairs)
    sets = Counter(p.dataset for p in pairs)
    classes = {d: sum(1 for k in count if k[0] == d) for d in sets}
    w = [1.0 / (len(sets) * classes[p.dataset] * count[(p.dataset, p.label)]) for p in pairs]
    return np.asarray(w) * len(pairs)


def train(pairs: list, states: dict, epochs: int, seed: int = 0, size: int = 32, lr: float = 5e-4):  # noqa: ANN201
    import torch
    from torch.nn import functional

    torch.set_num_threads(2)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = reader_class()()
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    weights = balanced_weights(pairs)
    order = list(range(len(pairs)))
    model.train()
    for _ in range(epochs):
        rng.shuffle(order)
        for i in range(0, len(order), size):
            chosen = order[i : i + size]
            chunk = [pairs[j] for j in chosen]
            logits = model(*batch(chunk, states))
            y = torch.tensor([p.label for p in chunk])
            w = torch.tensor(weights[chosen], dtype=torch.float32)
            loss = (functional.cross_entropy(logits, y, reduction="none") * w).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return model


def predict(model, pairs: list, states: dict) -> np.ndarray:  # noqa: ANN001
    import torch

    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(pairs), 128):
            logits = model(*batch(pairs[i : i + 128], states))
            out.append(torch.softmax(logits, -1).numpy())
    return np.concatenate(out)


def held_out_row(probs: dict[str, np.ndarray], labels: dict[str, np.ndarray]) -> list[float]:
    """Each set's macro-F1 with temperature and threshold chosen on the other sets."""
    row = []
    for d in probs:
        rest = [k for k in probs if k != d]
        t, th = tv.calibrate({k: probs[k] for k in rest}, {k: labels[k] for k in rest})
        row.append(tv.macro_f1(labels[d], tv.decide(tv.with_temperature(probs[d], t), th)))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-set", type=int, default=4000, help="training pairs per set")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="Do not touch BENCHMARKS.md.")
    args = parser.parse_args()
    head, _ = header("Verifier: a trained attention reader, leave-one-dataset-out (not shipped)")
    began = time.perf_counter()
    datasets = REPO.parent / "shared" / "datasets"
    pool = tv.verification_pairs(datasets / "verification", args.per_set)
    negatives = tv.scifact_negatives(datasets / "scifact", 500)
    pool["scifact"] = pool.get("scifact", []) + negatives
    held = S.held_out_pairs(datasets, negatives)
    every = [p for group in (pool, held) for ps in group.values() for p in ps]
    states = token_states([t for p in every for t in (p.claim, p.evidence)])
    print(f"{len(states)} texts read by the encoder ({time.perf_counter() - began:.0f} s)")

    verifier = LexicalVerifier()
    labels, reader, v2, v3 = {}, {}, {}, {}
    for d, pairs in held.items():
        labels[d] = np.asarray([p.label for p in pairs])
        x = S.components(pairs, verifier)
        v2[d] = S.probabilities(x, (SEMANTIC_FLOOR, SEMANTIC_FULL))
        v3[d] = S.probabilities(x, (SEMANTIC_FLOOR, SEMANTIC_FULL), (WEAKEST_FLOOR, WEAKEST_FULL))
        start = time.perf_counter()
        training = [p for k, ps in pool.items() if k != d for p in ps]
        model = train(training, states, args.epochs)
        reader[d] = predict(model, pairs, states)
        f1 = tv.macro_f1(labels[d], reader[d].argmax(1))
        print(
            f"{d}: trained on {len(training)} pairs, {time.perf_counter() - start:.0f} s, "
            f"argmax macro-F1 {f1:.3f}",
            flush=True,
        )

    columns = {"reader alone": reader, "lexical-v2": v2, "lexical-v3": v3}
    for w in MIX_WEIGHTS:
        columns[f"{w:g} reader + {1 - w:g} v2"] = {d: w * reader[d] + (1 - w) * v2[d] for d in held}
        columns[f"{w:g} reader + {1 - w:g} v3"] = {d: w * reader[d] + (1 - w) * v3[d] for d in held}
    scores = {name: held_out_row(probs, labels) for name, probs in columns.items()}
    names = list(held)
    rows = [
        [d, str(len(labels[d])), *(f"{scores[c][i]:.3f}" for c in columns)]
        for i, d in enumerate(names)
    ]
    rows.append(["**mean**", "", *(f"**{np.mean(scores[c]):.3f}**" for c in columns)])
    reader_wins = sum(
        r > v + 0.0005 for r, v in zip(scores["reader alone"], scores["lexical-v2"], strict=True)
    )
    body = [
        head,
        f"Each row: the set held out of the reader's training (up to {args.per_set} pairs of "
        f"each other set, {args.epochs} epochs), scored on the same 500 pairs as the section "
        "above; every column's temperature and threshold chosen on the other rows (macro-F1 "
        "over the labels the set has). lexical-v2 / v3 at their shipped bounds; the mixes "
        "average the probabilities.",
        "",
        markdown_table(["held-out set", "pairs", *columns], rows),
        "",
        f"The reader alone beats lexical-v2 on {reader_wins} of {len(names)} sets. "
        f"({time.perf_counter() - began:.0f} s)",
    ]
    text = "\n".join(body)
    print(text)
    if not args.no_write:
        write_section("attention", text)


if __name__ == "__main__":
    main()
