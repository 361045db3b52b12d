"""The bibtex export: parsed back with bibtexparser, escaped, cited sources only."""

from __future__ import annotations

import bibtexparser
import pytest

from checker.models import Report
from checker.report.exports import export
from checker.report.exports.bibtex import bib_escape

# the inverse of the escaping, enough to read the titles back
_UNESCAPE = [
    (r"\textbackslash{}", "\\"),
    (r"\textbraceleft{}", "{"),
    (r"\textbraceright{}", "}"),
    (r"\textasciitilde{}", "~"),
    (r"\textasciicircum{}", "^"),
    (r"\textless{}", "<"),
    (r"\textgreater{}", ">"),
    (r"\textbar{}", "|"),
    (r"\%", "%"),
    (r"\&", "&"),
    (r"\$", "$"),
    (r"\#", "#"),
    (r"\_", "_"),
]


def _unescape(value: str) -> str:
    for escaped, ch in _UNESCAPE:
        value = value.replace(escaped, ch)
    return value


@pytest.fixture
def entries(report: Report) -> list[dict[str, str]]:
    return bibtexparser.loads(export(report, "bibtex").decode("utf-8")).entries


def test_cited_sources_only_in_citation_order(entries: list[dict[str, str]]) -> None:
    assert [e["ID"] for e in entries] == [
        "statistics2024-s1statso",
        "ministry-s2localn",
        "budget2023-s3budget",
    ]
    assert {e["ENTRYTYPE"] for e in entries} == {"misc"}


def test_fields(entries: list[dict[str, str]]) -> None:
    stats, notes, budget = entries
    assert stats["author"] == "{Jane Müller}"
    assert stats["url"] == "https://stats.example.gov/q1-2024"
    assert stats["howpublished"] == r"\url{https://stats.example.gov/q1-2024}"
    assert (stats["year"], stats["date"], stats["urldate"]) == ("2024", "2024-03-01", "2024-04-30")
    assert stats["note"] == "Primary source"
    assert "url" not in notes and "year" not in notes and notes["note"] == "Secondary source"
    assert budget["year"] == "2023"
    assert budget["url"] == "https://budget.example.eu/report%7B2023%7D?q=a%20b"
    assert budget["organization"] == r"EU Budget \& Co"


def test_titles_escaped_and_read_back(entries: list[dict[str, str]], sample) -> None:
    titles = [e["title"] for e in entries]
    assert all(t.startswith("{") and t.endswith("}") for t in titles)
    assert _unescape(titles[0][1:-1]) == sample.HOSTILE_SOURCE_TITLE
    assert _unescape(titles[2][1:-1]) == sample.BRACES_TITLE
    assert r"100\% \& more\_\$\#" in titles[2]


def test_braces_balance_in_every_entry(report: Report) -> None:
    text = export(report, "bibtex").decode("utf-8")
    for chunk in text.split("\n@")[0:]:
        depth = 0
        for ch in chunk:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0
        assert depth == 0


def test_bib_escape() -> None:
    assert bib_escape("a{b}c") == r"a\textbraceleft{}b\textbraceright{}c"
    assert bib_escape("50% & $5 #1 a_b ~ ^ \\") == (
        r"50\% \& \$5 \#1 a\_b \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert bib_escape("line\nbreak  here") == "line break here"


def test_report_without_evidence_has_no_entries(report: Report) -> None:
    import dataclasses

    bare = dataclasses.replace(report, results=(report.results[2],))
    assert export(bare, "bibtex") == b""


def test_keys_stay_unique_when_titles_and_ids_look_alike(report: Report) -> None:
    import dataclasses

    from checker.report.exports.common import citation_keys

    base = report.sources[0]
    twins = [dataclasses.replace(base, id=f"s1statsoffice-{n}") for n in range(3)]
    keys = citation_keys(twins)
    assert list(keys.values()) == [
        "statistics2024-s1statso",
        "statistics2024-s1statso-2",
        "statistics2024-s1statso-3",
    ]
    assert citation_keys([dataclasses.replace(base, id="--", title="", published=None)]) == {
        "--": "source"
    }
