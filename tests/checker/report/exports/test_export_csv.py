"""The csv export: one row per claim, BOM, CRLF, no formula injection."""

from __future__ import annotations

import csv
import io

from checker.models import Report
from checker.report.exports import export
from checker.report.exports.csv_table import HEADER, neutralise


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_claim_with_top_citation(report: Report, sample) -> None:
    data = export(report, "csv")
    rows = _rows(data)
    assert [r["Claim ID"] for r in rows] == ["c1", "c2", "c3", "c4", "c5", "c6"]
    assert list(rows[0]) == list(HEADER)
    first = rows[0]
    assert first["Claim"] == "Le déficit a atteint 4,2 % du PIB en 2023."
    assert first["Verdict"] == "Supported" and first["Confidence"] == "0.91"
    assert first["Quote"] == "The deficit reached 4.2% of GDP in 2023."
    assert first["Source URL"] == "https://stats.example.gov/q1-2024"
    assert first["Source published"] == "2024-03-01"
    assert first["Reviewed"] == "no" and first["Review note"] == ""


def test_lines_end_with_crlf(report: Report) -> None:
    data = export(report, "csv")
    assert data[3:].split(b"\r\n")[0].decode() == ",".join(HEADER)
    assert data.endswith(b"\r\n")
    assert data.count(b"\r\n") >= len(report.results) + 1


def test_reviewed_claim_shows_the_reviewer_verdict_and_note(report: Report, sample) -> None:
    row = _rows(export(report, "csv"))[3]
    assert row["Verdict"] == "Contradicted"
    assert row["Machine verdict"] == "Unverified"
    assert row["Reviewed"] == "yes"
    assert row["Review note"] == sample.REVIEW_NOTE  # line break kept inside the cell


def test_claim_without_evidence_has_empty_citation_cells(report: Report) -> None:
    row = _rows(export(report, "csv"))[2]
    assert row["Verdict"] == "Unverified"
    assert row["Reason"] == "No source in the library mentions tree planting."
    assert row["Source title"] == row["Source URL"] == row["Quote"] == ""


def test_formula_cells_are_neutralised(report: Report, sample) -> None:
    rows = _rows(export(report, "csv"))
    assert rows[3]["Quote"] == "'" + sample.HYPERLINK_QUOTE
    assert rows[0]["Source title"] == "'" + sample.HOSTILE_SOURCE_TITLE
    assert rows[1]["Reason"] == "'-The office reports 3.6%, not 3.1%."
    for row in rows:
        for cell in row.values():
            assert not cell.lstrip(" \n").startswith(("=", "+", "-", "@", "\t", "\r"))


def test_neutralise() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+33 1 23") == "'+33 1 23"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\t=cmd") == "'\t=cmd"
    assert neutralise("\r=cmd") == "'\r=cmd"
    assert neutralise("  =cmd") == "'  =cmd"
    assert neutralise("\uff1dcmd") == "'\uff1dcmd"
    assert neutralise("a = b") == "a = b"
    assert neutralise("") == ""


def test_top_citation_agrees_with_the_reviewed_verdict(report: Report) -> None:
    """A reviewer who overturns a claim gets the contradicting quote as its top citation."""
    import dataclasses

    from checker.models import Review, Stance, Verdict

    first, second = report.results[0], report.results[1]
    against = second.evidence[0]
    assert against.stance is Stance.CONTRADICTS
    overturned = dataclasses.replace(
        first,
        evidence=(first.evidence[0], against),
        review=Review(verdict=Verdict.CONTRADICTED, previous=Verdict.SUPPORTED, note="n"),
    )
    changed = dataclasses.replace(report, results=(overturned, *report.results[1:]))
    row = _rows(export(changed, "csv"))[0]
    assert row["Verdict"] == "Contradicted"
    assert row["Quote"] == against.quote
    assert _rows(export(report, "csv"))[0]["Quote"] == first.evidence[0].quote


def test_parts_and_sourcing_flags_have_their_columns(report: Report) -> None:
    rows = _rows(export(report, "csv"))
    assert HEADER[-2:] == ("Parts", "Sourcing flags")
    assert rows[5]["Parts"].splitlines() == [
        "Unverified (1.00): Sources say the city's largest employer hired 900 dockers.",
        "Supported (0.80): The city's largest employer is the port.",
    ]
    assert rows[5]["Sourcing flags"] == 'anonymous source: "Sources say"'
    assert rows[0]["Parts"] == "" and rows[0]["Sourcing flags"] == ""
