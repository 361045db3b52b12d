"""The two seed articles (real news of the kind users paste) checked against a small library of
primary sources written for these tests (tests/fixtures/seed_library): a careful editor's
verdicts. A denial and a clashing figure are contradicted, a plainly restated fact is supported,
a claim the sources do not address stays unverified with its reason."""

from __future__ import annotations

import os
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

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
LIBRARY = ROOT / "tests" / "fixtures" / "seed_library"

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
    (  # the statement: "The Qwen repositories on GitHub remain open to contributions"
        "qwen-core-team-removed.txt",
        "Within days of the team’s removal, GitHub repositories were locked",
        Verdict.CONTRADICTED,
        "alibaba-cloud-statement-qwen-team.md",
    ),
    # the charter: "OpenQwen is a community fork of the Qwen models. The project is maintained
    # by 45 volunteer developers.": the figure clashes, and only the two sentences together
    # say whose developers the 45 are
    (
        "qwen-core-team-removed.txt",
        "a fully decentralized fork backed by 200+ developers",
        Verdict.CONTRADICTED,
        "openqwen-project-charter.md",
    ),
    (
        "qwen-core-team-removed.txt",
        "Hugging Face has pledged to support forks with free compute credits",
        Verdict.UNVERIFIED,
        None,
    ),
    # the library holds Alibaba's own published statement: no sentence of it says so, its
    # title does ("Alibaba Cloud statement on the Qwen team")
    (
        "qwen-core-team-removed.txt",
        "Meanwhile, Alibaba has issued no public statement.",
        Verdict.CONTRADICTED,
        "alibaba-cloud-statement-qwen-team.md",
    ),
    # the interpretation "signalling that ..." is dropped from what is checked; stated across
    # the release notes' three sentences (the date, "available only through the Alibaba Cloud
    # API; its weights have not been released", "whose weights are closed"): a passage
    (
        "qwen-half-closed.md",
        "Alibaba kept its most capable flagship, Qwen3.6-Max, closed and API-only",
        Verdict.SUPPORTED,
        "qwen3.6-max-release-notes.md",
    ),
    # stated across two sentences of the release notes ("available only through the Alibaba
    # Cloud API; its weights have not been released. It is the first flagship model of the
    # Qwen family whose weights are closed."): supported by the passage, no sentence alone
    (
        "qwen-half-closed.md",
        "April 2026: **Qwen3.6-Max**, Alibaba's first **closed-weight, API-only** flagship",
        Verdict.SUPPORTED,
        "qwen3.6-max-release-notes.md",
    ),
    # three facts in one sentence: the figure closing it, "approaching a billion" (downloads),
    # clashes with "downloaded 90 million times"; the ranking and the share stay unsettled
    (
        "qwen-half-closed.md",
        "Qwen is reported to be the most-downloaded open model family on earth",
        Verdict.CONTRADICTED,
        "qwen-download-statistics.md",
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


@pytest.mark.parametrize(
    "article, words, verdict, source", [pytest.param(*case, id=case[1][:40]) for case in CASES]
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
        assert any(
            why in result.reason
            for why in ("no relevant evidence", "no close match", "not conclusive")
        )
    else:
        deciding = [e for e in result.evidence if e.stance is not Stance.NEUTRAL]
        assert any(e.location.endswith(source) for e in deciding), deciding


def test_an_undecided_claim_lists_the_closest_sentence_it_found(checked):
    # the licensing FAQ ("Most Qwen open-weight models are released under the Apache 2.0
    # licence") is about the claim's licence without saying what made Qwen succeed: the
    # editor sees that sentence, not "no relevant evidence in the library"
    checker, reports = checked
    result = _result(reports["qwen-core-team-removed.txt"], "Its success stemmed from three")
    assert result.verdict is Verdict.UNVERIFIED
    assert "no relevant evidence" not in result.reason, result.reason
    assert [e.stance for e in result.evidence][:1] == [Stance.NEUTRAL]
    assert result.evidence[0].location.endswith("qwen-licensing-faq.md")
    assert "Apache 2.0 licence" in result.evidence[0].quote


def test_a_compound_sentence_is_judged_part_by_part(checked):
    checker, reports = checked
    report = reports["qwen-core-team-removed.txt"]
    result = _result(report, "The core team behind Qwen, the world")
    assert result.verdict is Verdict.CONTRADICTED
    removal, downloads = result.parts
    assert removal.verdict is Verdict.CONTRADICTED  # the statement denies the removal
    assert downloads.verdict is Verdict.UNVERIFIED  # nothing ranks Qwen among all models
    assert result.reason.startswith('part 1 of 2 contradicted: "The core team behind Qwen was')
    assert [f.kind.value for f in result.claim.flags] == ["unverifiable superlative"]

    result = _result(report, "Developed by Alibaba")
    by_kind = {p.claim.kind: p for p in result.parts}
    assert by_kind["introduction"].verdict is Verdict.SUPPORTED  # "at Tongyi Lab"
    figure = by_kind["participle"]
    assert figure.verdict is Verdict.CONTRADICTED  # 90 million, not 150 million
    assert any(e.location.endswith("qwen-download-statistics.md") for e in figure.evidence)
    assert result.verdict is Verdict.CONTRADICTED
    for part in result.parts:
        for ev in part.evidence:
            assert checker.library.get(ev.source_id).text[ev.start : ev.end] == ev.quote
    assert [f.kind.value for f in report.flags] == ["no named source"]


def test_the_cli_table_shows_parts_and_sourcing_flags(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    run = [sys.executable, "-m", "checker.cli", "--store", str(tmp_path / "store")]
    env = {**os.environ, "COLUMNS": "400"}  # one table row per line
    subprocess.run([*run, "ingest", str(LIBRARY)], check=True, capture_output=True, env=env)
    done = subprocess.run(
        [*run, "check", str(SEEDS / "qwen-core-team-removed.txt")],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert "\u2022 contradicted The core team behind Qwen was abruptly removed by Alibaba." in out
    assert '\u2691 anonymous source: "Sources say"' in out
    assert "\u2691 no named source: the article names no source for any of its claims" in out


def test_no_source_that_leaves_a_listed_lab_unnamed_supports_it(checked):
    # the charter is close in meaning to "OpenQwen is a fully decentralized fork backed by
    # developers from MIT" (similarity 0.80) but names no lab: each listed item stays unsettled
    _, reports = checked
    result = _result(reports["qwen-core-team-removed.txt"], "backed by 200+ developers from MIT")
    items = {p.claim.focus: p for p in result.parts if p.claim.focus}
    assert set(items) == {"MIT", "ETH Zurich", "independent AI labs"}
    for focus, part in items.items():
        assert part.verdict is Verdict.UNVERIFIED, (part.claim.text, part.reason)
        assert part.reason.endswith(f"none of them names '{focus}'"), part.reason
    assert result.verdict is Verdict.CONTRADICTED  # the figure still clashes


def test_a_ranking_is_not_borne_out_by_a_figure_alone(checked):
    # "downloaded 90 million times" is close in meaning to "the most-downloaded open model
    # family on earth" (similarity 0.73) but ranks Qwen against nothing
    _, reports = checked
    result = _result(reports["qwen-half-closed.md"], "Qwen is reported to be the most-downl")
    # "The numbers do the talking:" before it is a clause of its own, and no claim
    assert result.claim.text.startswith("Qwen is reported to be")
    ranking, share, billion = result.parts
    assert [p.claim.kind for p in result.parts] == ["main", "figure", "figure"]
    assert billion.claim.text == "Qwen is reported to be approaching a billion downloads."
    assert billion.verdict is Verdict.CONTRADICTED
    assert ranking.verdict is Verdict.UNVERIFIED, ranking.reason
    assert ranking.reason.endswith("none of them ranks it as 'most-downloaded'"), ranking.reason
    assert share.verdict is Verdict.UNVERIFIED
    assert result.reason.startswith('part 3 of 3 contradicted: "Qwen is reported to be approa')
    # the same sentence is not cited twice for one part (a sentence and a passage around it)
    for part in result.parts:
        spans = [(e.source_id, e.start, e.end, e.stance) for e in part.evidence]
        for i, (sid, lo, hi, stance) in enumerate(spans):
            assert not any(
                o == sid and st is stance and o_lo < hi and lo < o_hi
                for o, o_lo, o_hi, st in spans[i + 1 :]
            ), spans
