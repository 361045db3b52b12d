"""The json export: the full report, schema-checked, reloadable."""

from __future__ import annotations

import dataclasses
import json

import jsonschema
import pytest

from checker.models import Report
from checker.report.exports import export
from checker.report.report_io import ReportError, dumps, loads
from checker.report.schema import load_schema


def test_json_export_is_the_report_and_passes_the_schema(report: Report) -> None:
    data = export(report, "json")
    assert data == dumps(report).encode("utf-8")
    jsonschema.Draft202012Validator(load_schema("report")).validate(json.loads(data))
    assert loads(data) == report


def test_json_export_can_leave_the_article_text_out(report: Report) -> None:
    data = export(report, "json", include_article_text=False)
    d = json.loads(data)
    assert "text" not in d["article"] and d["article"]["chars"] == len(report.article.text)
    assert [c["text"] for c in d["claims"]] == [r.claim.text for r in report.results]


def test_json_export_refuses_a_report_that_breaks_the_rules(report: Report) -> None:
    """A supported verdict without a quote is not exported as if it were checked."""
    no_quote = dataclasses.replace(report.results[0], evidence=())
    bad = dataclasses.replace(report, results=(no_quote, *report.results[1:]))
    with pytest.raises(ReportError, match="claims/0"):
        export(bad, "json")
