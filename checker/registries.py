"""The backend names of claimcheck, each written once: one registry per kind (ingest/registry.py)
that resolves a name to its backend, lists the valid names for help texts, and gives one error,
UnknownBackendError, for an unknown name. Light to import: every backend is imported when built.

    embedder   minilm, hashing, st:NAME_OR_PATH                   (ingest/embeddings.py)
    verifier   lexical, lexical-strict, minilm, nli:NAME_OR_PATH, llm:PROVIDER:MODEL
    extractor  rules, llm:PROVIDER:MODEL
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ingest.embeddings import EMBEDDERS
from ingest.registry import Registry, UnknownBackendError

if TYPE_CHECKING:  # (the builders get the Settings, not imported: settings imports this)
    from checker.claims.extract import ClaimExtractor
    from checker.verify.base import Verifier

__all__ = ["EMBEDDERS", "EXTRACTORS", "REGISTRIES", "VERIFIERS", "UnknownBackendError"]


def _rules(argument: str, settings: Any) -> ClaimExtractor:
    from checker.claims.extract import RuleClaimExtractor

    return RuleClaimExtractor()


def _llm_extractor(argument: str, settings: Any) -> ClaimExtractor:
    from checker.claims.extract import RuleClaimExtractor
    from checker.claims.extract_llm import LLMClaimExtractor

    # a batch whose reply cannot be read gets the rule-based claims instead
    return LLMClaimExtractor.from_spec(
        f"llm:{argument}", settings.llm_base_url, RuleClaimExtractor()
    )


EXTRACTORS: Registry[ClaimExtractor] = Registry("claim extractor", default="rules")
EXTRACTORS.add("rules", _rules, "built in")
EXTRACTORS.add("llm:PROVIDER:MODEL", _llm_extractor)


def _minilm(argument: str, settings: Any) -> Verifier:
    from checker.verify.minilm import MiniLMVerifier

    return MiniLMVerifier()


def _lexical(argument: str, settings: Any) -> Verifier:
    from checker.verify.lexical import LexicalVerifier

    return LexicalVerifier.load_default()


def _lexical_strict(argument: str, settings: Any) -> Verifier:
    from checker.verify.lexical import LexicalVerifier

    return LexicalVerifier.load_default(weakest=True)


def _nli(argument: str, settings: Any) -> Verifier:
    from checker.verify.nli import NLIVerifier

    return NLIVerifier(argument)


def _llm_verifier(argument: str, settings: Any) -> Verifier:
    from checker.verify.llm import LLMVerifier

    return LLMVerifier.from_spec(f"llm:{argument}", settings.llm_base_url)


VERIFIERS: Registry[Verifier] = Registry("verifier", default="lexical")
VERIFIERS.add(
    "lexical",
    _lexical,
    "built in: word alignment, sentence meaning by MiniLM similarity, and explicit mismatches",
)
VERIFIERS.add(
    "lexical-strict",
    _lexical_strict,
    "built in: lexical, and supporting needs every content word of the claim matched (fewer "
    "supports, surer ones; see BENCHMARKS.md)",
)
VERIFIERS.add(
    "minilm",
    _minilm,
    "built in: MiniLM fine-tuned by the project as a cross-encoder; not yet better than "
    "lexical, see BENCHMARKS.md",
)
VERIFIERS.add("nli:NAME_OR_PATH", _nli, "a cross-encoder NLI model")
VERIFIERS.add("llm:PROVIDER:MODEL", _llm_verifier, "a chat model; --llm-base-url for a server")


REGISTRIES = {"embedder": EMBEDDERS, "verifier": VERIFIERS, "extractor": EXTRACTORS}
