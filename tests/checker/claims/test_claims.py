"""Claim extraction: offsets, repeats merged, context made explicit, compounds split, junk out."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.claims.article import article_from_text
from checker.claims.extract import (
    RuleClaimExtractor,
    claim_id,
    clean_title,
    split_compound,
    without_kicker,
)
from checker.models import Article, Claim
from ingest.errors import ArticleError

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def extractor() -> RuleClaimExtractor:
    return RuleClaimExtractor()


def _check_offsets(article: Article, claims: list[Claim]) -> None:
    for c in claims:
        assert article.text[c.start : c.end] == c.text
        assert c.locations[0].start == c.start and c.locations[0].end == c.end
        for loc in c.locations:
            assert claim_id(article.text[loc.start : loc.end]) == c.id


def _by_text(claims: list[Claim], fragment: str) -> Claim:
    found = [c for c in claims if fragment in c.text]
    assert len(found) == 1, f"{fragment!r} in {[c.text for c in claims]}"
    return found[0]


def test_article_from_text_finds_title_and_hash() -> None:
    md = article_from_text("Intro line\n\n# The Real Title\n\nBody text.", url="https://x.test/a")
    assert md.title == "The Real Title" and md.url == "https://x.test/a"
    assert len(md.sha256) == 64
    plain = article_from_text("\n  - **Budget Cut by 5%**\nThe council voted on Monday.")
    assert plain.title == "Budget Cut by 5%"
    with pytest.raises(ArticleError):
        article_from_text("  \n ")
    with pytest.raises(ArticleError):
        article_from_text("abc\x00def")


def test_repeated_sentence_is_one_claim_with_all_locations(extractor: RuleClaimExtractor) -> None:
    text = (
        "# Acme cuts jobs\n\n"
        "Summary:\n"
        "- Acme Corp cut 500 jobs in Berlin in March 2024.\n\n"
        "Acme Corp cut 500  jobs in Berlin\nin March 2024. The firm employs 12,000 people.\n"
    )
    article = article_from_text(text)
    claims = extractor.extract(article)
    _check_offsets(article, claims)
    cut = _by_text(claims, "cut 500")
    assert len(cut.locations) == 2
    first, second = cut.locations
    assert text[first.start : first.end] == "Acme Corp cut 500 jobs in Berlin in March 2024."
    assert text[second.start : second.end] == "Acme Corp cut 500  jobs in Berlin\nin March 2024."
    assert claim_id("Acme Corp cut 500 jobs in Berlin in March 2024.") == cut.id
    assert len({c.id for c in claims}) == len(claims)


def test_context_is_made_explicit_in_the_query(extractor: RuleClaimExtractor) -> None:
    text = (
        "# Acme Corp fires its chief executive\n\n"
        "Acme Corp was founded in Berlin in 1999 by Jana Weber. "
        "Its revenue grew 40% in 2023 to $2 billion. "
        "The move was confirmed by three board members on Monday. "
        "Acme Corp employs 12,000 people in 14 countries."
    )
    article = article_from_text(text)
    claims = extractor.extract(article)
    _check_offsets(article, claims)
    revenue = _by_text(claims, "revenue grew")
    assert revenue.text.startswith("Its revenue")
    assert revenue.query == "Acme Corp's revenue grew 40% in 2023 to $2 billion."
    move = _by_text(claims, "The move")
    assert move.query.startswith("Acme Corp fires its chief executive: The move was confirmed")
    plain = _by_text(claims, "employs 12,000")
    assert plain.query == plain.text


def test_compound_sentence_is_split_with_offsets(extractor: RuleClaimExtractor) -> None:
    text = "Alibaba released 12 models in 2024, and Meta shipped 3 models in March 2025."
    article = article_from_text(text)
    claims = extractor.extract(article)
    _check_offsets(article, claims)
    assert [c.text for c in claims] == [
        "Alibaba released 12 models in 2024",
        "Meta shipped 3 models in March 2025.",
    ]


def test_compound_split_is_safe_for_lists_and_quotes() -> None:
    lists = "The fund backed Acme, Initech, and Globex in 2023, and it closed in 2024."
    spans = split_compound(lists, 0, len(lists))
    assert [lists[s:e] for s, e in spans] == [
        "The fund backed Acme, Initech, and Globex in 2023",
        "it closed in 2024.",
    ]
    noun_list = "Its success stemmed from frequent updates, permissive licences, and active users."
    assert split_compound(noun_list, 0, len(noun_list)) == [(0, len(noun_list))]
    quote = 'She said "prices rose 5% in May, and wages fell 2% in June" at the hearing.'
    assert split_compound(quote, 0, len(quote)) == [(0, len(quote))]
    dashed = "Acme released 12 models in 2024 — but Globex shipped none until March 2025."
    assert [dashed[s:e] for s, e in split_compound(dashed, 0, len(dashed))] == [
        "Acme released 12 models in 2024",
        "Globex shipped none until March 2025.",
    ]
    aside = "Qwen became the most downloaded model family — and the most forked one in 2025."
    assert split_compound(aside, 0, len(aside)) == [(0, len(aside))]


def test_a_second_clause_with_a_long_or_qualified_subject_is_a_claim() -> None:
    aside = (
        "Passenger journeys rose by about 6% to 18.4 million, and the Lowbridge to Carrick line, "
        "the busiest on the network, now carries around 40% of all passengers."
    )
    assert [aside[s:e] for s, e in split_compound(aside, 0, len(aside))] == [
        "Passenger journeys rose by about 6% to 18.4 million",
        "the Lowbridge to Carrick line, the busiest on the network, now carries around 40% of all "
        "passengers.",
    ]
    long = (
        "A peak day return will go up from £14.20 to £15.40, while an annual season ticket on "
        "the same route will cost £2,590."
    )
    assert [long[s:e] for s, e in split_compound(long, 0, len(long))] == [
        "A peak day return will go up from £14.20 to £15.40",
        "an annual season ticket on the same route will cost £2,590.",
    ]
    # no verb after the aside: the second half is no clause of its own
    gapped = "The company grew fast in 2023, and Globex, its rival, in 2024."
    assert split_compound(gapped, 0, len(gapped)) == [(0, len(gapped))]


def test_two_full_clauses_either_side_of_a_colon_are_two_claims() -> None:
    both = "Critics say the project is already over budget: the original estimate was £28 million."
    assert [both[s:e] for s, e in split_compound(both, 0, len(both))] == [
        "Critics say the project is already over budget",
        "the original estimate was £28 million.",
    ]
    # a list after the colon, and what someone said after it, stay with their sentence
    for whole in (
        "Its success stemmed from three pillars: frequent updates, open licences and users.",
        "The minister told reporters: we will cut taxes next year.",
        'The minister told reporters on Monday: "We will cut taxes next year."',
    ):
        assert split_compound(whole, 0, len(whole)) == [(0, len(whole))], whole


def test_a_clause_opening_with_a_bounded_figure_is_a_claim_of_its_own() -> None:
    both = (
        "Half of the cases are children under five, the agency said, and about one in ten "
        "patients has needed hospital treatment."
    )
    assert [both[s:e] for s, e in split_compound(both, 0, len(both))] == [
        "Half of the cases are children under five, the agency said",
        "about one in ten patients has needed hospital treatment.",
    ]


def test_a_second_clause_with_a_bare_or_long_subject_is_a_claim_of_its_own() -> None:
    for both, second in (
        (
            "The tram carried about 40,000 passengers a day, the operator said, and ridership "
            "doubled between the first and fourth weeks.",
            "ridership doubled between the first and fourth weeks.",
        ),
        (
            "It is the longest tram line in the country, and about a third of the route runs on "
            "ordinary streets shared with cars and buses.",
            "about a third of the route runs on ordinary streets shared with cars and buses.",
        ),
    ):
        spans = split_compound(both, 0, len(both))
        assert [both[s:e] for s, e in spans][1:] == [second], both
    # a list of noun phrases after "and" is no clause, however long
    noun_list = "The fund backed startups in Lyon, Turin, and active founders across Europe."
    assert split_compound(noun_list, 0, len(noun_list)) == [(0, len(noun_list))]


def test_it_is_the_thing_the_sentence_before_names_by_a_common_noun(
    extractor: RuleClaimExtractor,
) -> None:
    text = (
        "The 12-kilometre line between Northgate and the Harbourside park-and-ride opened to "
        "passengers on Saturday 6 September. It is the longest tram line in the country, and "
        "about a third of the route runs on ordinary streets shared with cars and buses."
    )
    article = article_from_text(text)
    claims = extractor.extract(article)
    _check_offsets(article, claims)
    ranking = _by_text(claims, "the longest tram line")  # a ranking and a share are claims
    assert ranking.text == "It is the longest tram line in the country"
    assert ranking.query == "The 12-kilometre line is the longest tram line in the country"
    assert _by_text(claims, "about a third of the route")


def test_a_day_is_not_what_it_refers_to(extractor: RuleClaimExtractor) -> None:
    text = (
        "On Wednesday the Data Protection Commissioner said it had opened a formal "
        "investigation, and it warned that the company could be fined up to 4 per cent of its "
        "annual turnover."
    )
    claims = extractor.extract(article_from_text(text))
    warned = _by_text(claims, "it warned")
    assert warned.query.startswith("Data Protection Commissioner warned that the company")


def test_a_second_clause_whose_subject_is_a_bare_noun_phrase() -> None:
    both = (
        "Bank account details for about a third of those affected were also taken, and "
        "customers' online account passwords were exposed too, the company said."
    )
    spans = split_compound(both, 0, len(both))
    assert [both[s:e] for s, e in spans] == [
        "Bank account details for about a third of those affected were also taken",
        "customers' online account passwords were exposed too, the company said.",
    ]


@pytest.mark.parametrize(
    ("both", "second"),
    [
        # when it happened, before the second clause's subject
        ("Research income rose by 8% to £58m last year, and on Monday the national agency "
         "confirmed a £12.6m award over six years.",
         "on Monday the national agency confirmed a £12.6m award over six years."),
        # a bare noun with what it is of, however long, then its verb
        ("Wrenfield has agreed to give up 10% of his salary this year, and work on the £48.5m "
         "second phase of the university's life sciences building has been paused.",
         "work on the £48.5m second phase of the university's life sciences building has been "
         "paused."),
        # a first clause on a verb the verb list does not know, stating figures at length
        ("Staff costs now swallow almost 60% of income, up from 52% the year before, and the "
         "university's cash would cover only about five weeks of spending.",
         "the university's cash would cover only about five weeks of spending."),
    ],
)  # fmt: skip
def test_a_second_clause_news_writes_is_a_claim_of_its_own(both: str, second: str) -> None:
    spans = split_compound(both, 0, len(both))
    assert [both[s:e] for s, e in spans][1:] == [second]


def test_a_wire_dateline_is_not_part_of_the_claim(extractor: RuleClaimExtractor) -> None:
    text = (
        "EINDHOVEN, March 12, 2025 – Dutch battery maker Veldmark Energy said its sales rose "
        "to nearly €1.2bn last year. The company also said its net loss narrowed to €95m."
    )
    article = article_from_text(text)
    claims = extractor.extract(article)
    _check_offsets(article, claims)
    first = _by_text(claims, "sales rose")
    assert first.text.startswith("Dutch battery maker Veldmark Energy said")
    # "the company" is Veldmark Energy, not the city the story was filed from
    assert _by_text(claims, "net loss").query.startswith("Veldmark Energy")
    for line in ("PORT CALDER — A measles outbreak grew to 187 cases on Monday.",
                 "LONDON (Reuters) - Acme Corp cut 400 jobs in the city on Tuesday."):  # fmt: skip
        (claim,) = extractor.extract(article_from_text(line))
        assert claim.text.startswith(("A measles", "Acme Corp")), claim.text


def test_a_pasted_claim_without_a_full_stop_is_checked(extractor: RuleClaimExtractor) -> None:
    for pasted in (
        "Acme Corp laid off 1,200 engineers in March 2025",
        "# Acme Corp laid off 1,200 engineers in March 2025\n",
    ):
        article = article_from_text(pasted)
        claims = extractor.extract(article)
        assert [c.text for c in claims] == ["Acme Corp laid off 1,200 engineers in March 2025"]
        _check_offsets(article, claims)
    # with prose around it, a line without a full stop is a title, not a claim
    titled = "Acme Corp laid off 1,200 engineers in March 2025\n\nThe company confirmed it.\n"
    assert "Acme Corp laid off" not in " ".join(
        c.text for c in extractor.extract(article_from_text(titled))
    )


def test_article_without_checkworthy_claims_gives_none(extractor: RuleClaimExtractor) -> None:
    text = (
        "# What do you think?\n\n"
        "Share this article\n"
        "Read more\n"
        "Subscribe to our newsletter\n"
        "Is this the end of open source?\n"
        "I think we should all be a little kinder to each other.\n"
        "You know, honestly, it feels wonderful.\n"
        "check_circleThis topic remains relevant for short-term monitoring.\n"
    )
    assert extractor.extract(article_from_text(text)) == []


def test_navigation_junk_is_excluded_but_facts_are_kept(extractor: RuleClaimExtractor) -> None:
    text = (
        "Qwen Core Team Removed\n"
        "summarize3-Point Summary\n"
        "- check_circleEstimated reading time is 3 minutes for a quick decision-ready brief.\n"
        "- check_circleThis update has direct impact on the AI topic cluster.\n"
        "Share this article\n"
        "Alibaba removed the Qwen core team in January 2026, according to four former staff.\n"
    )
    article = article_from_text(text)
    decisions = {d.text: d.reason for d in RuleClaimExtractor().decisions(article)}
    assert decisions["summarize3-Point Summary"] == "heading"
    assert decisions["Share this article"] == "heading"
    assert decisions[
        "check_circleEstimated reading time is 3 minutes for a quick decision-ready brief."
    ] == ("widget")
    claims = extractor.extract(article)
    assert [c.text for c in claims] == [
        "Alibaba removed the Qwen core team in January 2026, according to four former staff."
    ]


def test_min_score_is_configurable() -> None:
    text = (
        "Alibaba removed the Qwen core team in January 2026. "
        "The silence was deafening, honestly. "
        "Developers praised its documentation."
    )
    article = article_from_text(text)
    strict = RuleClaimExtractor(min_score=0.999).extract(article)
    loose = RuleClaimExtractor(min_score=0.0).extract(article)
    default = RuleClaimExtractor().extract(article)
    assert strict == []
    assert len(loose) == 3
    assert [c.text for c in default][0].startswith("Alibaba removed")
    assert all(0.0 <= c.checkworthiness <= 1.0 for c in loose)


def test_clean_title_drops_clickbait_and_kicker() -> None:
    title = "Open Source AI Crisis: Alibaba Removed Qwen Core Team in 2026 — Here’s What Happened"
    assert clean_title(title) == "Alibaba Removed Qwen Core Team in 2026"
    assert (
        clean_title("Markets rally as rates fall | The Daily Site") == "Markets rally as rates fall"
    )


def test_a_claims_rhetorical_kicker_is_not_what_is_searched_for(extractor) -> None:
    text = (
        "Kestrel Labs released its largest model in March. In short: "
        "Kestrel models were downloaded 40 million times in 2025."
    )
    article = article_from_text(text)
    claim = _by_text(extractor.extract(article), "In short")
    assert claim.text.startswith("In short:")  # the article's words, kept
    assert claim.query == "Kestrel models were downloaded 40 million times in 2025."
    _check_offsets(article, [claim])


@pytest.mark.parametrize(
    "text",
    [
        "April 2026: Qwen3.6-Max is Alibaba's first closed flagship.",  # a date
        "Alibaba: the core team stays in place for now.",  # a name
        "Two things changed: the licence and the core team.",  # a figure
        "Note: yes.",  # nothing after it to check
    ],
)
def test_a_kicker_that_carries_a_fact_stays(text) -> None:
    assert without_kicker(text) == text


def _seed(name: str) -> Article:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed article not found at {path}")
    return article_from_text(path.read_text(encoding="utf-8"))


def test_seed_core_team_article(extractor: RuleClaimExtractor) -> None:
    article = _seed("qwen-core-team-removed.txt")
    claims = extractor.extract(article)
    _check_offsets(article, claims)
    texts = [c.text for c in claims]
    assert not any("check_circle" in t or "Here’s What Happened" in t for t in texts)
    assert not any(t.endswith("?") for t in texts)
    removed = _by_text(claims, "The core team behind Qwen")
    assert len(removed.locations) == 2  # the dek and the summary repeat it
    assert len(_by_text(claims, "is in turmoil after Alibaba").locations) == 2
    move = _by_text(claims, "The move, confirmed")
    assert len(move.locations) == 2 and "Alibaba" in move.query
    assert _by_text(claims, "Its success").query.startswith("Qwen's success")
    _by_text(claims, "the community launched OpenQwen")
    _by_text(claims, "surpassing 150 million downloads")
    assert not any(t.startswith("The silence speaks") for t in texts)


def test_seed_half_closed_article(extractor: RuleClaimExtractor) -> None:
    article = _seed("qwen-half-closed.md")
    assert article.title == "Qwen quietly won open-source AI — then half-closed the door"
    claims = extractor.extract(article)
    _check_offsets(article, claims)
    texts = [c.text for c in claims]
    assert not any(
        t.startswith(("By The InsidersFeed", "Canonical:", "Read the signal")) for t in texts
    )
    assert not any("good guy" in t or "Give away the on-ramp" in t for t in texts)
    _by_text(claims, "April 2026: **Qwen3.6-Max**")
    _by_text(claims, "But in 2026 Alibaba kept its most capable flagship")
