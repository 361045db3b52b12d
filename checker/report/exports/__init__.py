"""Exports of a Report: json, csv, md, claimreview, bibtex, csl-json.

Each takes a Report and returns bytes, the same bytes for the same report; each uses the final
verdicts (the reviewer's where a claim was reviewed) and writes nothing the report does not
cite (the citation formats list only the sources that a quote cites).

    export(report, "md")                                -> bytes
    export(report, "claimreview", author="Desk", url="https://example.org/check")
    EXPORT_FORMATS["csv"].extension, .mime_type, .label  (for download buttons)
    export_filename(report, "bibtex")                   -> "claimcheck-<check id>.bib"
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.models import Report
from checker.report.exports import bibtex, claimreview, csl_json, csv_table, markdown, report_json
from checker.report.exports.claimreview import claimreview_html
from ingest.errors import ConfigError


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    extension: str  # with its dot
    mime_type: str
    render: Callable[..., bytes]

    @property
    def options(self) -> tuple[str, ...]:
        """Names of the keyword options `render` takes after the report."""
        params = list(inspect.signature(self.render).parameters.values())[1:]
        return tuple(p.name for p in params)


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("json", "Report (JSON)", ".json", "application/json", report_json.render),
        ExportFormat("csv", "Table (CSV)", ".csv", "text/csv; charset=utf-8", csv_table.render),
        ExportFormat(
            "md", "Report (Markdown)", ".md", "text/markdown; charset=utf-8", markdown.render
        ),
        ExportFormat(
            "claimreview",
            "ClaimReview (JSON-LD)",
            ".jsonld",
            "application/ld+json",
            claimreview.render,
        ),
        ExportFormat(
            "bibtex",
            "Sources (BibTeX)",
            ".bib",
            "application/x-bibtex; charset=utf-8",
            bibtex.render,
        ),
        ExportFormat(
            "csl-json",
            "Sources (CSL-JSON)",
            ".csl.json",
            "application/vnd.citationstyles.csl+json",
            csl_json.render,
        ),
    )
}


def get_format(fmt: str) -> ExportFormat:
    """The export format called `fmt`; ConfigError naming the choices when there is none."""
    try:
        return EXPORT_FORMATS[fmt]
    except KeyError:
        choices = ", ".join(EXPORT_FORMATS)
        raise ConfigError(f"unknown export format {fmt!r}: choose one of {choices}") from None


def export(report: Report, fmt: str, **options: Any) -> bytes:
    """The report in format `fmt`; ConfigError for an unknown format or option."""
    export_format = get_format(fmt)
    unknown = sorted(set(options) - set(export_format.options))
    if unknown:
        allowed = ", ".join(export_format.options) or "none"
        raise ConfigError(f"the {fmt} export has no option {unknown[0]!r} (its options: {allowed})")
    return export_format.render(report, **options)


def export_filename(report: Report, fmt: str) -> str:
    """A file name for the download: claimcheck-<check id or article sha>.<extension>."""
    ident = re.sub(r"[^A-Za-z0-9_-]", "", report.check_id or report.article.sha256[:16])
    return f"claimcheck-{ident or 'report'}{get_format(fmt).extension}"


__all__ = [
    "EXPORT_FORMATS",
    "ExportFormat",
    "claimreview_html",
    "export",
    "export_filename",
    "get_format",
]
