"""The bundled demo: the sample article's claims get the verdicts the demo was built for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker.backends import build_checker
from checker.claims.article import load_article
from checker.models import Stance, Verdict
from checker.settings import Settings
from ingest.fetch import FetchLimits
from ingest.pipeline import ingest_sources

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
EXPECTED = json.loads((DEMO / "expected.json").read_text())


def _overlaps(text: str, result, fragment: str) -> bool:
    """Whether the claim covers (part of) an occurrence of `fragment` in the article."""
    start = text.find(fragment)
    while start >= 0:
        for loc in result.claim.locations:
            if loc.start < start + len(fragment) and start < loc.end:
                return True
        start = text.find(fragment, start + 1)
    return False


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    settings = Settings(store=tmp_path_factory.mktemp("demo") / "store")
    checker = build_checker(settings)
    ingest_sources(checker.library, [str(DEMO / "sources")])
    return checker, checker.check(load_article(str(DEMO / "article.md"), FetchLimits()))


@pytest.mark.parametrize("case", EXPECTED, ids=[e["claim_contains"][:40] for e in EXPECTED])
def test_each_demo_claim_gets_its_verdict_and_evidence(report, case):
    checker, rep = report
    # the extractor may split a compound sentence: every part it kept must get the verdict
    matches = [r for r in rep.results if _overlaps(rep.article.text, r, case["claim_contains"])]
    assert matches, [r.claim.text for r in rep.results]
    for result in matches:
        _check(result, case)


def _check(result, case) -> None:
    assert result.verdict is Verdict(case["verdict"]), (result.claim.text, result.reason)
    assert result.reason
    if case["evidence_contains"]:
        decisive = [e for e in result.evidence if e.stance is not Stance.NEUTRAL]
        assert any(
            case["evidence_contains"] in e.quote and e.location.endswith(case["source_file"])
            for e in decisive
        ), [(e.quote, e.location) for e in result.evidence]


def test_only_the_check_worthy_claims_are_reported(report):
    _, rep = report
    for result in rep.results:
        assert any(_overlaps(rep.article.text, result, c["claim_contains"]) for c in EXPECTED), (
            result.claim.text
        )
    assert len(rep.results) >= len(EXPECTED) - 1


def test_every_quote_is_its_source_text_at_its_offsets(report):
    checker, rep = report
    for result in rep.results:
        for ev in result.evidence:
            assert checker.library.get(ev.source_id).text[ev.start : ev.end] == ev.quote
        assert rep.article.text[result.claim.start : result.claim.end] == result.claim.text


def test_the_summary_sentence_repeated_in_the_body_is_one_claim(report):
    _, rep = report
    [repeated] = [r for r in rep.results if "dissolved the 38-person" in r.claim.text]
    assert len(repeated.claim.locations) == 2


def test_check_command_on_the_demo(tmp_path):
    store = tmp_path / "store"
    run = [sys.executable, "-m", "checker.cli", "--store", str(store)]
    subprocess.run([*run, "ingest", str(DEMO / "sources")], check=True, capture_output=True)
    done = subprocess.run(
        [*run, "check", str(DEMO / "article.md"), "--format", "json"],
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    assert data["summary"]["contradicted"] == 5 and data["summary"]["unverified"] == 3
    table = subprocess.run([*run, "check", str(DEMO / "article.md")], capture_output=True)
    assert "41 million" in table.stdout.decode() and "contradicted" in table.stdout.decode()
    history = subprocess.run([*run, "history", "--json"], capture_output=True)
    assert len(json.loads(history.stdout)) == 2


def test_the_shipped_schema_validates_the_demo_report(report):
    """A real report (the demo check) against the schema file other tools read: the generated
    one (checker/report/schema/report.py)."""
    import jsonschema

    from checker.report.report_io import report_to_dict
    from checker.report.schema import HERE

    schema = json.loads((HERE / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = report_to_dict(report[1])
    assert data["claims"] and data["sources"]
    jsonschema.Draft202012Validator(schema).validate(data)


def test_a_check_reads_each_source_once(report, monkeypatch):
    # the report's cited sources come from the texts the verifier already read
    checker, _ = report
    reads: list[str] = []
    real_get, real_get_many = checker.library.get, checker.library.get_many

    def get(source_id):
        reads.append(source_id)
        return real_get(source_id)

    def get_many(source_ids):
        reads.extend(source_ids)
        return real_get_many(source_ids)

    monkeypatch.setattr(checker.library, "get", get)
    monkeypatch.setattr(checker.library, "get_many", get_many)
    rep = checker.check(load_article(str(DEMO / "article.md"), FetchLimits()))
    assert rep.sources and {s.id for s in rep.sources} <= set(reads)
    assert len(reads) == len(set(reads)), sorted(reads)
