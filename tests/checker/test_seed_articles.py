"""The two seed articles (real news of the kind users paste) checked against a small library of
primary sources written for these tests (tests/fixtures/seed_library): a careful editor's
verdicts. A denial and a clashing figure are contradicted, a plainly restated fact is supported,
a claim the sources do not address stays unverified with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.article import load_article
from checker.backends import build_checker
from checker.models import Stance, Verdict
from checker.settings import Settings
from ingest.fetch import FetchLimits
from ingest.pipeline import ingest_sources

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
LIBRARY = ROOT / "tests" / "fixtures" / "seed_library"

# Verdicts the default checker does not give yet. A source sentence that restates one part of a
# long article sentence and clashes with it contradicts the claim (the lexical verifier's part
# reading), but supporting needs the whole sentence covered: "closed and API-only, signalling
# that the very top model is now monetised" is two facts, and the source states one (claims
# split into atomic parts are the next issue). Strict: each fails the day it is right.
NOT_YET = "supported needs every part of the claim; the source states one of two"

# (article, words of the claim, verdict, source file of the deciding quote or None)
CASES = [
    (
        "qwen-core-team-removed.txt",
        "Alibaba quietly removed the entire core development team behind Qwen",
        Verdict.CONTRADICTED,
        "alibaba-cloud-statement-qwen-team.md",
    ),
    (
        "qwen-core-team-removed.txt",
        "surpassing 150 million downloads across Hugging Face and GitHub",
        Verdict.CONTRADICTED,
        "qwen-download-statistics.md",
    ),
    (
        "qwen-core-team-removed.txt",
        "Hugging Face has pledged to support forks with free compute credits",
        Verdict.UNVERIFIED,
        None,
    ),
    (
        "qwen-half-closed.md",
        "Alibaba kept its most capable flagship, Qwen3.6-Max, closed and API-only",
        Verdict.SUPPORTED,
        "qwen3.6-max-release-notes.md",
    ),
]


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    checker = build_checker(Settings(store=tmp_path_factory.mktemp("seeds") / "store"))
    ingest_sources(checker.library, [str(LIBRARY)])
    reports = {
        name: checker.check(load_article(str(SEEDS / name), FetchLimits()))
        for name in sorted({c[0] for c in CASES})
    }
    yield checker, reports
    checker.library.close()


def _result(report, words: str):
    start = report.article.text.find(words)
    assert start >= 0, words
    found = [
        r for r in report.results if any(loc.start <= start < loc.end for loc in r.claim.locations)
    ]
    assert found, (words, [r.claim.text for r in report.results])
    return found[0]


KNOWN_WRONG = {3}  # indices in CASES


@pytest.mark.parametrize(
    "article, words, verdict, source",
    [
        pytest.param(
            *case,
            id=case[1][:40],
            marks=[pytest.mark.xfail(strict=True, reason=NOT_YET)] if i in KNOWN_WRONG else [],
        )
        for i, case in enumerate(CASES)
    ],
)
def test_a_careful_editors_verdict(checked, article, words, verdict, source):
    checker, reports = checked
    report = reports[article]
    result = _result(report, words)
    assert result.verdict is verdict, (result.claim.text, result.reason, result.evidence)
    assert result.reason
    for ev in result.evidence:  # every quote is where it says it is
        assert checker.library.get(ev.source_id).text[ev.start : ev.end] == ev.quote
    if source is None:
        assert not [e for e in result.evidence if e.stance is not Stance.NEUTRAL]
        assert "no relevant evidence" in result.reason or "not conclusive" in result.reason
    else:
        deciding = [e for e in result.evidence if e.stance is not Stance.NEUTRAL]
        assert any(e.location.endswith(source) for e in deciding), deciding
