"""Build the configured backends from settings. The CLI and the web app both go through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.settings import Settings
from ingest.embeddings import make_embedder
from ingest.errors import ConfigError
from ingest.library import Library

if TYPE_CHECKING:
    from checker.claims import ClaimExtractor
    from checker.pipeline import Checker
    from checker.retrieval import HybridRetriever
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
    if spec.startswith("llm:"):
        from checker.claims import RuleClaimExtractor
        from checker.claims_llm import LLMClaimExtractor

        # a batch whose reply cannot be read gets the rule-based claims instead
        return LLMClaimExtractor.from_spec(spec, settings.llm_base_url, RuleClaimExtractor())
    raise ConfigError(f"unknown claim extractor {spec!r}: use 'rules' or 'llm:PROVIDER:MODEL'")


def make_verifier(settings: Settings) -> Verifier:
    """The verifier named by `settings.verifier`."""
    spec = settings.verifier.strip()
    if spec == "lexical":
        from checker.verifiers.lexical import LexicalVerifier

        return LexicalVerifier.load_default()
    if spec.startswith("nli:") and spec[4:].strip():
        from checker.verifiers.nli import NLIVerifier

        return NLIVerifier(spec[4:].strip())
    if spec.startswith("llm:"):
        from checker.verifiers.llm import LLMVerifier

        return LLMVerifier.from_spec(spec, settings.llm_base_url)
    raise ConfigError(
        f"unknown verifier {spec!r}: use 'lexical', 'nli:NAME_OR_PATH' or 'llm:PROVIDER:MODEL'"
    )


def make_retriever(settings: Settings, library: Library) -> HybridRetriever:
    """Hybrid retrieval over `library`, reranked when `settings.reranker` names a model."""
    from checker.rerank import make_reranker
    from checker.retrieval import HybridRetriever

    return HybridRetriever(library, reranker=make_reranker(settings.reranker))


def build_checker(settings: Settings, library: Library | None = None) -> Checker:
    """Everything a check needs, from the settings. Heavy: build once and reuse.

    Pass `library` to share one open library (the web app's Sources page and its checks)."""
    from checker.pipeline import Checker

    library = library or open_library(settings)
    return Checker(
        library=library,
        extractor=make_extractor(settings),
        verifier=make_verifier(settings),
        retriever=make_retriever(settings, library),
        top_k=settings.top_k,
    )
