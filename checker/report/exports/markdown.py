"""The `md` export: a report an editor can paste (GitHub-flavoured Markdown with footnotes).

Title, article link, date, a summary table, a table of claims, then each claim with its final
verdict, the reason, the review note and its quotes, each footnoted ([^1]) to its source:
title, URL, publication date, retrieval date. One footnote per cited source.

Every text taken from the article or a source goes through `md_text`: whitespace runs become
one space (no line breaks into tables or new blocks), `& < >` become HTML entities (no HTML,
no <autolinks>), and the Markdown punctuation that makes links, emphasis, code, tables, math
or line-start blocks is backslash-escaped, so a hostile quote shows as the text it is.
Links are written only for http(s) URLs, percent-encoded, as <autolinks>.
"""

from __future__ import annotations

import re

from checker.models import FLAG_HELP, ClaimResult, Report, SourceRef, Verdict
from checker.report.exports.common import (
    STANCE_LABELS,
    TIER_LABELS,
    VERDICT_LABELS,
    cited_sources,
    confidence_text,
    date_part,
    display_title,
    flags_text,
    one_line,
    part_line,
    public_url,
)

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BACKSLASHED = set("\\`*_[]|~$")
_LINE_START = re.compile(r"^([#+=-]|\d+(?=[.)]))")
_SCHEME = re.compile(r"(?<=[A-Za-z0-9])://")
_WWW = re.compile(r"(?i)\b(www)\.")


def md_text(text: str) -> str:
    """`text` as inert Markdown inline text that renders as itself."""
    out = []
    for ch in one_line(text):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _BACKSLASHED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    s = "".join(out)
    s = _SCHEME.sub(r"\\://", s)  # bare URLs would be autolinked by GFM
    s = _WWW.sub(r"\1\\.", s)
    # a heading, list item, rule or setext underline if it began a line
    m = _LINE_START.match(s)
    if m:
        s = (m.group(0) + "\\" + s[m.end() :]) if m.group(0)[0].isdigit() else "\\" + s
    return s


def md_link(url: str) -> str:
    """An <autolink> for an http(s) URL, "" for anything else."""
    safe = public_url(url)
    return f"<{safe}>" if safe else ""


def _verdict_cell(result: ClaimResult) -> str:
    label = VERDICT_LABELS[result.final_verdict]
    return f"{label} (reviewed)" if result.review else label


def render(report: Report) -> bytes:
    sources = cited_sources(report)
    footnote = {s.id: i for i, s in enumerate(sources, start=1)}
    counts = report.counts()
    lines: list[str] = []
    title = md_text(report.article.title) or "Untitled article"
    lines += [f"# Fact-check: {title}", ""]
    link = md_link(report.article.url)
    if link:
        lines.append(f"- Article: {link}")
    checked = date_part(report.generated_at)
    if checked:
        lines.append(f"- Checked: {checked}")
    if report.check_id:
        lines.append(f"- Check ID: {md_text(report.check_id)}")
    lines.append(f"- Claims checked: {len(report.results)}")
    for flag in report.flags:
        lines.append(f"- Sourcing: {md_text(FLAG_HELP[flag.kind])}")
    lines += ["", "## Summary", "", "| Verdict | Claims |", "| --- | ---: |"]
    lines += [f"| {VERDICT_LABELS[v]} | {counts[v]} |" for v in Verdict]
    lines += ["", "## Claims", ""]
    if report.results:
        lines += ["| # | Claim | Verdict | Confidence |", "| ---: | --- | --- | ---: |"]
        for i, r in enumerate(report.results, start=1):
            lines.append(
                f"| {i} | {md_text(r.claim.text)} | {_verdict_cell(r)} "
                f"| {confidence_text(r.confidence)} |"
            )
    else:
        lines.append("No check-worthy claims were found.")
    for i, r in enumerate(report.results, start=1):
        lines += ["", f"### {i}. {_verdict_cell(r)}", ""]
        lines += _claim_details(r, footnote)
    if sources:
        lines += ["", "## Sources", ""]
        lines += [f"[^{footnote[s.id]}]: {_footnote_text(s)}" for s in sources]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _claim_details(r: ClaimResult, footnote: dict[str, int]) -> list[str]:
    verdict = f"**Verdict:** {VERDICT_LABELS[r.final_verdict]}"
    if r.review:
        verdict += f" (set by a reviewer; the machine said {VERDICT_LABELS[r.verdict]})"
    lines = [
        f"**Claim:** {md_text(r.claim.text)}",
        "",
        f"{verdict}. Confidence: {confidence_text(r.confidence)}.",
    ]
    if r.reason.strip():
        lines += ["", f"**Reason:** {md_text(r.reason)}"]
    if r.review and r.review.note.strip():
        lines += ["", f"**Review note:** {md_text(r.review.note)}"]
    if r.parts:
        lines += ["", "**Parts:**", ""]
        lines += [f"- {md_text(part_line(p))}" for p in r.parts]
    if r.claim.flags:
        lines += ["", f"> **Sourcing:** {md_text(flags_text(r.claim.flags))}"]
    lines.append("")
    if not r.evidence:
        lines.append("No quote from the library was found for this claim.")
        return lines
    lines += ["**Evidence:**", ""]
    for ev in r.evidence:
        where = f" ({md_text(ev.location)})" if ev.location.strip() else ""
        lines.append(
            f"- {STANCE_LABELS[ev.stance]}: \u201c{md_text(ev.quote)}\u201d{where}"
            f"[^{footnote[ev.source_id]}]"
        )
    return lines


def _footnote_text(source: SourceRef) -> str:
    parts = [md_text(display_title(source))]
    if source.author.strip():
        parts.append(md_text(source.author))
    if source.site.strip():
        parts.append(md_text(source.site))
    link = md_link(source.url)
    if link:
        parts.append(link)
    published = date_part(source.published)
    parts.append(f"published {published}" if published else "publication date unknown")
    retrieved = date_part(source.retrieved_at)
    if retrieved:
        parts.append(f"retrieved {retrieved}")
    parts.append(TIER_LABELS[source.tier].lower())
    return ", ".join(parts) + "."
