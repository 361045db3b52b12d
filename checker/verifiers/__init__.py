"""Verifiers: read evidence sentences against a claim (see `base.Verifier`)."""

from checker.verifiers.base import Verifier
from checker.verifiers.lexical import LexicalVerifier

__all__ = ["LexicalVerifier", "Verifier"]
