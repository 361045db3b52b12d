"""Train the default verifier (data/verifier_minilm/): MiniLM fine-tuned as a cross-encoder,
then a small calibrated final stage over its logits and the explicit mismatch features.

    python scripts/train_verifier_minilm.py [--datasets ../shared/datasets] [--device cpu|cuda]
        [--pairs 12000] [--fold-pairs 1500] [--eval-cap 500]

1. Pairs: every set in DATASETS/verification and SciFact TRAIN as one more set (its rationale
   pairs from scifact_rte, plus retrieved-but-wrong sentences for its claims labelled
   unverified: what a checker meets that does not address the claim). Evidence longer than
   MAX_EVIDENCE_WORDS is cut down to its sentences sharing the most words with the claim, in
   order, as the checker reads sentences, not articles. SciFact dev is never read.
2. Leave-one-dataset-out: for each set, all-MiniLM-L6-v2 (the pinned base, sha256 checked) is
   fine-tuned as a 3-way cross-encoder on --fold-pairs pairs drawn equally from the OTHER sets
   and scores up to --eval-cap pairs of the held-out one. The final stage (which features, its
   temperature, the decision threshold) is chosen on those held-out scores, each set's stage
   fitted on the other sets' held-out scores: nothing is tuned on the data it is scored on.
3. The final cross-encoder is fine-tuned on --pairs pairs drawn equally from every set,
   exported to int8 ONNX, and written with the final stage and the model card.

On 2 CPU cores the defaults take about 30 minutes (a subsample: one epoch, 128 word pieces);
`--device cuda` runs the same recipe on a GPU, where larger --pairs and --fold-pairs fit.
Deterministic for given arguments on one machine (seeded sampling and initialisation).
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from export_minilm import export_onnx_int8  # noqa: E402

from checker.models import Candidate, Claim  # noqa: E402
from checker.text_utils import profile, tokenize  # noqa: E402
from checker.verify.features import best_alignment, claim_profiles, load_term_weights  # noqa: E402
from checker.verify.lexical import LexicalVerifier  # noqa: E402
from checker.verify.minilm import (  # noqa: E402
    CLASSES,
    CONFIG_FILE,
    CROSS_FILE,
    FEATURES_VERSION,
    HEAD_DIR,
    HEAD_FILE,
    MAX_PAIR_TOKENS,
    Head,
    lexical_row,
    softmax,
)
from ingest.artifacts import write_manifest  # noqa: E402
from ingest.minilm import (  # noqa: E402
    BASE_SHA256,
    BASE_WHEEL,
    TOKENIZER_FILE,
    OnnxEncoder,
    base_model_dir,
)
from ingest.sentences import sentence_spans  # noqa: E402

LABELS = {"supported": 0, "contradicted": 1, "unverified": 2}
MAX_EVIDENCE_WORDS = 90
SEED = 13
NEGATIVES_PER_CLAIM = 2
BATCH = 16
LEARNING_RATE = 4e-5
# licence of each training set, from ../shared/datasets (verification/README.md and README.md)
LICENCES = {
    "snli": "CC BY-SA 4.0",
    "sick": "CC BY-NC-SA 3.0 (non-commercial)",
    "anli": "CC BY-NC 4.0 (non-commercial)",
    "covidfact": "not stated",
    "healthver": "not stated",
    "fm2": "Apache-2.0",
    "liar_plus": "CC0",
    "qags": "not stated",
    "healthfc": "CC BY-NC-ND 4.0 (non-commercial, no derivatives)",
    "wice": "ODC-BY",
    "scifact": "CC BY-NC 2.0 (non-commercial)",
}
# final stages compared by leave-one-dataset-out: the cross-encoder's own softmax, or a
# logistic regression over its logits and the explicit mismatch features
STAGES = ("cross-encoder alone", "cross-encoder + mismatch features")
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.35, 0.96, 0.05))
TEMPERATURES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)


@dataclass(frozen=True)
class Pair:
    claim: str
    evidence: str
    label: int
    dataset: str


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def words(text: str) -> set[str]:
    return {t.stem for t in tokenize(text) if t.is_content}


def shorten(claim: str, evidence: str, limit: int = MAX_EVIDENCE_WORDS) -> str:
    """Long evidence cut to the sentences sharing the most words with the claim, in order."""
    evidence = " ".join(evidence.split())
    if len(evidence.split()) <= limit:
        return evidence
    spans = sentence_spans(evidence) or [(0, len(evidence))]
    wanted = words(claim)
    ranked = sorted(
        range(len(spans)),
        key=lambda i: -len(wanted & words(evidence[spans[i][0] : spans[i][1]])),
    )
    chosen, total = [], 0
    for i in ranked:
        n = len(evidence[spans[i][0] : spans[i][1]].split())
        if chosen and total + n > limit:
            continue
        chosen.append(i)
        total += n
    text = " ".join(evidence[spans[i][0] : spans[i][1]] for i in sorted(chosen))
    return " ".join(text.split()[: limit * 2])


def sample(rows: list, cap: int, rng: random.Random) -> list:
    rows = list(rows)
    rng.shuffle(rows)
    return rows[:cap]


def verification_pairs(folder: Path, cap: int) -> dict[str, list[Pair]]:
    out: dict[str, list[Pair]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        name = "scifact" if path.stem == "scifact_rte" else path.stem
        rows = sample(read_jsonl(path), cap, random.Random(f"{SEED}-{name}"))
        out[name] = [
            Pair(r["claim"], shorten(r["claim"], r["evidence"]), LABELS[r["label"]], name)
            for r in rows
            if r["claim"].strip() and r["evidence"].strip()
        ]
    return out


def scifact_negatives(folder: Path, cap: int) -> list[Pair]:
    """Sentences BM25 ranks high for a SciFact TRAIN claim but that come from an abstract that
    is not its evidence: labelled unverified (related words, not the claim's fact)."""
    import bm25s
    import Stemmer

    corpus = read_jsonl(folder / "corpus.jsonl")
    claims = read_jsonl(folder / "claims_train.jsonl")
    sentences, doc_of = [], []
    for doc in corpus:
        for s, e in sentence_spans(doc["text"]):
            sentences.append(doc["text"][s:e])
            doc_of.append(doc["id"])
    stemmer = Stemmer.Stemmer("english")
    index = bm25s.BM25()
    index.index(
        bm25s.tokenize(sentences, stopwords="en", stemmer=stemmer, show_progress=False),
        show_progress=False,
    )
    rng = random.Random(f"{SEED}-scifact-negatives")
    out = []
    for claim in sample(claims, cap, rng):
        gold = set(claim.get("evidence_ids") or [])
        tokens = bm25s.tokenize(
            [claim["claim"]], stopwords="en", stemmer=stemmer, show_progress=False
        )
        hits, _ = index.retrieve(tokens, k=10, show_progress=False)
        taken = 0
        for i in hits[0]:
            if doc_of[int(i)] in gold or taken >= NEGATIVES_PER_CLAIM:
                continue
            out.append(Pair(claim["claim"], sentences[int(i)], LABELS["unverified"], "scifact"))
            taken += 1
    return out


def balanced(sets: dict[str, list[Pair]], total: int, seed: str) -> list[Pair]:
    """About `total` pairs drawn equally from each set (a small set gives all it has)."""
    rng = random.Random(seed)
    quota = max(1, total // max(1, len(sets)))
    out: list[Pair] = []
    for name in sorted(sets):
        out.extend(sample(sets[name], quota, rng))
    rng.shuffle(out)
    return out


def _batches(pairs: list[Pair], rng: random.Random) -> list[list[Pair]]:
    """Batches of similar length (less padding), in a shuffled order."""
    order = list(pairs)
    rng.shuffle(order)
    batches = []
    for lo in range(0, len(order), BATCH * 20):
        block = sorted(order[lo : lo + BATCH * 20], key=lambda p: len(p.claim) + len(p.evidence))
        batches.extend(block[i : i + BATCH] for i in range(0, len(block), BATCH))
    rng.shuffle(batches)
    return batches


def _inputs(tokenizer, batch: list[Pair], device: str):
    """(evidence, claim) word pieces of a batch, as the checker reads them (MAX_PAIR_TOKENS)."""
    return tokenizer(
        [p.evidence for p in batch],
        [p.claim for p in batch],
        truncation=True,
        max_length=MAX_PAIR_TOKENS,
        padding=True,
        return_tensors="pt",
    ).to(device)


def fine_tune(pairs: list[Pair], base: Path, device: str, seed: str):
    """all-MiniLM-L6-v2 fine-tuned as a 3-way cross-encoder, one epoch over `pairs`."""
    import torch
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    torch.manual_seed(random.Random(seed).randrange(2**31))
    tokenizer = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        str(base),
        num_labels=3,
        id2label=dict(enumerate(CLASSES)),
        label2id={c: i for i, c in enumerate(CLASSES)},
        local_files_only=True,
    ).to(device)
    batches = _batches(pairs, random.Random(seed))
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimiser, len(batches) // 10, len(batches))
    model.train()
    for batch in batches:
        inputs = _inputs(tokenizer, batch, device)
        labels = torch.tensor([p.label for p in batch], device=device)
        loss = model(**inputs, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
    return model.eval(), tokenizer


def predict(model, tokenizer, pairs: list[Pair], device: str) -> np.ndarray:
    import torch

    out = []
    with torch.no_grad():
        for lo in range(0, len(pairs), 64):
            batch = pairs[lo : lo + 64]
            inputs = _inputs(tokenizer, batch, device)
            out.append(model(**inputs).logits.float().cpu().numpy())
    return np.concatenate(out)


def lexical_rows(pairs: list[Pair]) -> np.ndarray:
    weights = load_term_weights()
    return np.asarray(
        [
            lexical_row(best_alignment(claim_profiles(p.claim), profile(p.evidence), weights))
            for p in pairs
        ],
        dtype=np.float32,
    )


def lexical_baseline(pairs: list[Pair]) -> np.ndarray:
    """The lexical-v1 verifier's probabilities on each pair (it was never trained on them)."""
    verifier = LexicalVerifier()
    rows = []
    for p in pairs:
        claim = Claim(id="c", text=p.claim, start=0, end=len(p.claim))
        cand = Candidate("s", "k", p.evidence, 0, len(p.evidence), 1, 1.0, 1.0)
        (j,) = verifier.judge(claim, [cand])
        rows.append([j.supports, j.contradicts, j.neutral])
    return np.asarray(rows)


def stage_rows(stage: str, logits: np.ndarray, lexical: np.ndarray) -> np.ndarray:
    return logits if stage == STAGES[0] else np.concatenate([logits, lexical], axis=1)


def fit_stage(stage: str, x: np.ndarray, y: np.ndarray) -> Head:
    """The final stage: identity on the logits, or a logistic regression (temperature 1)."""
    if stage == STAGES[0]:
        n = x.shape[1]
        return Head(np.zeros(n), np.ones(n), (np.eye(n),), (np.zeros(n),), 1.0)
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=0.3, max_iter=2000).fit((x - mean) / scale, y)
    return Head(mean, scale, (model.coef_.T,), (model.intercept_,), 1.0)


def decide(probs: np.ndarray, threshold: float) -> np.ndarray:
    side = np.where(probs[:, 0] >= probs[:, 1], 0, 1)
    return np.where(probs[:, :2].max(axis=1) >= threshold, side, 2)


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(
        f1_score(y, pred, labels=sorted(set(y.tolist())), average="macro", zero_division=0)
    )


def with_temperature(probs: np.ndarray, t: float) -> np.ndarray:
    return softmax(np.log(np.clip(probs, 1e-12, 1.0)) / t)


def log_loss(y: np.ndarray, probs: np.ndarray) -> float:
    return float(-np.mean(np.log(np.clip(probs[np.arange(len(y)), y], 1e-12, 1.0))))


def nested_stage(stage: str, held: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]):
    """Each set's final-stage probabilities from a stage fitted on the other sets' held-out
    cross-encoder scores."""
    out = {}
    for d in held:
        rest = [k for k in held if k != d]
        x = np.concatenate([stage_rows(stage, held[k][0], held[k][1]) for k in rest])
        y = np.concatenate([held[k][2] for k in rest])
        out[d] = fit_stage(stage, x, y).probabilities(stage_rows(stage, held[d][0], held[d][1]))
    return out


def score(held_probs: dict[str, np.ndarray], labels: dict[str, np.ndarray], t: float, th: float):
    return {
        d: macro_f1(labels[d], decide(with_temperature(p, t), th)) for d, p in held_probs.items()
    }


def calibrate(held_probs, labels) -> tuple[float, float]:
    """Temperature by pooled held-out log loss; then the threshold by mean held-out macro-F1
    over the sets that have an unverified class: the threshold trades decisions against
    abstentions, which only a set where abstaining is sometimes right can judge (on a set
    without one, never abstaining always scores best)."""
    y = np.concatenate([labels[d] for d in held_probs])
    p = np.concatenate(list(held_probs.values()))
    t = min(TEMPERATURES, key=lambda t: log_loss(y, with_temperature(p, t)))
    judged = {d: p for d, p in held_probs.items() if (labels[d] == LABELS["unverified"]).any()}
    th = max(THRESHOLDS, key=lambda th: np.mean(list(score(judged, labels, t, th).values())))
    return t, th


CARD = """# MiniLM verifier (opt-in: `--verifier minilm`)

**Status: not the default.** Trained on 2 CPU cores, this cross-encoder does not yet beat the
`lexical` verifier: on the held-out sets below (recipe table, mean macro-F1 {recipe_mean:.3f}
against lexical-v1's {lexical_mean:.3f}), and on SciFact dev end to end (BENCHMARKS.md). It is
shipped so that it can be compared and rebuilt; `make train DEVICE=cuda` with larger
`--pairs` / `--fold-pairs` is the way to a better one.

Judges (evidence sentence, claim) pairs: supports / contradicts / neutral. all-MiniLM-L6-v2
fine-tuned as a cross-encoder (`cross-encoder.onnx`, int8), followed by a small calibrated
final stage (`head.npz`): **{stage}**, temperature {temperature}, decision threshold
{threshold} (a sentence decides a claim when P(supports) or P(contradicts) reaches it; below
it the verifier abstains). See `checker/verify/minilm.py`.

- Base model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) from `{wheel}`,
  model.safetensors sha256 `{base_sha}` (checked before training).
- Fine-tuning: one epoch over {n_final} pairs drawn equally from every set below, batch {batch},
  learning rate {lr}, {max_tokens} word pieces at most (evidence, claim); a subsample chosen
  to train on 2 CPU cores; `--pairs` raises it on a GPU.
- Files and sha256 (all in `manifest.json`, checked at load):
{files}
- Rebuilt by: `{command}` (part of `make train`; about {minutes:.0f} min on {device}).

## Training data (before sampling)

| set | pairs | supported / contradicted / unverified | licence |
|---|---|---|---|
{data_rows}

**Licences**: several sets are non-commercial (NC) or no-derivatives (ND), and some state no
licence; a model trained on them inherits those terms in practice. This artifact is for
research and evaluation; a commercial deployment must retrain without them (`--exclude`).

## Leave-one-dataset-out (macro-F1 over the labels each set has)

### The recipe: a cross-encoder fine-tuned without the set

Each row: a cross-encoder fine-tuned on {n_fold} pairs drawn from the OTHER sets, scored on up
to {eval_cap} pairs of that set; its final stage fitted on the other rows' held-out scores.
`lexical-v1` is the default verifier, never trained on any of these sets.

{recipe_table}

### The final stage of the shipped cross-encoder

Each row: the shipped cross-encoder's scores of up to {eval_cap} pairs of that set that it was
NOT trained on, the final stage fitted on the other rows only. The final stage, temperature
and threshold shipped were chosen here, by the mean over rows. The encoder itself saw other
pairs of every set, so these rows are optimistic beside the table above. Sets whose every
pair went into the final training sample have no row here: {missing}.

{stage_table}

Sets without a contradicted class (qags, wice) or an unverified class (covidfact, fm2,
liar_plus) are scored on the labels they have. Where it is weak: the lowest rows.
"""


def outside(sets: dict[str, list[Pair]], used: list[Pair], cap: int) -> dict[str, list[Pair]]:
    """Up to `cap` pairs of each set that are not in `used` (sets with none left are dropped)."""
    taken = {(p.claim, p.evidence) for p in used}
    out = {}
    for name, pairs in sets.items():
        rest = [p for p in pairs if (p.claim, p.evidence) not in taken]
        if rest:
            out[name] = sample(rest, cap, random.Random(f"{SEED}-stage-{name}"))
    return out


def shipped_logits(folder: Path, pairs: list[Pair]) -> np.ndarray:
    """The exported int8 cross-encoder's logits, exactly as the checker computes them."""
    cross = OnnxEncoder(folder, what="MiniLM verifier", model_file=CROSS_FILE, check=False)
    return cross.logits([(p.evidence, p.claim) for p in pairs], MAX_PAIR_TOKENS)


def choose_stage(held) -> tuple[list, tuple]:
    """Every final stage scored set by set (each fitted without that set); the best one."""
    labels = {d: held[d][2] for d in held}
    columns = []
    for stage in STAGES:
        probs = nested_stage(stage, held)
        t, th = calibrate(probs, labels)
        columns.append((stage, probs, t, th, score(probs, labels, t, th)))
    return columns, max(columns, key=lambda c: np.mean(list(c[4].values())))


def table(columns, sizes: dict[str, int]) -> str:
    names = [c[0] for c in columns]
    lines = [
        "| held-out set | pairs | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for d in sizes:
        lines.append(
            f"| {d} | {sizes[d]} | " + " | ".join(f"{c[4][d]:.3f}" for c in columns) + " |"
        )
    lines.append(
        "| **mean** | | "
        + " | ".join(f"**{np.mean(list(c[4].values())):.3f}**" for c in columns)
        + " |"
    )
    thresholds = ", ".join(f"{c[0]}: T={c[2]}, threshold {c[3]}" for c in columns)
    return "\n".join(lines) + f"\n\nCalibration per column: {thresholds}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--pairs", type=int, default=12000, help="pairs for the final model")
    parser.add_argument("--fold-pairs", type=int, default=1500, help="pairs per held-out fold")
    parser.add_argument("--eval-cap", type=int, default=500, help="held-out pairs scored per set")
    parser.add_argument("--exclude", nargs="*", default=[], help="sets never used")
    parser.add_argument("--out", type=Path, default=HEAD_DIR)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument(
        "--cache",
        type=Path,
        default=ROOT / "bench" / ".cache" / "verifier",
        help="where the fold results are kept, so that a rerun can skip them (--reuse)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the fold results and the exported cross-encoder of the last run with "
        "these arguments (only the final stage is chosen and fitted again)",
    )
    args = parser.parse_args(argv)
    started = time.time()
    base = base_model_dir()  # sha256 checked
    load_cap = max(args.pairs, args.eval_cap, args.fold_pairs)
    sets = verification_pairs(args.datasets / "verification", load_cap)
    sets["scifact"] = sets.get("scifact", []) + scifact_negatives(
        args.datasets / "scifact", load_cap
    )
    sets = {k: v for k, v in sorted(sets.items()) if k not in args.exclude}
    print(f"{sum(map(len, sets.values()))} pairs from {len(sets)} sets", flush=True)
    key = f"{args.pairs}-{args.fold_pairs}-{args.eval_cap}-{'-'.join(args.exclude) or 'all'}"
    folds_file = args.cache / f"folds-{key}.json"

    # 1. leave-one-dataset-out: a cross-encoder fine-tuned without each set, scored on it
    if args.reuse and folds_file.exists():
        recipe = json.loads(folds_file.read_text())
    else:
        held: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for d in sets:
            t0 = time.time()
            others = {k: v for k, v in sets.items() if k != d}
            model, tokenizer = fine_tune(
                balanced(others, args.fold_pairs, f"fold-{d}"), base, args.device, f"fold-{d}"
            )
            test = sample(sets[d], args.eval_cap, random.Random(f"{SEED}-eval-{d}"))
            held[d] = (
                predict(model, tokenizer, test, args.device),
                lexical_rows(test),
                np.asarray([p.label for p in test]),
            )
            print(f"fold {d}: {time.time() - t0:.0f} s", flush=True)
        columns, _ = choose_stage(held)
        recipe = {
            "sizes": {d: len(held[d][2]) for d in held},
            "columns": [[c[0], c[2], c[3], c[4]] for c in columns],
        }
        args.cache.mkdir(parents=True, exist_ok=True)
    # the lexical verifier's column is recomputed every run (cheap, and never trained on these)
    tests = {d: sample(sets[d], args.eval_cap, random.Random(f"{SEED}-eval-{d}")) for d in sets}
    baseline = {d: lexical_baseline(pairs) for d, pairs in tests.items()}
    labels = {d: np.asarray([p.label for p in pairs]) for d, pairs in tests.items()}
    t, th = calibrate(baseline, labels)
    columns = [(name, None, ct, cth, scores) for name, ct, cth, scores in recipe["columns"]]
    columns.append(("lexical-v1", baseline, t, th, score(baseline, labels, t, th)))
    recipe_table = table(columns, recipe["sizes"])
    recipe_means = {c[0]: float(np.mean(list(c[4].values()))) for c in columns}
    print(recipe_table, flush=True)

    # 2. the final cross-encoder, on pairs of every set, exported as the checker runs it
    final_pairs = balanced(sets, args.pairs, "final")
    args.out.mkdir(parents=True, exist_ok=True)
    if not (args.reuse and (args.out / CROSS_FILE).exists()):
        model, tokenizer = fine_tune(final_pairs, base, args.device, "final")
        export_onnx_int8(model.cpu(), "logits", args.out / CROSS_FILE)
        tokenizer.backend_tokenizer.save(str(args.out / TOKENIZER_FILE))
        print(f"final cross-encoder: {time.time() - started:.0f} s", flush=True)
        # what a --reuse run skips, for the time the model card states
        recipe["run_seconds"] = round(time.time() - started)
        folds_file.write_text(json.dumps(recipe))

    # 3. the final stage, on the shipped encoder's scores of pairs it was not trained on,
    #    chosen set by set (each set's stage fitted on the other sets)
    unseen = outside(sets, final_pairs, args.eval_cap)
    held = {
        d: (
            shipped_logits(args.out, pairs),
            lexical_rows(pairs),
            np.asarray([p.label for p in pairs]),
        )
        for d, pairs in unseen.items()
    }
    stage_columns, best = choose_stage(held)
    stage, _, temperature, threshold, _ = best
    stage_table = table(stage_columns, {d: len(held[d][2]) for d in held})
    print(stage_table, flush=True)
    x = np.concatenate([stage_rows(stage, held[d][0], held[d][1]) for d in held])
    y = np.concatenate([held[d][2] for d in held])
    head = fit_stage(stage, x, y)
    head = Head(head.mean, head.scale, head.weights, head.biases, temperature)
    head.save(args.out / HEAD_FILE)
    defaults = {"--pairs": 12000, "--fold-pairs": 1500, "--eval-cap": 500, "--device": "cpu"}
    given = {
        "--pairs": args.pairs,
        "--fold-pairs": args.fold_pairs,
        "--eval-cap": args.eval_cap,
        "--device": args.device,
    }
    command = "python scripts/train_verifier_minilm.py" + "".join(
        f" {k} {shlex.quote(str(v))}" for k, v in given.items() if defaults[k] != v
    )
    if args.exclude:
        command += " --exclude " + " ".join(args.exclude)
    config = {
        "features_version": FEATURES_VERSION,
        "classes": list(CLASSES),
        "stage": stage,
        "threshold": threshold,
        "temperature": temperature,
        "trained_on": sorted(sets),
        "stage_lodo": {c[0]: {d: round(v, 4) for d, v in c[4].items()} for c in stage_columns},
        "recipe_lodo_means": recipe_means,
        "command": command,
    }
    (args.out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")
    files = [CROSS_FILE, TOKENIZER_FILE, HEAD_FILE, CONFIG_FILE]
    manifest = write_manifest(args.out, files, base_sha256=BASE_SHA256)
    card = CARD.format(
        stage=stage,
        temperature=temperature,
        threshold=threshold,
        wheel=BASE_WHEEL,
        base_sha=BASE_SHA256,
        n_final=len(final_pairs),
        batch=BATCH,
        lr=LEARNING_RATE,
        max_tokens=MAX_PAIR_TOKENS,
        files="\n".join(f"  - `{name}` `{sha}`" for name, sha in manifest["files"].items()),
        command=command,
        minutes=(time.time() - started + recipe.get("run_seconds", 0)) / 60,
        recipe_mean=recipe_means[STAGES[1]],
        lexical_mean=recipe_means["lexical-v1"],
        device="2 CPU cores" if args.device == "cpu" else "a GPU",
        data_rows="\n".join(
            f"| {d} | {len(v)} | "
            + " / ".join(str(sum(p.label == i for p in v)) for i in range(3))
            + f" | {LICENCES.get(d, 'see the datasets README')} |"
            for d, v in sets.items()
        ),
        n_fold=args.fold_pairs,
        eval_cap=args.eval_cap,
        recipe_table=recipe_table,
        stage_table=stage_table,
        missing=", ".join(sorted(set(sets) - set(unseen))) or "none",
    )
    (args.out / "README.md").write_text(card)
    print(f"wrote {args.out} ({stage}); {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
