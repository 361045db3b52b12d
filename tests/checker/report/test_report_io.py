"""Report <-> JSON: exact round trip, deterministic text, schema, one-line errors."""

from __future__ import annotations

import copy
import dataclasses
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import numpy as np
import pytest

from checker.models import FlagKind, Report, Stance, Verdict
from checker.report.report_io import (
    ReportError,
    dumps,
    loads,
    read_report,
    report_from_dict,
    report_to_dict,
    validate_report_dict,
    write_report,
)
from checker.report.schema import load_schema
from ingest.errors import ClaimcheckError
from ingest.models import Tier


def _load_sample() -> ModuleType:
    path = Path(__file__).parent / "exports" / "sample_report.py"
    spec = importlib.util.spec_from_file_location("claimcheck_sample_report", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sample = _load_sample()


@pytest.fixture
def report() -> Report:
    return sample.make_report()


@pytest.fixture
def report_dict(report: Report) -> dict[str, Any]:
    return report_to_dict(report)


def test_dict_round_trip_is_exact(report: Report) -> None:
    assert report_from_dict(report_to_dict(report)) == report


def test_text_round_trip_is_exact(report: Report) -> None:
    assert loads(dumps(report)) == report
    assert loads(dumps(report).encode("utf-8")) == report


def test_dumps_is_deterministic_and_keeps_non_ascii(report: Report) -> None:
    text = dumps(report)
    assert text == dumps(sample.make_report())
    assert text == dumps(loads(text))
    assert "Café crème" in text and "\\u00e9" not in text
    assert text.endswith("}\n")
    # stable layout: keys sorted, two-space indentation
    assert text.startswith('{\n  "article": {\n    "chars": ')


def test_layout_carries_final_and_machine_verdicts(report_dict: dict[str, Any]) -> None:
    reviewed = report_dict["claims"][3]
    assert reviewed["verdict"] == "contradicted"
    assert reviewed["machine_verdict"] == "unverified"
    assert reviewed["review"] == {
        "verdict": "contradicted",
        "previous": "unverified",
        "note": sample.REVIEW_NOTE,
        "reviewed_at": "2024-05-03T10:00:00+00:00",
    }
    assert report_dict["claims"][0]["review"] is None
    assert report_dict["summary"] == {"supported": 2, "contradicted": 2, "unverified": 2}
    assert report_dict["article"]["chars"] == len(report_dict["article"]["text"])
    assert report_dict["claims"][2]["evidence"] == []
    assert report_dict["claims"][0]["locations"][1]["start"] > 200


def test_sample_report_is_valid(report_dict: dict[str, Any]) -> None:
    validate_report_dict(report_dict)


def test_report_without_article_text_reloads_with_empty_text(report: Report) -> None:
    text = dumps(report, include_article_text=False)
    assert "Intro paragraph" not in text
    back = loads(text)
    assert back.article.text == ""
    assert back == dataclasses.replace(report, article=dataclasses.replace(report.article, text=""))


def test_numpy_scores_are_written_as_plain_numbers(report: Report) -> None:
    first = report.results[0]
    ev = dataclasses.replace(first.evidence[0], score=np.float32(0.5))
    result = dataclasses.replace(first, confidence=np.float64(0.25), evidence=(ev,))
    back = loads(dumps(dataclasses.replace(report, results=(result, *report.results[1:]))))
    assert back.results[0].confidence == 0.25
    assert back.results[0].evidence[0].score == 0.5


def test_schema_enums_match_the_python_enums() -> None:
    defs = load_schema("report")["$defs"]
    assert defs["verdict"]["enum"] == [v.value for v in Verdict]
    assert defs["stance"]["enum"] == [s.value for s in Stance]
    assert defs["tier"]["enum"] == [t.value for t in Tier]
    assert defs["flag"]["properties"]["kind"]["enum"] == [k.value for k in FlagKind]
    assert load_schema("report")["properties"]["schema_version"]["enum"] == ["1.0", "1.1"]
    assert load_schema("report")["$id"].endswith(":1.1")


def _schema_errors(d: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(load_schema("report"))
    return [e.message for e in validator.iter_errors(d)]


def test_schema_itself_requires_evidence_for_a_machine_verdict(
    report_dict: dict[str, Any],
) -> None:
    """The rule is in the schema (if/then), so other tools reading the schema enforce it."""
    bad = copy.deepcopy(report_dict)
    bad["claims"][0]["evidence"] = []
    assert _schema_errors(bad)
    # a reviewer may set a verdict the machine had no quote for
    ok = copy.deepcopy(report_dict)
    ok["claims"][2]["verdict"] = "supported"
    ok["claims"][2]["review"] = {
        "verdict": "supported",
        "previous": "unverified",
        "note": "seen in person",
        "reviewed_at": "2024-05-03",
    }
    ok["summary"] = {"supported": 3, "contradicted": 2, "unverified": 1}
    assert _schema_errors(ok) == []
    validate_report_dict(ok)


def _break(d: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    bad = copy.deepcopy(d)
    *parents, last = path.split("/")
    node: Any = bad
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return bad


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("claims/1/evidence", [], "claims/1"),
        ("claims/2/reason", "", "claims/2/reason"),
        ("claims/0/verdict", "maybe", "claims/0/verdict"),
        ("claims/0/confidence", 1.5, "claims/0/confidence"),
        ("sources/0/tier", "tertiary", "sources/0/tier"),
        ("summary/supported", 5, "summary/supported"),
        ("claims/3/verdict", "unverified", "final verdict"),
        ("claims/0/verdict", "contradicted", "final verdict"),
        ("claims/0/start", 18, "claims/0/text is not the article text"),
        ("claims/0/end", 10_000, "past the end"),
        ("claims/1/evidence/0/source_id", "nowhere", "missing from sources"),
        ("sources/1/id", "s1statsoffice", "occurs twice"),
        ("article/chars", 3, "article/chars"),
        ("claims/0/unexpected", 1, "claims/0"),
        ("schema_version", "2.0", "schema version '2.0' is not supported"),
    ],
)
def test_invalid_reports_give_a_one_line_error(
    report_dict: dict[str, Any], path: str, value: Any, expected: str
) -> None:
    bad = _break(report_dict, path, value)
    with pytest.raises(ReportError) as info:
        loads(json.dumps(bad))
    message = str(info.value)
    assert expected in message
    assert "\n" not in message and len(message) < 240
    assert isinstance(info.value, ClaimcheckError)


def test_huge_bad_value_gives_a_short_message(report_dict: dict[str, Any]) -> None:
    bad = _break(report_dict, "claims/0/start", "x" * 100_000)
    with pytest.raises(ReportError) as info:
        validate_report_dict(bad)
    assert len(str(info.value)) < 240 and "claims/0/start" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "invalid JSON at line 1 column 1"),
        ('{"schema_version": "1.0",', "invalid JSON"),
        ("[1, 2]", "not an object"),
        ("{}", "schema version None"),
    ],
)
def test_not_a_report(text: str, expected: str) -> None:
    with pytest.raises(ReportError, match=expected):
        loads(text)


def test_binary_file_is_refused() -> None:
    with pytest.raises(ReportError, match="not UTF-8"):
        loads(b"\xff\xfe\x00PK\x03\x04")


def test_write_and_read_a_report_file(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "check.json"
    write_report(report, path)
    assert path.read_bytes() == dumps(report).encode("utf-8")
    assert read_report(path) == report
    with pytest.raises(ReportError, match="cannot read the report"):
        read_report(tmp_path / "missing.json")


def test_report_with_no_claims_round_trips(report: Report) -> None:
    empty = dataclasses.replace(report, results=(), sources=(), notes=())
    assert loads(dumps(empty)) == empty
    assert report_to_dict(empty)["summary"] == {"supported": 0, "contradicted": 0, "unverified": 0}


def test_parts_and_flags_round_trip(report: Report) -> None:
    back = loads(dumps(report))
    six = back.results[5]
    assert [p.claim.kind for p in six.parts] == ["main", "appositive"]
    assert six.claim.parts == tuple(p.claim for p in six.parts)
    assert [f.words for f in six.claim.flags] == ["Sources say"]
    assert [f.kind.value for f in back.flags] == ["no named source"]


def test_a_report_written_before_parts_and_flags_still_reads(report_dict: dict[str, Any]) -> None:
    old = copy.deepcopy(report_dict)
    old["schema_version"] = "1.0"
    del old["flags"]
    for claim in old["claims"]:
        del claim["parts"], claim["flags"]
    back = report_from_dict(old)
    assert back.flags == () and all(r.parts == () and r.claim.flags == () for r in back.results)
    assert [r.final_verdict for r in back.results] == [
        r.final_verdict for r in report_from_dict(report_dict).results
    ]


def test_a_flag_must_quote_the_article(report_dict: dict[str, Any]) -> None:
    bad = copy.deepcopy(report_dict)
    bad["claims"][5]["flags"][0]["words"] = "Experts say"
    with pytest.raises(ReportError, match="claims/5/flags/0/words are not the article text"):
        validate_report_dict(bad)
    bad = copy.deepcopy(report_dict)
    bad["claims"][5]["parts"][0]["end"] = 10**6
    with pytest.raises(ReportError, match="claims/5/parts/0 has a span outside the article"):
        validate_report_dict(bad)


def test_the_schema_is_generated_from_the_models_and_the_shipped_file_matches() -> None:
    """No hand-written schema: checker/report/schema/report.schema.json is
    `python -m checker.report.schema`'s output from the pydantic models of
    checker/report/schema/report.py."""
    from checker.report.schema import HERE, schema_text
    from checker.report.schema.report import ReportDoc

    assert (HERE / "report.schema.json").read_text(encoding="utf-8") == schema_text("report")
    schema = load_schema("report")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) == set(ReportDoc.model_fields)
    assert schema["required"] == [
        name for name, field in ReportDoc.model_fields.items() if field.is_required()
    ]


def test_pydantic_reads_what_the_schema_accepts(report_dict: dict[str, Any]) -> None:
    from checker.report.schema.report import ReportDoc

    doc = ReportDoc.model_validate(report_dict)
    assert doc.model_dump(mode="json") == report_dict


def test_evidence_sources_and_settings_have_exactly_the_fields_of_their_documents() -> None:
    """report_io copies them field by field by name."""
    from checker.models import Evidence, ReportSettings, SourceRef
    from checker.report.schema.report import EvidenceDoc, SettingsDoc, SourceDoc

    pairs = ((Evidence, EvidenceDoc), (SourceRef, SourceDoc), (ReportSettings, SettingsDoc))
    for record, doc in pairs:
        assert {f.name for f in dataclasses.fields(record)} == set(doc.model_fields)
