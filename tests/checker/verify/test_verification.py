"""Claims checked end to end against a real library (SQLite + embedded Chroma + BM25) with the
default lexical verifier."""

from __future__ import annotations

import pytest

from checker.models import Candidate, Claim, Judgement, Stance, Verdict
from checker.retrieval.hybrid import HybridRetriever
from checker.verify.aggregate import (
    REASON_DISAGREE,
    REASON_EMPTY,
    REASON_NONE,
    REASON_UNADDRESSED,
)
from checker.verify.lexical import LexicalVerifier
from checker.verify.verification import check_claim, check_claims, ranking_of, unless_ranked
from ingest.embeddings import HashingEmbedder
from ingest.library import Library
from tests.checker.conftest import make_library

COUNCIL = (
    "# Harbour council minutes\n\n"
    "The Brennick harbour council met on 14 March 2024. "
    "The council approved the harbour expansion plan by seven votes to two. "
    "The expansion will cost 38 million euros and add two new berths. "
    "Work is expected to start in the autumn.\n"
)
MUSEUM = (
    "# Orlen museum annual report\n\n"
    "The Orlen museum welcomed 212,000 visitors in 2023. "
    "Ticket sales decreased by 12% compared with 2022, mostly because of the renovation. "
    "The new textile gallery opened in June.\n"
)
BRIDGE_A = (
    "# City bulletin\n\nThe Zarnovic bridge opened to traffic in 2021 after four years of work.\n"
)
BRIDGE_B = (
    "# Regional paper\n\nThe Zarnovic bridge opened to traffic in 2023 after six years of work.\n"
)


def claim(text: str, cid: str = "c") -> Claim:
    return Claim(id=cid, text=text, start=0, end=len(text))


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = make_library(
        tmp_path_factory.mktemp("verification") / "store",
        [
            ("https://example.org/council", COUNCIL),
            ("https://example.org/museum", MUSEUM),
            ("https://example.org/bridge-a", BRIDGE_A),
            ("https://example.org/bridge-b", BRIDGE_B),
        ],
    )
    yield lib
    lib.close()


@pytest.fixture(scope="module")
def verifier():
    return LexicalVerifier()


def check(library, verifier, text: str):
    return check_claim(claim(text), library, HybridRetriever(library), verifier, top_k=8)


def assert_grounded(library, result) -> None:
    for ev in result.evidence:
        assert library.get(ev.source_id).text[ev.start : ev.end] == ev.quote


def test_a_matching_paraphrase_is_supported_with_its_quote(library, verifier):
    result = check(library, verifier, "The Brennick expansion plan will cost 38 million euros.")
    assert result.verdict is Verdict.SUPPORTED, result.reason
    assert 0.5 <= result.confidence <= 1.0
    assert result.evidence[0].quote == (
        "The expansion will cost 38 million euros and add two new berths."
    )
    assert result.evidence[0].stance is Stance.SUPPORTS
    assert_grounded(library, result)


def test_a_number_clash_is_contradicted(library, verifier):
    result = check(library, verifier, "The Orlen museum welcomed 312,000 visitors in 2023.")
    assert result.verdict is Verdict.CONTRADICTED, result.reason
    assert "212,000" in result.reason
    assert result.evidence[0].quote == "The Orlen museum welcomed 212,000 visitors in 2023."
    assert_grounded(library, result)


def test_a_negation_is_contradicted(library, verifier):
    result = check(
        library, verifier, "The Brennick harbour council did not approve the expansion plan."
    )
    assert result.verdict is Verdict.CONTRADICTED, result.reason
    assert "approved the harbour expansion plan" in result.evidence[0].quote
    assert_grounded(library, result)


def test_an_antonym_is_contradicted(library, verifier):
    result = check(library, verifier, "Ticket sales at the Orlen museum increased by 12%.")
    assert result.verdict is Verdict.CONTRADICTED, result.reason


def test_unrelated_evidence_leaves_the_claim_unverified(library, verifier):
    result = check(library, verifier, "Volcanic ash closed three airports in Iceland last week.")
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason == (REASON_UNADDRESSED if result.evidence else REASON_NONE)
    assert all(e.stance is Stance.NEUTRAL for e in result.evidence)


def test_a_related_claim_with_a_fact_no_source_states_is_not_supported(library, verifier):
    result = check(library, verifier, "The Brennick harbour council hired a new harbour master.")
    assert result.verdict is Verdict.UNVERIFIED


def test_sources_that_disagree_leave_the_claim_unverified_citing_both(library, verifier):
    result = check(library, verifier, "The Zarnovic bridge opened to traffic in 2021.")
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason.startswith(REASON_DISAGREE)
    by_stance = {e.stance: e for e in result.evidence}
    assert by_stance[Stance.SUPPORTS].quote.startswith(
        "The Zarnovic bridge opened to traffic in 2021"
    )
    assert by_stance[Stance.CONTRADICTS].quote.startswith(
        "The Zarnovic bridge opened to traffic in 2023"
    )
    assert_grounded(library, result)


def test_an_empty_library_leaves_every_claim_unverified(tmp_path, verifier):
    empty = Library.open(tmp_path / "empty", HashingEmbedder())
    seen = []
    results = check_claims(
        [claim("The sky is green.", "1"), claim("Water boils at 50 degrees.", "2")],
        empty,
        HybridRetriever(empty),
        verifier,
        top_k=8,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert [r.verdict for r in results] == [Verdict.UNVERIFIED, Verdict.UNVERIFIED]
    assert all(r.reason == REASON_EMPTY for r in results)
    assert seen[-1] == ("checking claims", 2, 2)
    empty.close()


def test_a_batch_keeps_claim_order_and_reports_progress(library, verifier):
    claims = [
        claim("The Orlen museum welcomed 212,000 visitors in 2023.", "1"),
        claim("Volcanic ash closed three airports in Iceland last week.", "2"),
        claim("The Brennick harbour council did not approve the expansion plan.", "3"),
    ]
    seen = []
    results = check_claims(
        claims,
        library,
        HybridRetriever(library),
        verifier,
        top_k=8,
        progress=lambda *args: seen.append(args),
    )
    assert [r.claim.id for r in results] == ["1", "2", "3"]
    assert [r.verdict for r in results] == [
        Verdict.SUPPORTED,
        Verdict.UNVERIFIED,
        Verdict.CONTRADICTED,
    ]
    assert seen == [("checking claims", i, 3) for i in range(4)]
    for result in results:
        assert_grounded(library, result)
        assert result.reason


@pytest.mark.parametrize(
    ("text", "ranking"),
    [
        ("Qwen is the world's most downloaded open model family.", "most downloaded"),
        ("The Orlen museum was reported to be the busiest in the region.", "busiest"),
        # a superlative in the subject says what the claim is about, not what it states
        ("The most visited museum in the region opened a textile gallery.", None),
        ("The council approved the plan by seven votes to two.", None),
    ],
)
def test_where_a_claim_ranks_its_subject(text, ranking):
    found = ranking_of(text)
    assert (found and found.group("rank")) == ranking


def test_a_ranking_claim_is_supported_only_by_a_sentence_that_ranks():
    judged = Judgement(supports=0.8, contradicts=0.0, neutral=0.2, rationale="close in meaning")
    figure = Candidate("s", "s-0", "The museum welcomed 212,000 visitors in 2023.", 0, 46, 1, 1.0)
    held = unless_ranked("busiest", figure, judged)
    assert held.supports == 0.0 and held.neutral == pytest.approx(1.0)
    assert held.rationale.endswith("ranks nothing, where the claim says 'busiest'")
    ranked = Candidate("s", "s-0", "It was the busiest museum in the region.", 0, 40, 1, 1.0)
    assert unless_ranked("busiest", ranked, judged) == judged
