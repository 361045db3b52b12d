"""The verifier interface: every backend (lexical, NLI cross-encoder, LLM) reads the same way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from checker.models import Candidate, Claim, Judgement


@runtime_checkable
class Verifier(Protocol):
    """Reads evidence sentences against a claim.

    `judge` returns one Judgement per candidate, in the order given (probabilities of supports,
    contradicts, neutral that sum to 1). A verifier that quotes part of a candidate sets
    `Judgement.quote`; the aggregation only counts it if that text is found in the candidate.
    """

    id: str

    def judge(self, claim: Claim, candidates: Sequence[Candidate]) -> list[Judgement]: ...
