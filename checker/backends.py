"""Build the configured backends from settings. The CLI and the web app both go through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.embeddings import make_embedder
from ingest.errors import ConfigError
from ingest.library import Library

from checker.settings import Settings

if TYPE_CHECKING:
    from checker.claims import ClaimExtractor
    from checker.pipeline import Checker
    from checker.verifiers.base import Verifier


def open_library(settings: Settings) -> Library:
    return Library.open(
        settings.store,
        make_embedder(settings.embedder),
        chroma_url=settings.chroma_url,
        collection=settings.collection,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
    )


def make_extractor(settings: Settings) -> ClaimExtractor:
    """The claim extractor named by `settings.extractor`."""
    spec = settings.extractor.strip()
    if spec == "rules":
        from checker.claims import RuleClaimExtractor

        return RuleClaimExtractor()
    raise ConfigError(f"unknown claim extractor {spec!r}: use 'rules' or 'llm:PROVIDER:MODEL'")


def make_verifier(settings: Settings) -> Verifier:
    """The verifier named by `settings.verifier`."""
    spec = settings.verifier.strip()
    if spec == "lexical":
        from checker.verifiers.lexical import LexicalVerifier

        return LexicalVerifier.load_default()
    raise ConfigError(
        f"unknown verifier {spec!r}: use 'lexical', 'nli:NAME_OR_PATH' or 'llm:PROVIDER:MODEL'"
    )


def build_checker(settings: Settings) -> Checker:
    """Everything a check needs, from the settings. Heavy: build once and reuse."""
    from checker.pipeline import Checker
    from checker.retrieval import HybridRetriever

    library = open_library(settings)
    return Checker(
        library=library,
        extractor=make_extractor(settings),
        verifier=make_verifier(settings),
        retriever=HybridRetriever(library),
        top_k=settings.top_k,
    )
