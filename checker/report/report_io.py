"""A Report as JSON (the models and schema of checker/report/schema/report.py, version 1.1) and
back.

Version 1.1 adds each claim's parts and sourcing flags and the article's flags; a 1.0 report
(written before them) still reads, with none.

`report_to_dict` / `report_from_dict` round-trip exactly; `dumps` is deterministic (keys sorted,
two-space indentation, UTF-8 text kept as is, claims/evidence/sources in the report's order,
which is meaningful: article order, best evidence first, first citation first).
`loads` and `read_report` check the schema and the cross-field rules that JSON Schema cannot
express, so a hand-edited or foreign file gives a one-line error instead of a traceback.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

from checker.models import (
    Article,
    Claim,
    ClaimResult,
    Evidence,
    Flag,
    Report,
    ReportSettings,
    Review,
    SourceRef,
    Span,
    Verdict,
)
from checker.report.schema import load_schema
from checker.report.schema.report import (
    READABLE_VERSIONS,
    SCHEMA_VERSION,
    ArticleDoc,
    ClaimDoc,
    EvidenceDoc,
    FlagDoc,
    PartDoc,
    ReportDoc,
    ReviewDoc,
    SettingsDoc,
    SourceDoc,
    SpanDoc,
    SummaryDoc,
)
from ingest.errors import ReportError

__all__ = ["READABLE_VERSIONS", "SCHEMA_VERSION", "ReportError"]
_MAX_MESSAGE = 160


# --- Report -> dict ---------------------------------------------------------------------------
# Written with model_construct: what the checker made is written as it is (no check on the way
# out, as before); reading checks it.


def report_to_dict(report: Report, *, include_article_text: bool = True) -> dict[str, Any]:
    """The report as plain JSON types, in the layout of the report schema.

    `include_article_text=False` leaves out the full article text (for a report published
    without a copy of the article); such a dict reloads with an empty `article.text`.
    """
    counts = report.counts()
    s = report.settings
    doc = ReportDoc.model_construct(
        schema_version=report.schema_version,
        check_id=report.check_id,
        article=ArticleDoc.model_construct(
            title=report.article.title,
            url=report.article.url,
            sha256=report.article.sha256,
            chars=len(report.article.text),
            text=report.article.text,
        ),
        generated_at=report.generated_at,
        settings=SettingsDoc.model_construct(**{**_shallow(s), "top_k": int(s.top_k)}),
        summary=SummaryDoc.model_construct(**{v.value: counts[v] for v in Verdict}),
        claims=[_claim_doc(r) for r in report.results],
        sources=[_source_doc(src) for src in report.sources],
        notes=list(report.notes),
        flags=[_flag_doc(f) for f in report.flags],
    )
    exclude = None if include_article_text else {"article": {"text"}}
    return doc.model_dump(mode="json", exclude=exclude)


def _flag_doc(flag: Flag) -> FlagDoc:
    return FlagDoc.model_construct(kind=flag.kind, words=flag.words, start=flag.start, end=flag.end)


def _part_doc(result: ClaimResult) -> PartDoc:
    part = result.claim
    return PartDoc.model_construct(
        id=part.id,
        kind=part.kind,
        text=part.text,
        start=int(part.start),
        end=int(part.end),
        checkworthiness=float(part.checkworthiness),
        query=part.query,
        verdict=result.verdict,
        confidence=float(result.confidence),
        reason=result.reason,
        evidence=[_evidence_doc(ev) for ev in result.evidence],
    )


def _claim_doc(result: ClaimResult) -> ClaimDoc:
    claim = result.claim
    review = result.review
    return ClaimDoc.model_construct(
        id=claim.id,
        text=claim.text,
        start=int(claim.start),
        end=int(claim.end),
        locations=[
            SpanDoc.model_construct(start=int(sp.start), end=int(sp.end)) for sp in claim.locations
        ],
        checkworthiness=float(claim.checkworthiness),
        query=claim.query,
        verdict=result.final_verdict,
        confidence=float(result.confidence),
        reason=result.reason,
        machine_verdict=result.verdict,
        review=None
        if review is None
        else ReviewDoc.model_construct(
            verdict=review.verdict,
            previous=review.previous,
            note=review.note,
            reviewed_at=review.reviewed_at,
        ),
        evidence=[_evidence_doc(ev) for ev in result.evidence],
        parts=[_part_doc(p) for p in result.parts],
        flags=[_flag_doc(f) for f in claim.flags],
    )


def _shallow(record: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict, values as they are (enums stay enums)."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


# Evidence, SourceRef and ReportSettings have exactly the fields of their documents (a test
# checks it)
def _evidence_doc(ev: Evidence) -> EvidenceDoc:
    numbers = {"start": int(ev.start), "end": int(ev.end), "score": float(ev.score)}
    return EvidenceDoc.model_construct(**{**_shallow(ev), **numbers})


def _source_doc(src: SourceRef) -> SourceDoc:
    return SourceDoc.model_construct(**_shallow(src))


# --- dict -> Report ---------------------------------------------------------------------------


def report_from_dict(d: dict[str, Any], *, validate: bool = True) -> Report:
    """The Report a `report_to_dict` dict describes; checks it first (schema and cross-field
    rules) unless `validate=False`, when only the models' own checks run."""
    if validate:
        validate_report_dict(d)
    doc = ReportDoc.model_validate(d)
    a, s = doc.article, doc.settings
    return Report(
        article=Article(text=a.text or "", title=a.title, url=a.url, sha256=a.sha256),
        generated_at=doc.generated_at,
        settings=ReportSettings(**dict(s)),
        results=tuple(_result_from_doc(c) for c in doc.claims),
        sources=tuple(_source_from_doc(src) for src in doc.sources),
        check_id=doc.check_id,
        schema_version=doc.schema_version,
        notes=tuple(doc.notes),
        flags=tuple(_flag_from_doc(f) for f in doc.flags),
    )


def _flag_from_doc(f: FlagDoc) -> Flag:
    return Flag(f.kind, f.words, f.start, f.end)


def _part_from_doc(p: PartDoc) -> ClaimResult:
    return ClaimResult(
        claim=Claim(
            id=p.id,
            text=p.text,
            start=p.start,
            end=p.end,
            locations=(Span(p.start, p.end),),
            checkworthiness=p.checkworthiness,
            query=p.query,
            kind=p.kind,
        ),
        verdict=p.verdict,
        confidence=p.confidence,
        reason=p.reason,
        evidence=tuple(_evidence_from_doc(ev) for ev in p.evidence),
    )


def _result_from_doc(c: ClaimDoc) -> ClaimResult:
    r = c.review
    parts = tuple(_part_from_doc(p) for p in c.parts)
    return ClaimResult(
        claim=Claim(
            id=c.id,
            text=c.text,
            start=c.start,
            end=c.end,
            locations=tuple(Span(sp.start, sp.end) for sp in c.locations),
            checkworthiness=c.checkworthiness,
            query=c.query,
            parts=tuple(p.claim for p in parts),
            flags=tuple(_flag_from_doc(f) for f in c.flags),
        ),
        verdict=c.machine_verdict,
        confidence=c.confidence,
        reason=c.reason,
        evidence=tuple(_evidence_from_doc(ev) for ev in c.evidence),
        review=None
        if r is None
        else Review(verdict=r.verdict, previous=r.previous, note=r.note, reviewed_at=r.reviewed_at),
        parts=parts,
    )


def _evidence_from_doc(ev: EvidenceDoc) -> Evidence:
    return Evidence(**dict(ev))


def _source_from_doc(src: SourceDoc) -> SourceRef:
    return SourceRef(**dict(src))


# --- validation -------------------------------------------------------------------------------


def validate_report_dict(d: Any) -> None:
    """Raise ReportError (one line) unless `d` is a valid report dict of a readable version,
    by the generated JSON Schema and the cross-field rules."""
    import jsonschema

    if not isinstance(d, dict):
        raise ReportError("not a claimcheck report: the JSON is not an object")
    version = d.get("schema_version")
    if version not in READABLE_VERSIONS:
        raise ReportError(
            f"report schema version {_short(repr(version))} is not supported "
            f"(this claimcheck reads {' and '.join(READABLE_VERSIONS)})"
        )
    validator = jsonschema.Draft202012Validator(load_schema("report"))
    error = jsonschema.exceptions.best_match(validator.iter_errors(d))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise ReportError(f"invalid report at {where}: {_short(error.message)}")
    problem = _cross_field_problem(d)
    if problem:
        raise ReportError(f"invalid report: {problem}")


def _cross_field_problem(d: dict[str, Any]) -> str | None:
    text = d["article"].get("text")
    if text is not None and d["article"]["chars"] != len(text):
        return f"article/chars is {d['article']['chars']} but the text has {len(text)}"
    claims = d["claims"]
    source_ids = [s["id"] for s in d["sources"]]
    for ids, what in ((source_ids, "source"), ([c["id"] for c in claims], "claim")):
        dup = next((i for i, n in Counter(ids).items() if n > 1), None)
        if dup is not None:
            return f"the {what} id {_short(dup)!r} occurs twice"
    known = set(source_ids)
    for i, c in enumerate(claims):
        where = f"claims/{i}"
        final = c["review"]["verdict"] if c["review"] else c["machine_verdict"]
        if c["verdict"] != final:
            return f"{where}/verdict is {c['verdict']} but should be {final} (the final verdict)"
        spans = [(c["start"], c["end"])] + [(sp["start"], sp["end"]) for sp in c["locations"]]
        if any(start > end for start, end in spans):
            return f"{where} has a span that ends before it starts"
        if text is not None:
            if any(end > len(text) for _, end in spans):
                return f"{where} has a span past the end of the article"
            if text[c["start"] : c["end"]] != c["text"]:
                return f"{where}/text is not the article text at [{c['start']}:{c['end']}]"
        for j, ev in enumerate(c["evidence"]):
            if ev["start"] > ev["end"]:
                return f"{where}/evidence/{j} ends before it starts"
            if ev["source_id"] not in known:
                return f"{where}/evidence/{j} cites a source missing from sources"
        for j, p in enumerate(c.get("parts", ())):
            if p["start"] > p["end"] or (text is not None and p["end"] > len(text)):
                return f"{where}/parts/{j} has a span outside the article"
            if any(ev["source_id"] not in known for ev in p["evidence"]):
                return f"{where}/parts/{j} cites a source missing from sources"
        problem = _flags_problem(c.get("flags", ()), text, where)
        if problem:
            return problem
    problem = _flags_problem(d.get("flags", ()), text, "flags")
    if problem:
        return problem
    counts = Counter(c["verdict"] for c in claims)
    for verdict in Verdict:
        if d["summary"][verdict.value] != counts[verdict.value]:
            return (
                f"summary/{verdict.value} is {d['summary'][verdict.value]} "
                f"but the claims give {counts[verdict.value]}"
            )
    return None


def _flags_problem(flags: list[dict[str, Any]], text: str | None, where: str) -> str | None:
    for j, f in enumerate(flags):
        if f["start"] > f["end"]:
            return f"{where}/flags/{j} ends before it starts"
        if text is not None and text[f["start"] : f["end"]] != f["words"]:
            return f"{where}/flags/{j}/words are not the article text at [{f['start']}:{f['end']}]"
    return None


def _short(message: str) -> str:
    line = " ".join(message.split())
    return line if len(line) <= _MAX_MESSAGE else line[: _MAX_MESSAGE - 3] + "..."


# --- text and files ---------------------------------------------------------------------------


def dumps_dict(d: dict[str, Any]) -> str:
    """Deterministic JSON text of a report dict (keys sorted, indent 2, non-ASCII kept)."""
    try:
        return json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"
    except ValueError as e:  # NaN or infinity in a score
        raise ReportError(f"the report cannot be written as JSON: {e}") from None


def dumps(report: Report, *, include_article_text: bool = True) -> str:
    """The report as deterministic JSON text: the same report always gives the same text."""
    return dumps_dict(report_to_dict(report, include_article_text=include_article_text))


def loads(s: str | bytes) -> Report:
    """The Report in a JSON text written by `dumps`; ReportError when it is not one."""
    if isinstance(s, bytes):
        try:
            s = s.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ReportError("not a claimcheck report: the file is not UTF-8") from None
    try:
        d = json.loads(s)
    except json.JSONDecodeError as e:
        raise ReportError(
            f"not a claimcheck report: invalid JSON at line {e.lineno} column {e.colno} ({e.msg})"
        ) from None
    return report_from_dict(d)


def write_report(report: Report, path: Path) -> None:
    """Write `dumps(report)` to `path` as UTF-8."""
    Path(path).write_text(dumps(report), encoding="utf-8", newline="\n")


def read_report(path: Path) -> Report:
    """The report saved at `path`; ReportError when it cannot be read or is not one."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise ReportError(f"cannot read the report {path}: {e.strerror or e}") from None
    return loads(data)
