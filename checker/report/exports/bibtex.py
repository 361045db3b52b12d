"""The `bibtex` export: the sources cited by the report's quotes as @misc entries.

Keys come from the title's first word, the year and the source id (`budget2024-ab12cd34`,
the same ids as the CSL-JSON export). Fields: title (double-braced to keep its capitals),
author (braced as one name, since web bylines are not "Last, First"), howpublished = \\url{..}
and url for http(s) sources (local file paths are never written), year and date from the
publication date, urldate from the retrieval date, note with the tier.
Text is escaped for BibTeX and LaTeX: \\ { } % & $ # _ ~ ^ < > | become commands or escapes; no
raw brace from a source ever reaches the file, so the braces of every entry stay balanced.
bibtexparser's writer lays the entries out; the escaping is done here (the writer writes values
as given).
"""

from __future__ import annotations

from checker.models import Report, SourceRef
from checker.report.exports.common import (
    TIER_LABELS,
    citation_keys,
    cited_sources,
    date_part,
    display_title,
    one_line,
    public_url,
)

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


FIELDS = ("title", "author", "organization", "howpublished", "url", "year", "date", "urldate")
FIELDS += ("note",)


def _entry(key: str, source: SourceRef) -> dict[str, str]:
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
    return {"ENTRYTYPE": "misc", "ID": key, **dict(fields)}


def render(report: Report) -> bytes:
    from bibtexparser.bibdatabase import BibDatabase
    from bibtexparser.bwriter import BibTexWriter

    sources = cited_sources(report)
    keys = citation_keys(sources)
    database = BibDatabase()
    database.entries = [_entry(keys[s.id], s) for s in sources]
    writer = BibTexWriter()
    writer.indent = "  "
    writer.order_entries_by = None  # citation order
    writer.display_order = list(FIELDS)
    return (writer.write(database) if sources else "").encode("utf-8")
