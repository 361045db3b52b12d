"""The report file format as pydantic models: what `checker.report.report_io` writes and reads, and
the source of the JSON Schema (`report_schema()`, shipped as report.schema.json beside this file and
checked against it by the tests; `python -m checker.report.schema` writes it again).

Version 1.1 adds each claim's parts and sourcing flags and the article's flags; they default to
empty, so a 1.0 report (written before them) still reads. Rules that span fields, which JSON
Schema cannot express, are checked by `checker.report.report_io.validate_report_dict`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from checker.models import FlagKind, Stance, Verdict
from ingest.models import Tier

SCHEMA_VERSION = "1.1"
READABLE_VERSIONS = ("1.0", SCHEMA_VERSION)
SCHEMA_ID = f"urn:claimcheck:schema:report:{SCHEMA_VERSION}"

Offset = Annotated[int, Field(ge=0)]
NonEmpty = Annotated[str, Field(min_length=1)]
Confidence = Annotated[float, Field(ge=0, le=1)]
OptionalDate = Annotated[
    str | None, Field(description="ISO 8601 date (YYYY-MM-DD, or a prefix of it) when known.")
]


def _cites_when_decisive(field: str, what: str) -> dict[str, Any]:
    return {
        "description": f"A supported or contradicted {what} cites at least one quote.",
        "if": {
            "properties": {field: {"enum": [Verdict.SUPPORTED.value, Verdict.CONTRADICTED.value]}},
            "required": [field],
        },
        "then": {"properties": {"evidence": {"minItems": 1}}},
    }


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SpanDoc(_Doc):
    start: Offset
    end: Offset


class FlagDoc(_Doc):
    """A sourcing flag: article.text[start:end] == words (empty words and 0, 0 for a flag on
    the whole article)."""

    kind: FlagKind
    words: str
    start: Offset
    end: Offset


class ReviewDoc(_Doc):
    verdict: Verdict
    previous: Verdict
    note: str
    reviewed_at: str


class EvidenceDoc(_Doc):
    """A quote cited for a claim: source text [start:end] of the source source_id."""

    source_id: NonEmpty
    url: str
    title: str
    published: OptionalDate
    tier: Tier
    quote: NonEmpty
    start: Offset
    end: Offset
    stance: Stance
    score: float
    retrieved_at: str
    location: str = ""


class PartDoc(_Doc):
    """One separate fact of a claim's sentence: text is the self-contained statement, start/end
    the article characters it was read from (article.text[start:end] == text when the part is
    verbatim). The claim's machine verdict is derived from its parts."""

    model_config = ConfigDict(
        json_schema_extra={"allOf": [_cites_when_decisive("verdict", "part")]}
    )

    id: NonEmpty
    kind: str
    text: NonEmpty
    start: Offset
    end: Offset
    checkworthiness: float
    query: str
    verdict: Verdict
    confidence: Confidence
    reason: str
    evidence: list[EvidenceDoc]


class ClaimDoc(_Doc):
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                _cites_when_decisive("machine_verdict", "machine verdict"),
                {
                    "description": "An unverified machine verdict says why.",
                    "if": {
                        "properties": {"machine_verdict": {"const": Verdict.UNVERIFIED.value}},
                        "required": ["machine_verdict"],
                    },
                    "then": {"properties": {"reason": {"minLength": 1}}},
                },
            ]
        }
    )

    id: NonEmpty
    text: NonEmpty
    start: Offset
    end: Offset
    locations: list[SpanDoc]
    checkworthiness: float
    query: str
    verdict: Verdict = Field(
        description="The final verdict: the reviewer's when the claim was reviewed, else "
        "machine_verdict."
    )
    confidence: Confidence
    reason: str
    machine_verdict: Verdict
    review: ReviewDoc | None
    evidence: list[EvidenceDoc]
    parts: list[PartDoc] = Field(
        default=[], description="The separate facts of the sentence (empty when it states one)."
    )
    flags: list[FlagDoc] = Field(
        default=[], description="How the sentence is sourced; flags never change the verdict."
    )


class SourceDoc(_Doc):
    id: NonEmpty
    url: str
    location: str
    title: str
    author: str
    site: str
    published: OptionalDate
    retrieved_at: str
    tier: Tier


class ArticleDoc(_Doc):
    title: str
    url: str
    sha256: str
    chars: Offset = Field(description="Length of the article text in code points.")
    text: str | None = Field(
        default=None,
        description="The full article text the claim offsets index into. Optional: present "
        "unless left out on export.",
        json_schema_extra=lambda schema: schema.update(type="string", anyOf=None),
    )


class SettingsDoc(_Doc):
    embedder: str
    verifier: str
    extractor: str
    store: str
    top_k: Annotated[int, Field(ge=1)]


class SummaryDoc(_Doc):
    """Number of claims per final (reviewed where reviewed) verdict."""

    supported: Offset
    contradicted: Offset
    unverified: Offset


class ReportDoc(_Doc):
    """A fact-check of one article: its claims, their verdicts and the quoted evidence from the
    sources cited. Offsets (start, end) count Unicode code points. article.text (the full
    checked text) is optional: it is written by default so that a report can be reopened and
    re-rendered with its claims highlighted, and can be left out of a report that is published.
    Cross-field rules that JSON Schema cannot express (summary counts, verdict = review.verdict
    when reviewed, offsets inside the text, evidence citing a listed source) are checked by
    checker.report.report_io.validate_report_dict."""

    schema_version: Literal["1.0", "1.1"] = Field(
        description="1.1 adds claim parts and sourcing flags; a 1.0 report has neither and "
        "still reads."
    )
    check_id: str
    article: ArticleDoc
    generated_at: str = Field(
        description="When the check ran, ISO 8601 (UTC).",
        json_schema_extra={"format": "date-time"},
    )
    settings: SettingsDoc
    summary: SummaryDoc
    claims: list[ClaimDoc]
    sources: list[SourceDoc]
    notes: list[str] = []
    flags: list[FlagDoc] = Field(default=[], description="Flags on the whole article.")


# the names of the schema's definitions, as the hand-written schema of version 1.0 had them
_DEF_NAMES = {
    "Verdict": "verdict",
    "Stance": "stance",
    "Tier": "tier",
    "SpanDoc": "span",
    "FlagDoc": "flag",
    "ReviewDoc": "review",
    "EvidenceDoc": "evidence",
    "PartDoc": "part",
    "ClaimDoc": "claim",
    "SourceDoc": "source",
    "ArticleDoc": "article",
    "SettingsDoc": "settings",
    "SummaryDoc": "summary",
}
_INLINE = ("FlagKind",)  # used once: written where it is used, as in version 1.0
_REF = re.compile(r"^#/\$defs/(\w+)$")


def _tidy(node: Any, inline: dict[str, Any], *, in_properties: bool = False) -> Any:
    """Definitions renamed, pydantic's generated titles dropped, one-line descriptions."""
    if isinstance(node, list):
        return [_tidy(item, inline) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref[8:] in inline:
        return _tidy({**inline[ref[8:]], **{k: v for k, v in node.items() if k != "$ref"}}, inline)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if in_properties:  # keys are property names here, never keywords
            out[key] = _tidy(value, inline)
        elif key == "title" and isinstance(value, str):
            continue
        elif key == "$ref" and isinstance(value, str) and _REF.match(value):
            out[key] = f"#/$defs/{_DEF_NAMES.get(value[8:], value[8:])}"
        elif key == "$defs":
            out[key] = {
                _DEF_NAMES.get(name, name): _tidy(d, inline)
                for name, d in value.items()
                if name not in inline
            }
        elif key == "description" and isinstance(value, str):
            out[key] = " ".join(value.split())
        elif value is None:  # a key a json_schema_extra callable removed
            continue
        else:
            out[key] = _tidy(value, inline, in_properties=key == "properties")
    return out


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a report file, generated from `ReportDoc`."""
    generated = ReportDoc.model_json_schema()
    inline = {name: generated["$defs"][name] for name in _INLINE}
    generated = _tidy(generated, inline)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "claimcheck report",
        **generated,
    }
