"""Embedders: text -> L2-normalised float32 vectors.

`minilm` (the default for a new library) is all-MiniLM-L6-v2 run with onnxruntime
(`ingest.minilm`). `HashingEmbedder` is the weightless fallback (hashed word and character
n-grams): deterministic, fast, offline. `SentenceTransformerEmbedder` loads a named or local
sentence-transformers model and is only imported when asked for.

Building an embedder is cheap: models load on the first `embed`, so opening a library to list,
show or remove sources never loads one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from ingest.errors import ModelLoadError, missing
from ingest.registry import Registry


class Embedder(Protocol):
    id: str  # recorded in the collection: a library is searched with the embedder that built it
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class HashingEmbedder:
    """Signed feature hashing of word uni/bigrams and character 3-5-grams (scikit-learn)."""

    def __init__(self, dim: int = 384) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.dim = dim
        self.id = f"hashing-v1-{dim}"
        common = {"n_features": dim, "alternate_sign": True, "norm": "l2", "lowercase": True}
        # scikit-learn's own list (ingest.text.LIBRARY_STOP_WORDS), not the checker's adjusted
        # one: the vectors of existing hashing libraries must not change under the same id
        self._words = HashingVectorizer(
            analyzer="word", ngram_range=(1, 2), stop_words="english", **common
        )
        self._chars = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = list(texts)
        words = self._words.transform(texts)
        chars = self._chars.transform(texts)
        dense = (words * 0.7 + chars * 0.3).toarray()
        return _normalise(dense)


class SentenceTransformerEmbedder:
    """A sentence-transformers model named on the hub or saved in a local folder."""

    def __init__(self, name_or_path: str, batch_size: int = 32, device: str | None = None) -> None:
        self.name = name_or_path
        self.device = device
        self.batch_size = batch_size
        self.id = f"st:{name_or_path}"
        self._loaded = None

    @property
    def _model(self):
        if self._loaded is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:  # pragma: no cover - the package is a core dependency
                raise missing("sentence-transformers") from exc
            try:
                self._loaded = SentenceTransformer(self.name, device=self.device)
            except Exception as exc:  # noqa: BLE001 - any loader failure is the same to the user
                raise ModelLoadError(
                    f"cannot load sentence-transformers model {self.name!r}: {exc}. "
                    "Give a local folder, or a hub name on a machine with internet "
                    "(first download it there, then point to its folder)."
                ) from exc
        return self._loaded

    @property
    def dim(self) -> int:
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        return int(dim) if dim else int(self._model.encode(["x"]).shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


DEFAULT_EMBEDDER = "minilm"


def _minilm(argument: str, context: object = None) -> Embedder:
    from ingest.minilm import MiniLMEmbedder

    return MiniLMEmbedder()


def _hashing_dim(spec: str) -> str | None:
    """The dimension of a recorded id (`hashing-v1-384`) or of `hashing:DIM`."""
    for prefix in ("hashing-v1-", "hashing:"):
        if spec.startswith(prefix) and spec[len(prefix) :].isdigit():
            return spec[len(prefix) :]
    return None


EMBEDDERS: Registry[Embedder] = Registry("embedder", default=DEFAULT_EMBEDDER)
EMBEDDERS.add(
    "minilm",
    _minilm,
    "built in all-MiniLM-L6-v2",
    also=lambda spec: "" if spec == "minilm-l6-v2-int8" else None,  # the id it records
)
EMBEDDERS.add(
    "hashing",
    lambda dim, _: HashingEmbedder(int(dim or 384)),
    "built in, no weights",
    also=_hashing_dim,
)
EMBEDDERS.add(
    "st:NAME_OR_PATH",
    lambda name, _: SentenceTransformerEmbedder(name),
    "a sentence-transformers model",
)


def make_embedder(spec: str) -> Embedder:
    """Build an embedder from its setting or recorded id: `minilm`, `hashing`, `hashing:DIM` or
    `st:NAME_OR_PATH`; UnknownBackendError (a ConfigError) for anything else."""
    return EMBEDDERS.resolve(spec)
