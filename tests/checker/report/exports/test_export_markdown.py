"""The md export: rendered with a real Markdown parser, hostile text stays text."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from checker.models import Report
from checker.report.exports import export
from checker.report.exports.markdown import md_text

TABLE_WIDTHS = {"Verdict": 2, "#": 4}


def _html(md: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)


@pytest.fixture
def md(report: Report) -> str:
    return export(report, "md").decode("utf-8")


def test_structure_an_editor_can_paste(md: str, report: Report) -> None:
    lines = md.splitlines()
    assert lines[0].startswith("# Fact-check: Budget")
    assert "- Article: <https://news.example.org/2024/budget?id=7&lang=fr>" in lines
    assert "- Checked: 2024-05-02" in lines
    assert "| Supported | 2 |" in lines and "| Contradicted | 2 |" in lines
    assert "| Unverified | 2 |" in lines
    assert (
        "| 4 | The bridge cost 2 billion euros to build. | Contradicted (reviewed) | 0.42 |"
        in lines
    )
    assert "Le déficit a atteint 4,2 % du PIB en 2023." in md


def test_quotes_are_footnoted_to_their_sources(md: str) -> None:
    assert "- Supports: \u201cThe deficit reached 4.2% of GDP in 2023.\u201d[^1]" in md
    assert "(p. 3)[^2]" in md
    footnotes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", md, flags=re.M))
    assert set(footnotes) == {"1", "2", "3"}  # one per cited source, the uncited one left out
    assert "<https://stats.example.gov/q1-2024>" in footnotes["1"]
    assert "published 2024-03-01" in footnotes["1"] and "retrieved 2024-04-30" in footnotes["1"]
    assert footnotes["2"].startswith("Ministry notes — Übersicht, publication date unknown")
    assert "<https://budget.example.eu/report%7B2023%7D?q=a%20b>" in footnotes["3"]
    # every footnote used is defined
    assert set(re.findall(r"\[\^(\d+)\](?!:)", md)) == set(footnotes)


def test_reviewed_claim_shows_reviewer_verdict_and_note(md: str) -> None:
    section = md.split("### 4. ")[1].split("### 5.")[0]
    assert section.startswith("Contradicted (reviewed)")
    assert "**Verdict:** Contradicted (set by a reviewer; the machine said Unverified)" in section
    assert "**Review note:** Called the ministry: the figure was 3.4 billion euros. =1+1" in section


def test_claim_without_evidence_says_so(md: str) -> None:
    section = md.split("### 3. ")[1].split("### 4.")[0]
    assert section.startswith("Unverified")
    assert "No quote from the library was found for this claim." in section
    assert "[^" not in section


def test_hostile_text_cannot_inject_html_or_links(md: str) -> None:
    html = _html(md)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    hrefs = set(re.findall(r'href="([^"]*)"', html))
    assert hrefs == {
        "https://news.example.org/2024/budget?id=7&amp;lang=fr",
        "https://stats.example.gov/q1-2024",
        "https://budget.example.eu/report%7B2023%7D?q=a%20b",
    }
    assert "javascript:" not in "".join(hrefs)
    assert "<em>" not in html and "<strong>doubled" not in html and "<code>" not in html
    # the hostile quote reads as itself once rendered
    assert "[click here](javascript:alert(1))" in html


def test_hostile_text_cannot_break_the_tables(md: str) -> None:
    html = _html(md)
    tables = re.findall(r"<table>.*?</table>", html, flags=re.S)
    assert len(tables) == 2
    for table in tables:
        rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        widths = {len(re.findall(r"<t[hd][ >]", row)) for row in rows}
        assert len(widths) == 1
    claim_rows = re.findall(r"<tr>(.*?)</tr>", tables[1], flags=re.S)
    assert (
        len(claim_rows) == 7 and "Korea doubled since 2020 &lt;b&gt;[sic]&lt;/b&gt;." in tables[1]
    )


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("# Not a heading", "<p># Not a heading</p>"),
        ("- not a list", "<p>- not a list</p>"),
        ("1986. A year", "<p>1986. A year</p>"),
        ("---", "<p>---</p>"),
        ("a\n\n# b | c", "<p>a # b | c</p>"),
        ("`code` *em* _u_ ~~s~~", "<p>`code` *em* _u_ ~~s~~</p>"),
        ("<a href='x'>y</a> &amp;", "<p>&lt;a href='x'&gt;y&lt;/a&gt; &amp;amp;</p>"),
        ("[x]: https://evil.example", "<p>[x]: https://evil.example</p>"),
        ("\\[x\\]", "<p>\\[x\\]</p>"),
    ],
)
def test_md_text_renders_as_itself(text: str, rendered: str) -> None:
    assert _html(md_text(text)).strip() == rendered


def test_bare_urls_are_not_autolinked(md: str) -> None:
    assert "https\\://evil.example/x" in md and "www\\.evil.example" in md


def test_report_without_claims(report: Report) -> None:
    import dataclasses

    empty = dataclasses.replace(report, results=())
    md = export(empty, "md").decode("utf-8")
    assert "No check-worthy claims were found." in md and "[^" not in md


def test_parts_and_sourcing_are_noted_under_their_claim(md: str) -> None:
    section = md.split("### 6. ")[1].split("## Sources")[0]
    assert "**Parts:**" in section
    assert "- Supported (0.80): The city's largest employer is the port." in section
    assert '> **Sourcing:** anonymous source: "Sources say"' in section
    assert "- Sourcing: the article names no source for any of its claims" in md
    assert "**Parts:**" not in md.split("### 1. ")[1].split("### 2. ")[0]
