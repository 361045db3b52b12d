"""One registry of backend names: each name written once, one error for an unknown one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.backends import make_extractor, make_verifier
from checker.registries import EMBEDDERS, EXTRACTORS, REGISTRIES, VERIFIERS
from checker.settings import Settings
from ingest.embeddings import make_embedder
from ingest.errors import ConfigError
from ingest.registry import Registry, UnknownBackendError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("build", "bad", "kind"),
    [
        (make_embedder, "word2vec", "embedder"),
        (make_embedder, "st:", "embedder"),
        (make_embedder, "hashing-v1-wide", "embedder"),
        (lambda spec: make_verifier(Settings(verifier=spec)), "no-such-verifier", "verifier"),
        (lambda spec: make_verifier(Settings(verifier=spec)), "nli:", "verifier"),
        (lambda spec: make_extractor(Settings(extractor=spec)), "spacy", "claim extractor"),
    ],
)
def test_an_unknown_name_is_one_error_listing_the_valid_ones(build, bad, kind):
    with pytest.raises(UnknownBackendError) as err:
        build(bad)
    assert isinstance(err.value, ConfigError)
    registry = {"embedder": EMBEDDERS, "verifier": VERIFIERS, "claim extractor": EXTRACTORS}[kind]
    assert str(err.value) == f"unknown {kind} {bad!r}: use {registry.describe()}"
    assert "\n" not in str(err.value)


def test_names_and_their_spellings_resolve():
    assert make_embedder("hashing").id == "hashing-v1-384"
    assert make_embedder("hashing-v1-256").id == make_embedder("hashing:256").id == "hashing-v1-256"
    assert EMBEDDERS.find("minilm-l6-v2-int8")[0].name == "minilm"  # the id a library records
    assert VERIFIERS.find(" nli:cross-encoder/nli ")[1] == "cross-encoder/nli"
    assert VERIFIERS.find("llm:ollama:qwen2.5:7b")[1] == "ollama:qwen2.5:7b"
    assert make_extractor(Settings()).__class__.__name__ == "RuleClaimExtractor"


def test_the_defaults_and_help_texts_come_from_the_registries():
    settings = Settings()
    assert settings.verifier == VERIFIERS.default and settings.extractor == EXTRACTORS.default
    for name, registry in REGISTRIES.items():
        assert registry.default in registry.names
        described = Settings.model_fields[name].description or ""
        assert all(f"'{n}'" in described for n in registry.names), name
    help_text = subprocess.run(
        [sys.executable, "-m", "checker.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    ).stdout
    flat = " ".join(help_text.replace("│", " ").split())
    for registry in REGISTRIES.values():
        for n in registry.names:
            assert f"'{n}'" in flat, n


def test_a_registry_refuses_a_name_twice():
    registry: Registry[str] = Registry("thing")
    registry.add("a", lambda argument, context: "A")
    with pytest.raises(ValueError, match="registered twice"):
        registry.add("a", lambda argument, context: "B")
    assert registry.resolve("a") == "A"
