"""How the lexical verifier's semantic reading and weakest link were chosen: leave-one-dataset-out.

    .venv/bin/python bench/semantic_lodo.py [--no-write]

For each of the 11 sets of ../shared/datasets/verification (SciFact train as one more set,
with retrieved-but-wrong sentences as unverified pairs; SciFact dev is never read), up to 500
pairs as in scripts/train_verifier_minilm.py. Each pair is judged by the lexical verifier with
words only (lexical-v1), with the semantic reading (lexical-v2, for every SEMANTIC_FLOOR /
SEMANTIC_FULL on a grid) and with the weakest link as well (lexical-v3, for every WEAKEST_FLOOR /
WEAKEST_FULL on a grid too). For each held-out set, the bounds, the temperature and the decision
threshold are chosen on the OTHER sets only, then scored on the held-out one (macro-F1 over the
labels it has); lexical-v1's temperature and threshold are chosen the same way. The shipped
bounds are the ones the same choice makes on all sets together. Writes the 'semantic' section
of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import train_verifier_minilm as tv  # noqa: E402
from common import REPO, header, markdown_table, write_section  # noqa: E402

from checker.models import Candidate, Claim  # noqa: E402
from checker.verify.features import contradiction_strength  # noqa: E402
from checker.verify.lexical import (  # noqa: E402
    EXPLICIT_CLASH,
    NOT_ASSERTED_CAP,
    PART_CLASH,
    SEMANTIC_FLOOR,
    SEMANTIC_FULL,
    SEMANTIC_GATE,
    WEAKEST_FLOOR,
    WEAKEST_FULL,
    LexicalVerifier,
    completeness,
    decisiveness,
    featurize,
    figure_reading,
    part_reading,
    unasserted_for,
)

GRID = [(lo, hi) for lo in (0.3, 0.4, 0.5, 0.6) for hi in (0.85, 0.9, 0.95, 1.0)]
WEAK_GRID = [(lo, lo + w) for lo in (0.1, 0.15, 0.2, 0.25, 0.3) for w in (0.2, 0.3, 0.4)]


def held_out_pairs(datasets: Path, scifact_negatives: list) -> dict[str, list]:
    """The pairs each set is scored on: up to 500 per set (SciFact train with the given
    retrieved-but-wrong sentences as unverified pairs), the same in every leave-one-dataset-out
    bench."""
    sets = tv.verification_pairs(datasets / "verification", 500)
    sets["scifact"] = sets.get("scifact", []) + scifact_negatives
    return {d: tv.sample(sets[d], 500, random.Random(f"{tv.SEED}-eval-{d}")) for d in sorted(sets)}


def components(pairs: list, verifier: LexicalVerifier) -> np.ndarray:
    """Per pair: relevance, decisiveness, mismatch strength, completeness, strong clash, part
    reading, cosine, the cosine of the claim's worst-matched word, whether an explicit clash
    was found, whether the evidence asserts nothing, the figure reading, the strength of the
    number clashes alone and that of a place in a league (what `combine` reads)."""
    rows = []
    for p in pairs:
        claim = Claim(id="c", text=p.claim, start=0, end=len(p.claim))
        cand = Candidate("s", "k", p.evidence, 0, len(p.evidence), 1, 1.0, 1.0)
        (a,), feats = featurize(claim, [cand], verifier.weights)
        (cosine,) = verifier.similarities(claim, [p.evidence])
        ((weakest, _),) = verifier.weakest_words(claim, [cand])
        strong = [m for m in a.mismatches if m.weight >= PART_CLASH]
        rows.append(
            [
                float(verifier.model.predict(feats)[0]),
                decisiveness(a),
                contradiction_strength(a.mismatches),
                completeness(a),
                contradiction_strength(strong),
                part_reading(a),
                float(cosine),
                weakest,
                float(any(m.weight >= EXPLICIT_CLASH for m in a.mismatches)),
                float(bool(unasserted_for(p.evidence, p.claim))),
                figure_reading(a),
                contradiction_strength([m for m in a.mismatches if m.kind == "number"]),
                contradiction_strength([m for m in a.mismatches if m.kind == "position"]),
            ]
        )
    return np.asarray(rows)


def probabilities(
    x: np.ndarray, bounds: tuple[float, float] | None, weak: tuple[float, float] | None = None
) -> np.ndarray:
    rel, dec, c, g, clash, part, cosine, weakest, explicit, unasserted, figure, figures, placed = (
        x.T
    )
    r = rel * dec
    if bounds is not None:
        lo, hi = bounds
        r = np.maximum(r, np.clip((cosine - lo) / (hi - lo), 0, 1) * (rel >= SEMANTIC_GATE))
    if weak is not None:
        lo, hi = weak
        g = g * np.where(rel >= SEMANTIC_GATE, np.clip((weakest - lo) / (hi - lo), 0, 1), 1.0)
    contradicts = np.maximum.reduce([r * c, part * clash, figure * figures, placed])
    supports = np.minimum(np.where(explicit > 0, 0.0, r * (1 - c) * g), 1 - contradicts)
    supports = np.where(unasserted > 0, np.minimum(supports, NOT_ASSERTED_CAP), supports)
    contradicts = np.where(unasserted > 0, np.minimum(contradicts, NOT_ASSERTED_CAP), contradicts)
    return np.stack([supports, contradicts, np.clip(1 - supports - contradicts, 0, 1)], axis=1)


def choose(data: dict, names: list[str], grid: list) -> tuple:
    """(mean macro-F1, settings, temperature, threshold) of the best settings on `names`;
    settings are (semantic bounds, weakest-link bounds)."""
    labels = {d: data[d][1] for d in names}
    best = None
    for settings in grid:
        probs = {d: probabilities(data[d][0], *settings) for d in names}
        t, th = tv.calibrate(probs, labels)
        mean = float(np.mean(list(tv.score(probs, labels, t, th).values())))
        if best is None or mean > best[0]:
            best = (mean, settings, t, th)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="Do not touch BENCHMARKS.md.")
    args = parser.parse_args()
    head, _ = header("Verifier: the semantic reading and the weakest link, leave-one-dataset-out")
    began = time.perf_counter()
    datasets = REPO.parent / "shared" / "datasets"
    held = held_out_pairs(datasets, tv.scifact_negatives(datasets / "scifact", 500))
    verifier = LexicalVerifier()
    data = {}
    for d, pairs in held.items():
        data[d] = (components(pairs, verifier), np.asarray([p.label for p in pairs]))
        print(f"{d}: {len(pairs)} pairs", flush=True)
    rows, scores = [], []
    for d in data:
        rest = [k for k in data if k != d]
        _, _, t1, th1 = choose(data, rest, [(None, None)])
        _, (bounds, _), t2, th2 = choose(data, rest, [(b, None) for b in GRID])
        _, (_, weak), t3, th3 = choose(data, rest, [(bounds, w) for w in WEAK_GRID])
        y = data[d][1]
        row = [
            tv.macro_f1(y, tv.decide(tv.with_temperature(probabilities(data[d][0], *cfg), t), th))
            for cfg, t, th in (
                ((None, None), t1, th1),
                ((bounds, None), t2, th2),
                ((bounds, weak), t3, th3),
            )
        ]
        scores.append(row)
        rows.append(
            [
                d,
                str(len(y)),
                *(f"{f:.3f}" for f in row),
                f"{bounds[0]:g} / {bounds[1]:g}",
                f"{weak[0]:g} / {weak[1]:g}",
            ]
        )
    means = np.mean(scores, axis=0)
    rows.append(["**mean**", "", *(f"**{m:.3f}**" for m in means), "", ""])
    v2, v3 = np.asarray(scores)[:, 1], np.asarray(scores)[:, 2]
    _, (shipped, _), _, _ = choose(data, list(data), [(b, None) for b in GRID])
    _, (_, shipped_weak), _, _ = choose(data, list(data), [(shipped, w) for w in WEAK_GRID])
    body = [
        head,
        "Each row: the set held out; the bounds, temperature and threshold chosen on the other "
        "ten sets, scored on it (macro-F1 over the labels it has). `lexical-v1` reads words "
        "only; `lexical-v2` adds the semantic reading (cosine of the MiniLM sentence vectors "
        "between SEMANTIC_FLOOR and SEMANTIC_FULL; sentences under a relevance of "
        f"{SEMANTIC_GATE:g} are not read); `lexical-v3` adds the weakest link (supporting "
        "scaled by the cosine of the claim's worst-matched word between WEAKEST_FLOOR and "
        "WEAKEST_FULL), its bounds chosen with v2's semantic bounds fixed.",
        "",
        markdown_table(
            [
                "held-out set",
                "pairs",
                "lexical-v1 (words)",
                "lexical-v2 (words + meaning)",
                "lexical-v3 (+ weakest link)",
                "semantic bounds chosen without it",
                "weakest-link bounds chosen without it",
            ],
            rows,
        ),
        "",
        f"lexical-v3 against lexical-v2: better on {int((v3 > v2 + 0.0005).sum())} sets, worse "
        f"on {int((v3 < v2 - 0.0005).sum())}. Chosen on all eleven sets together: semantic "
        f"{shipped[0]:g} / {shipped[1]:g}, weakest link {shipped_weak[0]:g} / "
        f"{shipped_weak[1]:g}; shipped in checker/verify/lexical.py: semantic "
        f"{SEMANTIC_FLOOR:g} / {SEMANTIC_FULL:g}, weakest link {WEAKEST_FLOOR:g} / "
        f"{WEAKEST_FULL:g}. ({time.perf_counter() - began:.0f} s)",
    ]
    text = "\n".join(body)
    print(text)
    if not args.no_write:
        write_section("semantic", text)


if __name__ == "__main__":
    main()
