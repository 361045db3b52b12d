"""What a claim says of a vote against what the sources record (checker.verify.votes)."""

from __future__ import annotations

from functools import partial

import pytest

from checker.models import Claim, Stance, Verdict
from checker.retrieval.hybrid import HybridRetriever
from checker.verify.lexical import LexicalVerifier
from checker.verify.verification import check_claim
from checker.verify.votes import outcome_of

MINUTES = (
    "# Brennick harbour council minutes, 14 March 2024\n\n"
    "The council approved the harbour expansion plan by seven votes to two. "
    "The expansion will cost 38 million euros and add two new berths.\n"
)
SCHOOL_BOARD = (
    "# Orlen school board minutes\n\n"
    "The school board adopted the new timetable unanimously. "
    "The board also approved the library budget by 5 votes to 4.\n"
)
LIBRARY_NOTE = (
    "# Orlen library news\n\n"
    "The library's reading room reopened in May after its roof was repaired.\n"
)


@pytest.mark.parametrize(
    ("text", "unanimous", "against", "words"),
    [
        ("The mayor said the decision was unanimous.", True, None, "unanimous"),
        ("The board approved it unanimously.", True, None, "unanimously"),
        ("The plan passed with no votes against.", True, None, "with no votes against"),
        ("It was approved by 35 votes to 0.", True, 0, "35 votes to 0"),
        ("The vote wasn't unanimous.", False, None, "wasn't unanimous"),
        ("The decision was far from unanimous.", False, None, "far from unanimous"),
        ("It was approved by 31 votes to 4, with 2 abstentions.", False, 4, "31 votes to 4"),
        ("The Senate passed the bill 52-48 on Tuesday.", False, 48, "passed the bill 52-48"),
        ("The court ruled in a 5-4 decision.", False, 4, "5-4 decision"),
        ("There were 31 in favour and 4 against.", False, 4, "31 in favour and 4 against"),
        ("Four members voted against the motion.", False, 4, "Four members voted against"),
        (
            "The motion was carried with 30 members in favour, 12 against and 3 abstaining.",
            False,
            12,
            "30 members in favour, 12 against",
        ),
        (  # a ballot's return, with shares in brackets
            "Of the 675 valid votes cast, 521 (77.2 per cent) were in favour of accepting the "
            "offer and 154 (22.8 per cent) were against.",
            False,
            154,
            "521 (77.2 per cent) were in favour of accepting the offer and 154 (22.8 per cent) "
            "were against",
        ),
    ],
)
def test_what_a_text_says_of_a_vote(text, unanimous, against, words):
    found = outcome_of(text)
    assert found is not None
    assert (found.unanimous, found.against, found.words) == (unanimous, against, words)


@pytest.mark.parametrize(
    "text",
    [
        "The team won 3-1 against Spain.",  # a score, not a vote
        "The council voted on Tuesday to build a £42 million flood barrier.",
        "The council approved the 2019-2020 budget.",  # years
        "The barrier will protect 3,000 homes against floods.",
    ],
)
def test_text_that_records_no_vote_outcome(text):
    assert outcome_of(text) is None


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    from tests.checker.conftest import make_library

    lib = make_library(
        tmp_path_factory.mktemp("votes") / "store",
        [
            ("https://example.org/minutes", MINUTES),
            ("https://example.org/library", LIBRARY_NOTE),
        ],
    )
    yield lib
    lib.close()


def check(library, text: str):
    claim = Claim(id="c", text=text, start=0, end=len(text))
    return check_claim(claim, library, HybridRetriever(library), LexicalVerifier(), top_k=8)


def test_a_claim_of_unanimity_is_contradicted_by_the_recorded_count(library):
    result = check(library, "The harbour council leader said the decision was unanimous.")
    assert result.verdict is Verdict.CONTRADICTED
    (quote,) = [e for e in result.evidence if e.stance is Stance.CONTRADICTS]
    assert quote.quote == "The council approved the harbour expansion plan by seven votes to two."
    assert "the claim says 'unanimous', the source records 'seven votes to two'" in result.reason
    assert library.get(quote.source_id).text[quote.start : quote.end] == quote.quote


def test_a_claim_that_the_vote_was_split_is_supported_by_the_count(library):
    result = check(library, "The harbour council's decision was not unanimous.")
    assert result.verdict is Verdict.SUPPORTED
    assert "seven votes to two" in result.reason


def test_a_vote_the_sources_do_not_tie_to_the_claim_decides_nothing(library):
    # no word of the claim but the vote's own is in the minutes' sentence
    result = check(library, "The reading room decision was unanimous.")
    assert result.verdict is Verdict.UNVERIFIED


def test_sources_recording_several_outcomes_decide_nothing(library_of):
    lib = library_of([("https://example.org/board", SCHOOL_BOARD)])
    claim = "The Orlen board decision was unanimous."
    result = check_claim(
        Claim(id="c", text=claim, start=0, end=len(claim)),
        lib,
        HybridRetriever(lib),
        LexicalVerifier(),
        top_k=8,
    )
    assert result.verdict is not Verdict.CONTRADICTED


def check_in(lib, text: str):
    c = Claim(id="c", text=text, start=0, end=len(text))
    return check_claim(c, lib, HybridRetriever(lib), LexicalVerifier(), top_k=8)


def test_two_counts_agree_only_side_by_side(library_of):
    minutes = (
        "# Orlen council minutes, 2 October 2025\n\n"
        "Under item 7 the council debated the tram fare. On a recorded vote, the Orlen tram "
        "fare motion was carried with 30 members in favour, 12 against and 3 abstaining.\n"
    )
    lib = library_of([("https://example.org/minutes", minutes)])
    check = partial(check_in, lib)

    result = check("The Orlen tram fare motion was carried by 31 votes to 12.")
    assert result.verdict is Verdict.CONTRADICTED, result.reason
    assert "the source records '30 members in favour, 12 against'" in result.reason
    assert check("The Orlen tram fare motion was carried by 30 votes to 12.").verdict is (
        Verdict.SUPPORTED
    )
    # the count bears out the vote, not a figure the claim adds to it
    added = check("The Orlen tram fare motion to raise fares by 15% was carried by 30 votes to 12.")
    assert added.verdict is not Verdict.SUPPORTED, added.reason


def test_a_count_is_read_the_way_round_its_verb_says(library_of):
    minutes = (
        "# Harnshire council minutes, 19 February 2026\n\n"
        "Councillor Marr moved an amendment to withdraw the library closures. On being put to "
        "the vote, the amendment was lost, with 27 Members voting in favour, 45 against and 2 "
        "abstaining.\n"
    )
    lib = library_of([("https://example.org/minutes", minutes)])
    check = partial(check_in, lib)

    # "lost" bears out "defeated" when the count is the same way round
    defeated = check("The amendment on the library closures was defeated by 45 votes to 27.")
    assert defeated.verdict is Verdict.SUPPORTED, defeated.reason
    # the same two numbers for the motion are the other side's
    approved = check("The amendment on the library closures was approved by 45 votes to 27.")
    assert approved.verdict is Verdict.CONTRADICTED, approved.reason
    assert "27 Members voting in favour, 45 against" in approved.reason
    assert outcome_of("It was defeated by 45 votes to 27.").for_motion == 27
    assert outcome_of("It was carried by 45 votes to 27.").for_motion == 45
    assert outcome_of("Councillors voted 45-27.").for_motion is None
