"""The `json` export: the full report (checker/report/report_io.py), checked against its schema."""

from __future__ import annotations

from checker.models import Report
from checker.report.report_io import dumps_dict, report_to_dict, validate_report_dict


def render(report: Report, *, include_article_text: bool = True) -> bytes:
    """The report as schema-valid UTF-8 JSON; `include_article_text=False` leaves out the
    article's full text (for publishing a report without a copy of the article)."""
    d = report_to_dict(report, include_article_text=include_article_text)
    validate_report_dict(d)
    return dumps_dict(d).encode("utf-8")
