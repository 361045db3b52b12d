"""From judgements to a verdict: quotes, disagreement, abstention and the grounding guard."""

from __future__ import annotations

import pytest

from checker.models import Candidate, Claim, ClaimResult, Judgement, Stance, Verdict
from checker.verify.aggregate import (
    REASON_DISAGREE,
    REASON_EMPTY,
    REASON_NONE,
    REASON_UNADDRESSED,
    REASON_UNGROUNDED,
    aggregate,
    from_parts,
    locate_quote,
)
from ingest.models import Source, Tier

CLAIM = Claim(id="c", text="The bridge opened in 2021.", start=0, end=26)
TEXT_A = "Intro line. The bridge opened to traffic in 2021, officials said. Closing line."
TEXT_B = "Notes. The bridge did not open until 2022 because of \u201cflood damage\u201d. End."


def source(sid: str, text: str) -> Source:
    return Source(
        id=sid,
        location=f"https://example.org/{sid}",
        text=text,
        sha256="x",
        retrieved_at="2026-01-01T00:00:00+00:00",
        tier=Tier.PRIMARY,
        title=f"Title {sid}",
        published="2025-12-01",
    )


SOURCES = {"a": source("a", TEXT_A), "b": source("b", TEXT_B)}


def candidate(sid: str, quote: str, rank: int = 1) -> Candidate:
    start = SOURCES[sid].text.index(quote)
    return Candidate(sid, f"{sid}-chunk", quote, start, start + len(quote), rank, 1.0 / rank, 0.8)


SUPPORTING = candidate("a", "The bridge opened to traffic in 2021, officials said.")
CONTRADICTING = candidate(
    "b", "The bridge did not open until 2022 because of \u201cflood damage\u201d.", 2
)
UNRELATED = candidate("a", "Closing line.", 3)


def j(supports: float, contradicts: float, quote: str | None = None, why: str = "") -> Judgement:
    return Judgement(supports, contradicts, 1.0 - supports - contradicts, why, quote)


def test_an_empty_library_leaves_every_claim_unverified_with_that_reason():
    result = aggregate(CLAIM, [], [], {}, library_empty=True)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason == REASON_EMPTY and "empty" in result.reason
    assert result.evidence == ()


def test_no_candidates_means_no_relevant_evidence():
    result = aggregate(CLAIM, [], [], SOURCES)
    assert result.verdict is Verdict.UNVERIFIED and result.reason == REASON_NONE


def test_a_supporting_sentence_gives_supported_with_its_exact_quote():
    result = aggregate(CLAIM, [SUPPORTING, UNRELATED], [j(0.9, 0.02), j(0.01, 0.0)], SOURCES)
    assert result.verdict is Verdict.SUPPORTED
    assert result.confidence == pytest.approx(0.9)
    (ev,) = result.evidence
    assert ev.stance is Stance.SUPPORTS and ev.score == pytest.approx(0.9)
    assert SOURCES[ev.source_id].text[ev.start : ev.end] == ev.quote == SUPPORTING.quote
    assert ev.title == "Title a" and ev.url == "https://example.org/a"
    assert ev.published == "2025-12-01" and ev.retrieved_at


def test_a_contradicting_sentence_gives_contradicted():
    result = aggregate(CLAIM, [CONTRADICTING], [j(0.1, 0.8, why="date mismatch")], SOURCES)
    assert result.verdict is Verdict.CONTRADICTED
    assert "date mismatch" in result.reason
    assert result.evidence[0].stance is Stance.CONTRADICTS


def test_conflicting_strong_evidence_is_unverified_and_cites_both_sides():
    result = aggregate(CLAIM, [SUPPORTING, CONTRADICTING], [j(0.85, 0.05), j(0.1, 0.8)], SOURCES)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason.startswith(REASON_DISAGREE)
    stances = {e.stance for e in result.evidence}
    assert stances == {Stance.SUPPORTS, Stance.CONTRADICTS}
    assert {e.source_id for e in result.evidence} == {"a", "b"}


def test_much_stronger_evidence_on_one_side_wins_but_shows_the_other():
    result = aggregate(CLAIM, [SUPPORTING, CONTRADICTING], [j(0.95, 0.0), j(0.4, 0.55)], SOURCES)
    assert result.verdict is Verdict.SUPPORTED
    assert result.confidence < 0.95  # lowered by the contrary sentence
    assert any(e.stance is Stance.CONTRADICTS for e in result.evidence)


def test_weak_evidence_is_unverified_and_lists_what_was_looked_at():
    cands = [SUPPORTING, CONTRADICTING, UNRELATED, candidate("a", "Intro line.", 4)]
    judged = [j(0.45, 0.0), j(0.1, 0.2), j(0.25, 0.0), j(0.2, 0.0)]
    result = aggregate(CLAIM, cands, judged, SOURCES)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason != REASON_NONE
    assert 1 <= len(result.evidence) <= 3
    assert all(e.stance is Stance.NEUTRAL for e in result.evidence)
    assert result.evidence[0].quote == SUPPORTING.quote  # the most related first


def test_a_sentence_and_a_passage_around_it_are_cited_once():
    # the passage (with the sentence before it) and the sentence alone both support: one quote
    passage = candidate("a", "Intro line. The bridge opened to traffic in 2021, officials said.", 2)
    result = aggregate(CLAIM, [SUPPORTING, passage], [j(0.9, 0.0), j(0.8, 0.0)], SOURCES)
    assert result.verdict is Verdict.SUPPORTED
    assert [e.quote for e in result.evidence] == [SUPPORTING.quote]  # the better scored one


def test_overlapping_quotes_listed_as_looked_at_leave_room_for_other_sentences():
    passage = candidate("a", "The bridge opened to traffic in 2021, officials said. Closing line.")
    cands = [SUPPORTING, passage, CONTRADICTING, candidate("a", "Intro line.", 4)]
    judged = [j(0.45, 0.0), j(0.4, 0.0), j(0.1, 0.2), j(0.2, 0.0)]
    result = aggregate(CLAIM, cands, judged, SOURCES)
    assert result.verdict is Verdict.UNVERIFIED
    quotes = [e.quote for e in result.evidence]
    assert quotes[0] == SUPPORTING.quote and passage.quote not in quotes
    assert len(quotes) == 3  # the overlapping passage did not take a place in the list


def test_one_sentence_cited_on_both_sides_stays_on_both_sides():
    # same source, overlapping spans, opposite stances: both are shown, the editor decides
    passage = candidate("a", "Intro line. The bridge opened to traffic in 2021, officials said.", 2)
    result = aggregate(CLAIM, [SUPPORTING, passage], [j(0.85, 0.0), j(0.0, 0.8)], SOURCES)
    assert result.reason.startswith(REASON_DISAGREE)
    assert {e.stance for e in result.evidence} == {Stance.SUPPORTS, Stance.CONTRADICTS}


def test_an_undecided_card_says_when_a_sentence_listed_states_another_figure():
    # a clash too weak to decide (the sentence covers too little of the claim): the editor is
    # told where to look, with both figures
    why = "relevance 0.40; number mismatch (2021 vs 2022)"
    result = aggregate(CLAIM, [CONTRADICTING], [j(0.0, 0.3, why=why)], SOURCES)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason.endswith("; a sentence listed states another figure (2021 vs 2022)")
    assert [e.quote for e in result.evidence] == [CONTRADICTING.quote]
    # no figure clash among the sentences listed: the reason is as before
    result = aggregate(CLAIM, [UNRELATED], [j(0.15, 0.0, why="relevance 0.15")], SOURCES)
    assert result.reason == REASON_UNADDRESSED


def test_unrelated_evidence_is_unverified_with_no_relevant_evidence():
    result = aggregate(CLAIM, [UNRELATED], [j(0.02, 0.01)], SOURCES)
    assert result.verdict is Verdict.UNVERIFIED and result.reason == REASON_NONE
    assert result.evidence == ()
    assert 0.0 <= result.confidence <= 1.0


def test_a_card_that_lists_sentences_never_says_there_is_no_relevant_evidence():
    # related too little to count as relevant (0.15), close enough to be shown as looked at
    result = aggregate(CLAIM, [UNRELATED], [j(0.15, 0.0)], SOURCES)
    assert result.verdict is Verdict.UNVERIFIED
    assert [e.quote for e in result.evidence] == [UNRELATED.quote]
    assert result.reason == REASON_UNADDRESSED and "no relevant evidence" not in result.reason


def test_a_judgement_quote_narrows_the_citation_to_that_text():
    result = aggregate(
        CLAIM, [SUPPORTING], [j(0.9, 0.0, quote="opened to traffic in 2021")], SOURCES
    )
    assert result.verdict is Verdict.SUPPORTED
    (ev,) = result.evidence
    assert ev.quote == "opened to traffic in 2021"
    assert TEXT_A[ev.start : ev.end] == ev.quote


def test_a_quote_with_other_whitespace_and_quote_marks_is_still_found():
    quote = 'until  2022 because of\n"flood damage"'
    result = aggregate(CLAIM, [CONTRADICTING], [j(0.05, 0.9, quote=quote)], SOURCES)
    assert result.verdict is Verdict.CONTRADICTED
    (ev,) = result.evidence
    assert ev.quote == "until 2022 because of \u201cflood damage\u201d"
    assert TEXT_B[ev.start : ev.end] == ev.quote


def test_a_quote_not_in_the_sources_does_not_count():
    invented = j(0.95, 0.0, quote="The bridge opened in 2021 to great applause.")
    result = aggregate(CLAIM, [SUPPORTING], [invented], SOURCES)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason == REASON_UNGROUNDED
    assert all(e.stance is Stance.NEUTRAL for e in result.evidence)


def test_a_candidate_that_does_not_match_its_source_does_not_count():
    forged = Candidate("a", "k", "The bridge opened in 2021.", 0, 26, 1, 1.0, 0.9)
    result = aggregate(CLAIM, [forged], [j(0.95, 0.0)], SOURCES)
    assert result.verdict is Verdict.UNVERIFIED and result.reason == REASON_UNGROUNDED
    missing_source = aggregate(CLAIM, [SUPPORTING], [j(0.95, 0.0)], {"b": SOURCES["b"]})
    assert missing_source.verdict is Verdict.UNVERIFIED


def test_judgements_must_match_candidates_one_to_one():
    with pytest.raises(ValueError, match="judge every candidate"):
        aggregate(CLAIM, [SUPPORTING, UNRELATED], [j(0.9, 0.0)], SOURCES)


@pytest.mark.parametrize(
    ("quote", "text", "expected"),
    [
        ("b c", "a b c d", (2, 5)),
        ("b   c", "a b c d", (2, 5)),
        ("\u201cb\u201d c", 'a "b"\n c', (2, 8)),
        ("zzz", "a b c", None),
        ("   ", "a b c", None),
    ],
)
def test_locate_quote(quote, text, expected):
    assert locate_quote(quote, text) == expected


def test_a_verifier_problem_is_the_reason_when_nothing_could_be_read():
    broken = Judgement(0.0, 0.0, 1.0, problem="the LLM reply was not valid JSON")
    result = aggregate(CLAIM, [SUPPORTING, UNRELATED], [broken, broken], SOURCES)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason == "the LLM reply was not valid JSON"
    partly = aggregate(CLAIM, [SUPPORTING, UNRELATED], [broken, j(0.02, 0.0)], SOURCES)
    assert partly.reason == f"{REASON_NONE} (the LLM reply was not valid JSON)"


# --- a claim's verdict from its parts -------------------------------------------------------

WHOLE = Claim(id="w", text="The bridge, the city's longest, opened in 2021.", start=0, end=47)
PART_A = Claim(id="pa", text="The bridge opened in 2021.", start=0, end=47, kind="main")
PART_B = Claim(
    id="pb", text="The bridge is the city's longest.", start=12, end=30, kind="appositive"
)


def _part(part: Claim, judgement: Judgement, cand: Candidate) -> ClaimResult:
    return aggregate(part, [cand], [judgement], SOURCES)


def test_a_contradicted_part_contradicts_the_claim_and_is_named():
    parts = [
        _part(PART_A, j(0.05, 0.9), CONTRADICTING),
        _part(PART_B, j(0.9, 0.0), SUPPORTING),
    ]
    result = from_parts(WHOLE, parts)
    assert result.verdict is Verdict.CONTRADICTED
    assert result.reason.startswith('part 1 of 2 contradicted: "The bridge opened in 2021"')
    assert result.evidence[0].stance is Stance.CONTRADICTS
    assert result.confidence == parts[0].confidence
    assert result.parts == tuple(parts)


def test_supported_only_when_every_part_is():
    both = [_part(PART_A, j(0.9, 0.0), SUPPORTING), _part(PART_B, j(0.7, 0.0), SUPPORTING)]
    result = from_parts(WHOLE, both)
    assert result.verdict is Verdict.SUPPORTED
    assert result.confidence == min(p.confidence for p in both)
    assert result.reason == "all 2 parts supported"


def test_otherwise_unverified_saying_which_parts_are_supported():
    parts = [_part(PART_A, j(0.9, 0.0), SUPPORTING), _part(PART_B, j(0.0, 0.0), UNRELATED)]
    result = from_parts(WHOLE, parts)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason.startswith("1 of 2 parts supported; not settled: ")
    assert '"The bridge is the city\'s longest": no relevant evidence' in result.reason
    # the supported part's quote is still shown
    assert [e.stance for e in result.evidence] == [Stance.SUPPORTS]


def test_a_claim_of_one_part_says_so_in_its_reason():
    # a quote whose only fact is who said it is checked on that one part
    supported = from_parts(WHOLE, [_part(PART_B, j(0.9, 0.0), SUPPORTING)])
    assert supported.reason == 'its one part supported: "The bridge is the city\'s longest"'
    contradicted = from_parts(WHOLE, [_part(PART_B, j(0.05, 0.9), CONTRADICTING)])
    assert contradicted.reason.startswith('its one part contradicted: "The bridge is the city')
    open_ = from_parts(WHOLE, [_part(PART_B, j(0.0, 0.0), UNRELATED)])
    assert open_.reason.startswith("its one part not settled: ")
