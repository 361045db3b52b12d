"""The `bibtex` export: the sources cited by the report's quotes as @misc entries.

Keys come from the title's first word, the year and the source id (`budget2024-ab12cd34`,
the same ids as the CSL-JSON export). Fields: title (double-braced to keep its capitals),
author (braced as one name, since web bylines are not "Last, First"), howpublished = \\url{..}
and url for http(s) sources (local file paths are never written), year and date from the
publication date, urldate from the retrieval date, note with the tier.
Text is escaped for BibTeX and LaTeX: \\ { } % & $ # _ ~ ^ < > | become commands or escapes; no
raw brace from a source ever reaches the file, so the braces of every entry stay balanced.
"""

from __future__ import annotations

from checker.exports.common import (
    TIER_LABELS,
    citation_keys,
    cited_sources,
    date_part,
    display_title,
    one_line,
    public_url,
)
from checker.models import Report, SourceRef

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}


def bib_escape(text: str) -> str:
    """`text` on one line with the BibTeX/LaTeX special characters escaped."""
    return "".join(_LATEX.get(ch, ch) for ch in one_line(text))


def _entry(key: str, source: SourceRef) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + bib_escape(display_title(source)) + "}")]
    if source.author.strip():
        fields.append(("author", "{" + bib_escape(source.author) + "}"))
    if source.site.strip():
        fields.append(("organization", bib_escape(source.site)))
    url = public_url(source.url)
    if url:
        # public_url percent-encodes braces, backslashes and spaces; \url takes % # _ as they are
        fields.append(("howpublished", "\\url{" + url + "}"))
        fields.append(("url", url))
    published = date_part(source.published)
    if published:
        fields.append(("year", published[:4]))
        fields.append(("date", published))
    retrieved = date_part(source.retrieved_at)
    if retrieved:
        fields.append(("urldate", retrieved))
    fields.append(("note", TIER_LABELS[source.tier]))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def render(report: Report) -> bytes:
    sources = cited_sources(report)
    keys = citation_keys(sources)
    return "\n".join(_entry(keys[s.id], s) for s in sources).encode("utf-8")
