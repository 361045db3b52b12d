"""Pure parsers of a chat model's text replies: JSON (fenced or not) -> typed results.

They never raise on bad input: a reply that cannot be read gives a result whose `problem` says
why, and the caller turns that into an unverified verdict (or skipped claims) with a reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from checker.llm.prompt import from_data
from checker.models import Stance

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_MAX_STARTS = 20  # positions tried when looking for a JSON value inside prose

LABELS: dict[str, Stance] = {
    **dict.fromkeys(
        ("supports", "support", "supported", "supporting", "entailment", "entails", "true"),
        Stance.SUPPORTS,
    ),
    **dict.fromkeys(
        (
            "contradicts",
            "contradict",
            "contradicted",
            "contradicting",
            "contradiction",
            "refutes",
            "refute",
            "refuted",
            "false",
        ),
        Stance.CONTRADICTS,
    ),
    **dict.fromkeys(
        (
            "neutral",
            "not_enough_info",
            "not_enough_information",
            "nei",
            "unverified",
            "unknown",
            "none",
            "irrelevant",
            "unrelated",
        ),
        Stance.NEUTRAL,
    ),
}


def _excerpt(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def extract_json(text: str) -> tuple[Any, str]:
    """The JSON value in a model's reply and "", or None and the reason it has none.

    Reads a bare JSON reply or one inside a ``` fence (```json or plain) with langchain's
    parse_json_markdown, strictly (a reply cut off mid-way is not read: its judgement is not
    whole), or the first JSON object or array inside prose; drops <think>...</think> first.
    """
    from langchain_core.utils.json import parse_json_markdown

    body = _THINK.sub("", text or "").strip()
    if not body:
        return None, "the model gave an empty reply"
    try:
        return parse_json_markdown(body, parser=json.loads), ""
    except ValueError:
        pass
    # kept by hand: langchain's parsers do not look for JSON inside prose ("Here it is: {...}")
    decoder = json.JSONDecoder()
    for start in [m.start() for m in re.finditer(r"[\[{]", body)][:_MAX_STARTS]:
        try:
            value, _ = decoder.raw_decode(body, start)
        except ValueError:
            continue
        if isinstance(value, dict | list):
            return value, ""
    return None, f"the model's reply is not valid JSON ({_excerpt(body)!r})"


def _items(value: Any, keys: tuple[str, ...]) -> list[Any] | None:
    """The list of records in `value`: under one of `keys`, the value itself, or one record."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in keys:
            if isinstance(value.get(key), list):
                return value[key]
        return None
    return None


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        digits = re.search(r"\d+", value)
        return int(digits.group()) if digits else None
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _first(record: dict, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in record and record[key] is not None:
            return record[key]
    return None


def normalise_label(label: Any) -> Stance | None:
    """A stance for a label such as "supports", "Refuted", "NOT ENOUGH INFO"; None if unknown."""
    if not isinstance(label, str):
        return None
    key = re.sub(r"[\s\-]+", "_", label.strip().lower())
    return LABELS.get(key)


def _confidence(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).strip().rstrip("%"))
    except ValueError:
        return None
    if 1.0 < number <= 100.0:
        number /= 100.0
    return number if 0.0 <= number <= 1.0 else None


def _quote(value: Any) -> str:
    quote = from_data(_text(value))
    if len(quote) >= 2 and quote[0] == quote[-1] and quote[0] in "\"'“”":
        quote = quote[1:-1].strip()
    return quote


@dataclass(frozen=True)
class Finding:
    """The model's reading of one numbered source."""

    source: int | None  # the 1-based source number, None when missing or out of range
    stance: Stance
    quote: str  # "" when the model gave none; unescaped
    rationale: str = ""
    confidence: float | None = None


@dataclass(frozen=True)
class Findings:
    findings: tuple[Finding, ...] = ()
    problem: str = ""  # why the reply could not be read; "" when it could


FINDING_KEYS = ("findings", "results", "judgements", "judgments", "verdicts", "sources")


def parse_findings(text: str, n_sources: int) -> Findings:
    """The findings of a verification reply (prompt verify_claim.v1).

    Accepts {"findings": [...]}, a bare list, or one record {"label": ..., "source": ...}.
    Records with an unknown label are dropped; if no record can be read, `problem` says why.
    """
    value, problem = extract_json(text)
    if problem:
        return Findings(problem=problem)
    records = _items(value, FINDING_KEYS)
    if records is None and isinstance(value, dict) and _first(value, ("label", "verdict")):
        records = [value]
    if records is None:
        return Findings(problem="the model's reply has no list of findings")
    findings: list[Finding] = []
    bad: list[str] = []
    for record in records:
        if not isinstance(record, dict):
            bad.append(f"not a record: {_excerpt(str(record), 40)!r}")
            continue
        raw_label = _first(record, ("label", "verdict", "stance"))
        stance = normalise_label(raw_label)
        if stance is None:
            bad.append(f"unknown label {_excerpt(str(raw_label), 40)!r}")
            continue
        number = _number(_first(record, ("source", "source_id", "id", "source_number")))
        findings.append(
            Finding(
                source=number if number is not None and 1 <= number <= n_sources else None,
                stance=stance,
                quote=_quote(_first(record, ("quote", "evidence", "passage"))),
                rationale=_excerpt(
                    _text(_first(record, ("rationale", "reason", "explanation"))), 300
                ),
                confidence=_confidence(_first(record, ("confidence", "probability", "score"))),
            )
        )
    if bad and not findings:
        return Findings(problem="the model's findings could not be read: " + "; ".join(bad[:3]))
    return Findings(tuple(findings))


@dataclass(frozen=True)
class ExtractedClaim:
    text: str
    sentence: int | None = None  # the 1-based sentence number the model gave


@dataclass(frozen=True)
class ExtractedClaims:
    claims: tuple[ExtractedClaim, ...] = ()
    problem: str = ""


def parse_claims(text: str) -> ExtractedClaims:
    """The claims of an extraction reply (prompt extract_claims.v1).

    Accepts {"claims": [{"sentence": 3, "claim": "..."}]}, a bare list, or plain strings.
    """
    value, problem = extract_json(text)
    if problem:
        return ExtractedClaims(problem=problem)
    records = _items(value, ("claims", "items", "results"))
    if records is None:
        return ExtractedClaims(problem="the model's reply has no list of claims")
    claims: list[ExtractedClaim] = []
    for record in records:
        if isinstance(record, str) and record.strip():
            claims.append(ExtractedClaim(from_data(" ".join(record.split()))))
        elif isinstance(record, dict):
            claim = _text(_first(record, ("claim", "text", "statement")))
            if claim:
                number = _number(_first(record, ("sentence", "sentence_id", "sentence_number")))
                claims.append(ExtractedClaim(from_data(" ".join(claim.split())), number))
    if records and not claims:
        return ExtractedClaims(problem="the model's claims could not be read")
    return ExtractedClaims(tuple(claims))
