"""The `csl-json` export: the sources cited by the report's quotes as CSL-JSON items.

For Zotero, Pandoc (--citeproc) and other citation processors. Item ids are the BibTeX keys
of the `bibtex` export. type is "webpage" for http(s) sources, "document" otherwise (local
file paths are never written).
"""

from __future__ import annotations

import json
from typing import Any

from checker.models import Report, SourceRef
from checker.report.exports.common import (
    TIER_LABELS,
    citation_keys,
    cited_sources,
    date_parts,
    display_title,
    one_line,
    public_url,
)


def _date(iso: str | None) -> dict[str, Any] | None:
    parts = date_parts(iso)
    if parts:
        return {"date-parts": [parts]}
    if iso and iso.strip():
        return {"literal": one_line(iso)}
    return None


def csl_item(key: str, source: SourceRef) -> dict[str, Any]:
    url = public_url(source.url)
    item: dict[str, Any] = {
        "id": key,
        "type": "webpage" if url else "document",
        "title": display_title(source),
        "note": TIER_LABELS[source.tier],
    }
    if url:
        item["URL"] = url
    if source.author.strip():
        item["author"] = [{"literal": one_line(source.author)}]
    if source.site.strip():
        item["container-title"] = one_line(source.site)
    issued = _date(source.published)
    if issued:
        item["issued"] = issued
    accessed = _date(source.retrieved_at)
    if accessed:
        item["accessed"] = accessed
    return item


def render(report: Report) -> bytes:
    sources = cited_sources(report)
    keys = citation_keys(sources)
    items = [csl_item(keys[s.id], s) for s in sources]
    return (json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
