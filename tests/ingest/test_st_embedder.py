"""sentence-transformers embeddings (`st:NAME_OR_PATH`) with a tiny BERT built and saved by the
test: loading, batching and normalisation, a library searched with them, and `claimcheck
reindex` moving a library from one embedder to another."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ingest.embeddings import SentenceTransformerEmbedder, make_embedder
from ingest.errors import EmbedderMismatchError, ModelLoadError
from ingest.library import Library
from ingest.models import Document

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "Kestrel-3.5 was trained on 14.2 million documents.",
    "The model was released by Aurora Labs in March 2024.",
    "It answers questions in English and French.",
    "The bridge over the river opened to traffic in June 2023.",
]


def _tiny_models():
    spec = importlib.util.spec_from_file_location(
        "claimcheck_tiny_models", ROOT / "tests" / "tiny_models.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def st_model(tmp_path_factory) -> Path:
    return _tiny_models().build_st_model(tmp_path_factory.mktemp("st"), TEXTS)


def claimcheck(store: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", "--store", str(store), *args],
        capture_output=True,
        timeout=300,
        cwd=ROOT,
    )


def test_st_embeddings_are_batched_normalised_and_consistent(st_model):
    embedder = make_embedder(f"st:{st_model}")
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.id == f"st:{st_model}" and embedder.dim == 32
    vectors = embedder.embed(TEXTS * 20)  # more than one batch
    assert vectors.shape == (80, 32) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    one_by_one = np.vstack([embedder.embed([t]) for t in TEXTS])
    assert np.allclose(vectors[:4], one_by_one, atol=1e-5)
    assert not np.allclose(vectors[0], vectors[1])  # the written vocabulary is used
    assert embedder.embed([]).shape == (0, 32)


def test_a_library_built_and_searched_with_st_vectors(st_model, tmp_path):
    library = Library.open(tmp_path / "store", make_embedder(f"st:{st_model}"))
    for i, text in enumerate(TEXTS):
        library.add(Document(location=f"https://example.org/{i}", text=text, title=f"Doc {i}"))
    for text in TEXTS:  # each text finds itself first (cosine 1)
        assert library.vector_search(text, 2)[0].chunk.text == text
    assert library.built_with() == f"st:{st_model}"
    library.close()


@pytest.mark.slow
def test_reindex_moves_a_library_to_another_embedder(st_model, tmp_path):
    store = tmp_path / "store"
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, text in enumerate(TEXTS):
        (docs / f"doc{i}.md").write_text(f"# Doc {i}\n\n{text}\n", encoding="utf-8")
    assert claimcheck(store, "--embedder", "hashing", "ingest", str(docs)).returncode == 0
    # the library remembers its embedder: later commands need no flag
    listed = claimcheck(store, "sources")
    assert listed.returncode == 0 and listed.stdout.decode().count("Doc ") == 4

    spec = f"st:{st_model}"
    refused = claimcheck(store, "--embedder", spec, "sources")
    assert refused.returncode == 1
    assert b"claimcheck reindex --embedder" in refused.stderr and b"Traceback" not in refused.stderr

    done = claimcheck(store, "reindex", "--embedder", spec)
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert f"reindexed 4 chunks of 4 sources with {spec} (was hashing-v1-384)" in out

    library = Library.open(store, make_embedder(spec))
    for i, text in enumerate(TEXTS):  # each chunk, searched with its own text, comes first
        assert library.vector_search(f"# Doc {i}\n\n{text}", 1)[0].chunk.text.endswith(text)
    library.close()
    with pytest.raises(EmbedderMismatchError):
        Library.open(store, make_embedder("hashing"))
    back = claimcheck(store, "--embedder", "hashing", "reindex")  # the global option works too
    assert back.returncode == 0 and b"with hashing-v1-384" in back.stdout


def test_an_unloadable_model_is_a_one_line_error(tmp_path):
    missing = tmp_path / "no-model"
    with pytest.raises(ModelLoadError, match="no-model"):
        make_embedder(f"st:{missing}").embed(["the model loads on first use"])
    result = claimcheck(tmp_path / "store", "reindex", "--embedder", f"st:{missing}")
    assert result.returncode == 1
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "no-model" in lines[0]
