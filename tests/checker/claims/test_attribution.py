"""Sourcing flags: sourcing no library can check is pointed out, with the words that raised it,
and never changes a verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.claims.article import load_article
from checker.claims.attribution import article_flags, claim_flags, flag_claims, names_a_source
from checker.claims.extract import RuleClaimExtractor
from checker.models import Article, FlagKind
from ingest.fetch import FetchLimits

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def flags(sentence: str) -> list[tuple[FlagKind, str]]:
    found = claim_flags(sentence)
    for f in found:
        assert sentence[f.start : f.end] == f.words
    return [(f.kind, f.words) for f in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Sources say the team resisted plans to relicense the model.",
            [(FlagKind.ANONYMOUS, "Sources say")],
        ),
        (
            "The move, confirmed by multiple former contributors, shocked developers.",
            [(FlagKind.ANONYMOUS, "confirmed by multiple former contributors")],
        ),
        (
            "According to people familiar with the matter, the deal is worth $2 billion.",
            [(FlagKind.ANONYMOUS, "people familiar with")],
        ),
        (
            "An official who asked not to be named said the plant will close in May.",
            [(FlagKind.ANONYMOUS, "who asked not to be named")],
        ),
        (
            "Qwen is reported to be the most popular model.",
            [(FlagKind.ANONYMOUS, "is reported to")],
        ),
        (
            "One patient died last week, a source at the hospital said, speaking on condition "
            "of anonymity.",
            [
                (FlagKind.ANONYMOUS, "a source at the hospital said"),
                (FlagKind.ANONYMOUS, "speaking on condition of anonymity"),
            ],
        ),
        (
            "Sources inside the council say the vote was closer than officials admit.",
            [(FlagKind.ANONYMOUS, "Sources inside the council say")],
        ),
        (
            "Experts warn of a chilling effect on developer participation.",
            [(FlagKind.VAGUE_AUTHORITY, "Experts warn")],
        ),
        (
            "Critics say the new rules will cost 3,000 jobs.",
            [(FlagKind.VAGUE_AUTHORITY, "Critics say")],
        ),
        (
            "Industry observers believe the merger will close by June.",
            [(FlagKind.VAGUE_AUTHORITY, "Industry observers believe")],
        ),
        (
            "By late 2025, internal communications revealed a strategic pivot.",
            [(FlagKind.PRIVATE_CHANNEL, "internal communications")],
        ),
        (
            "The plan was discussed in internal Slack channels before the vote.",
            [(FlagKind.PRIVATE_CHANNEL, "internal Slack channels")],
        ),
        (
            "Leaked emails show the board knew of the losses.",
            [(FlagKind.PRIVATE_CHANNEL, "Leaked emails")],
        ),
        (
            "Qwen, the world's most downloaded open-source AI model, was removed.",
            [(FlagKind.SUPERLATIVE, "the world's most downloaded open-source AI model")],
        ),
        (
            "It is the most-downloaded open model family on earth.",
            [(FlagKind.SUPERLATIVE, "the most-downloaded open model family on earth")],
        ),
    ],
)
def test_each_flag_kind_is_raised_by_its_words(sentence, expected):
    assert flags(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Alibaba said on Monday that the core team remains intact.",
        "The company hired 40 engineers in 2024.",
        "The most capable model in the family is closed.",
        "Researchers at MIT published the study in Nature.",
        "Open source in the enterprise says a lot about procurement.",
    ],
)
def test_plainly_sourced_or_unsourced_facts_raise_no_flag(sentence):
    assert flags(sentence) == []


def test_an_article_that_names_no_source_is_flagged_once():
    anonymous = Article(text="Sources say the plant will close. Critics say 300 jobs will go.")
    claims = RuleClaimExtractor().extract(anonymous)
    (flag,) = article_flags(anonymous, claims)
    assert flag.kind is FlagKind.NO_NAMED_SOURCE and flag.words == ""
    named = Article(text="The plant will close, the company said. Ford told Reuters 300 jobs go.")
    assert names_a_source(named.text)
    assert article_flags(named, RuleClaimExtractor().extract(named)) == ()


def test_the_first_seed_articles_anonymous_sourcing_is_flagged():
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    article = load_article(str(SEEDS / "qwen-core-team-removed.txt"), FetchLimits())
    claims = flag_claims(article, RuleClaimExtractor().extract(article))
    raised = {(f.kind, f.words) for c in claims for f in c.flags}
    assert (FlagKind.ANONYMOUS, "Sources say") in raised
    assert (FlagKind.ANONYMOUS, "confirmed by multiple former contributors") in raised
    assert (FlagKind.PRIVATE_CHANNEL, "internal Slack channels") in raised
    assert (FlagKind.PRIVATE_CHANNEL, "internal communications") in raised
    assert (FlagKind.SUPERLATIVE, "the world\u2019s most downloaded open-source AI model") in raised
    for claim in claims:
        for f in claim.flags:
            assert article.text[f.start : f.end] == f.words
    assert [f.kind for f in article_flags(article, claims)] == [FlagKind.NO_NAMED_SOURCE]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # a body named with its article, a person with an aside before the verb, "According"
        # opening the sentence: named sources all
        ("The Charity Oversight Commission said on Thursday that it had opened an inquiry.", True),
        ("Roger Elstow, the chair of trustees, said the board would co-operate.", True),
        ("According to the Environment Agency, river levels fell.", True),
        # no one named: a common noun, a vague authority, a date opening the sentence
        ("The company said profits rose.", False),
        ("Experts, speaking privately, said it was a blow.", False),
        ("In March, the company, which is based in Leeds, said profits rose.", False),
    ],
)
def test_what_counts_as_a_named_source(text, named):
    assert names_a_source(text) is named
