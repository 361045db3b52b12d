"""The csl-json export: cited sources as CSL-JSON items."""

from __future__ import annotations

import json

from checker.models import Report
from checker.report.exports import export


def test_items(report: Report, sample) -> None:
    items = json.loads(export(report, "csl-json"))
    assert [i["id"] for i in items] == [
        "statistics2024-s1statso",
        "ministry-s2localn",
        "budget2023-s3budget",
    ]
    stats, notes, budget = items
    assert stats == {
        "id": "statistics2024-s1statso",
        "type": "webpage",
        "title": sample.HOSTILE_SOURCE_TITLE,
        "URL": "https://stats.example.gov/q1-2024",
        "author": [{"literal": "Jane Müller"}],
        "container-title": "Statistics Office",
        "issued": {"date-parts": [[2024, 3, 1]]},
        "accessed": {"date-parts": [[2024, 4, 30]]},
        "note": "Primary source",
    }
    assert notes["type"] == "document" and "URL" not in notes and "issued" not in notes
    assert budget["issued"] == {"date-parts": [[2023]]}
    assert budget["title"] == sample.BRACES_TITLE


def test_ids_match_the_bibtex_keys(report: Report) -> None:
    bib = export(report, "bibtex").decode("utf-8")
    for item in json.loads(export(report, "csl-json")):
        assert f"@misc{{{item['id']}," in bib


def test_unparseable_date_kept_as_literal(report: Report) -> None:
    import dataclasses

    src = dataclasses.replace(report.sources[0], published="Spring 2021")
    odd = dataclasses.replace(report, sources=(src, *report.sources[1:]))
    assert json.loads(export(odd, "csl-json"))[0]["issued"] == {"literal": "Spring 2021"}
