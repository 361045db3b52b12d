"""The built-in MiniLM: the base weights and the shipped encoder are checked by sha256 before
use, and the encoder embeds text as all-MiniLM-L6-v2 does (paraphrases close, the rest far)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from ingest.errors import ModelLoadError
from ingest.minilm import (
    BASE_SHA256,
    ENCODER_DIR,
    MODEL_FILE,
    MiniLMEmbedder,
    OnnxEncoder,
    base_model_dir,
    check_base_weights,
)


def test_the_pinned_base_weights_are_the_official_ones():
    folder = base_model_dir()
    assert (folder / "model.safetensors").is_file()
    assert check_base_weights(folder, BASE_SHA256) == folder


def test_tampered_base_weights_are_refused(tmp_path):
    fake = tmp_path / "minilm"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"not the official weights")
    with pytest.raises(ModelLoadError, match="refusing the base weights"):
        check_base_weights(fake)


def _copy_encoder(tmp_path: Path) -> Path:
    folder = tmp_path / "minilm"
    shutil.copytree(ENCODER_DIR, folder)
    return folder


def test_a_tampered_encoder_is_refused_with_the_command_that_rebuilds_it(tmp_path):
    folder = _copy_encoder(tmp_path)
    data = bytearray((folder / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the middle of the weights
    (folder / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelLoadError) as info:
        OnnxEncoder(folder)
    message = str(info.value)
    assert "sha256" in message and "make train" in message and "\n" not in message


def test_a_missing_encoder_file_is_refused(tmp_path):
    folder = _copy_encoder(tmp_path)
    (folder / "tokenizer.json").unlink()
    with pytest.raises(ModelLoadError, match="missing.*make train"):
        OnnxEncoder(folder)


def test_paraphrases_are_close_and_unrelated_sentences_far():
    vectors = MiniLMEmbedder().embed(
        [
            "The core team was removed by the company.",
            "The company dismissed the core development team.",
            "The harbour will be dredged to a depth of twelve metres.",
        ]
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    paraphrase = float(vectors[0] @ vectors[1])
    unrelated = float(vectors[0] @ vectors[2])
    assert paraphrase > 0.6 and unrelated < 0.2, (paraphrase, unrelated)


def test_embeddings_do_not_depend_on_the_batch():
    embedder = MiniLMEmbedder()
    texts = ["A short one.", "A much longer sentence, " * 10 + "with padding in its batch."]
    together = embedder.embed(texts)
    alone = np.concatenate([embedder.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-4)
