"""The `csv` export: one row per claim with its final verdict and its top citation.

The last two columns list the claim's parts with their verdicts (one per line) and its
sourcing flags ("anonymous source: "Sources say"").

UTF-8 with a byte-order mark (spreadsheet programs then read the accents right), CRLF line
endings. Every cell that starts with =, +, -, @, a tab or a carriage return (or their
full-width forms) gets a leading ' so that no spreadsheet runs it as a formula (OWASP, "CSV
injection").
"""

from __future__ import annotations

import csv
import io

from checker.models import Report
from checker.report.exports.common import (
    VERDICT_LABELS,
    cited_sources,
    confidence_text,
    display_title,
    flags_text,
    part_line,
    public_url,
    top_evidence,
)

HEADER = (
    "Claim ID",
    "Claim",
    "Verdict",
    "Confidence",
    "Reason",
    "Reviewed",
    "Machine verdict",
    "Review note",
    "Source title",
    "Source URL",
    "Source published",
    "Quote",
    "Parts",
    "Sourcing flags",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(cell: str) -> str:
    """`cell` made inert for spreadsheets: a leading ' when it could start a formula (also
    after leading spaces or line breaks, which some spreadsheet programs skip)."""
    return "'" + cell if cell.lstrip(" \n").startswith(_FORMULA_STARTS) else cell


def render(report: Report) -> bytes:
    sources = {s.id: s for s in cited_sources(report)}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for result in report.results:
        ev = top_evidence(result)
        source = sources[ev.source_id] if ev else None
        row = (
            result.claim.id,
            result.claim.text,
            VERDICT_LABELS[result.final_verdict],
            confidence_text(result.confidence),
            result.reason,
            "yes" if result.review else "no",
            VERDICT_LABELS[result.verdict],
            result.review.note if result.review else "",
            display_title(source) if source else "",
            public_url(source.url or ev.url) if source and ev else "",
            (source.published or "") if source else "",
            ev.quote if ev else "",
            "\n".join(part_line(p) for p in result.parts),
            flags_text(result.claim.flags),
        )
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")
