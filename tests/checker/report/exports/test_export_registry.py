"""The export registry and what every format promises: bytes, determinism, final verdicts,
nothing the report does not cite."""

from __future__ import annotations

import dataclasses

import pytest

from checker.models import Report
from checker.report.exports import EXPORT_FORMATS, export, export_filename, get_format
from checker.report.report_io import dumps, loads
from ingest.errors import ConfigError

ALL = sorted(EXPORT_FORMATS)
CITATION_FORMATS = ["bibtex", "csl-json"]


def test_registry_lists_the_six_formats_with_download_metadata() -> None:
    assert set(EXPORT_FORMATS) == {"json", "csv", "md", "claimreview", "bibtex", "csl-json"}
    for name, fmt in EXPORT_FORMATS.items():
        assert fmt.name == name
        assert fmt.extension.startswith(".") and fmt.label
        assert "/" in fmt.mime_type
    assert EXPORT_FORMATS["csv"].mime_type.startswith("text/csv")
    assert EXPORT_FORMATS["bibtex"].extension == ".bib"
    assert EXPORT_FORMATS["claimreview"].mime_type == "application/ld+json"


@pytest.mark.parametrize("fmt", ALL)
def test_same_report_gives_the_same_bytes(fmt: str, report: Report, sample) -> None:
    first = export(report, fmt)
    assert isinstance(first, bytes) and first
    assert export(sample.make_report(), fmt) == first
    assert export(loads(dumps(report)), fmt) == first


@pytest.mark.parametrize("fmt", ALL)
def test_local_file_paths_are_never_published(fmt: str, report: Report) -> None:
    text = export(report, fmt).decode("utf-8-sig")
    if fmt == "json":  # the full report keeps where each source came from
        assert "/home/editor/private" in text
    else:
        assert "/home/editor/private" not in text
        assert "ministry-notes.pdf" not in text  # the title is shown instead


@pytest.mark.parametrize("fmt", ["csv", "md", "claimreview", *CITATION_FORMATS])
def test_uncited_source_is_left_out(fmt: str, report: Report, sample) -> None:
    text = export(report, fmt).decode("utf-8-sig")
    assert sample.UNCITED_TITLE not in text
    assert "uncited.example.com" not in text


@pytest.mark.parametrize("fmt", ["csv", "md", "claimreview"])
def test_reviewed_verdict_wins_over_the_machine(fmt: str, report: Report) -> None:
    """Flip the review of claim 4 and the export follows the reviewer, not the machine."""
    before = export(report, fmt)
    c4 = report.results[3]
    unreviewed = dataclasses.replace(c4, review=None)
    after = export(
        dataclasses.replace(report, results=(*report.results[:3], unreviewed, report.results[4])),
        fmt,
    )
    assert before != after


def test_unknown_format_is_a_config_error(report: Report) -> None:
    with pytest.raises(ConfigError, match="unknown export format 'pdf': choose one of json"):
        export(report, "pdf")
    with pytest.raises(ConfigError, match="unknown export format"):
        get_format("JSON ")


def test_unknown_option_is_a_config_error(report: Report) -> None:
    with pytest.raises(ConfigError, match="the md export has no option 'author'"):
        export(report, "md", author="Desk")
    assert EXPORT_FORMATS["claimreview"].options == ("author", "url", "expires")


def test_export_filename(report: Report) -> None:
    assert export_filename(report, "bibtex") == "claimcheck-chk-20240502-abc123.bib"
    hostile = dataclasses.replace(report, check_id="../../etc/passwd")
    assert export_filename(hostile, "csv") == "claimcheck-etcpasswd.csv"
