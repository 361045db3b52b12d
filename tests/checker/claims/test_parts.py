"""Atomic parts: a sentence that packs several facts is checked fact by fact, each part keeping
the article characters it was read from."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.claims.article import load_article
from checker.claims.extract import RuleClaimExtractor
from checker.claims.parts import (
    APPOSITIVE,
    ASIDE,
    CIRCUMSTANCE,
    FIGURE,
    INTRO,
    LIST_ITEM,
    MAIN,
    PARTICIPLE,
    PREDICATE,
    RELATIVE,
    ROLE,
    split_parts,
)
from checker.models import Article
from ingest.fetch import FetchLimits

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def parts_of(sentence: str, before: str = "Intro text. ") -> list[tuple[str, str, str]]:
    """(kind, text, article span) of each part, the sentence placed after some other text."""
    article = before + sentence
    start = len(before)
    return [
        (p.kind, p.text, article[p.start : p.end])
        for p in split_parts(article, start, start + len(sentence))
    ]


def test_an_appositive_after_a_name_is_a_part_of_its_own():
    got = parts_of(
        "The core team behind Qwen, the world's most downloaded open-source AI model, "
        "was abruptly removed by Alibaba."
    )
    assert got[0][:2] == (MAIN, "The core team behind Qwen was abruptly removed by Alibaba.")
    assert got[1] == (
        APPOSITIVE,
        "Qwen is the world's most downloaded open-source AI model.",
        "the world's most downloaded open-source AI model",
    )


def test_an_appositive_between_dashes_is_a_part():
    got = parts_of(
        "Alibaba removed the core team behind Qwen — the most downloaded open model family — "
        "in early 2026."
    )
    assert [k for k, *_ in got] == [MAIN, APPOSITIVE]
    assert got[0][1] == "Alibaba removed the core team behind Qwen in early 2026."
    assert got[1][1:] == (
        "Qwen is the most downloaded open model family.",
        "the most downloaded open model family",
    )


def test_a_relative_clause_and_coordinated_predicates():
    got = parts_of(
        "The company, which was founded in 2019, raised $5 million and hired 40 engineers."
    )
    assert got == [
        (MAIN, "The company raised $5 million.", got[0][2]),
        (PREDICATE, "The company hired 40 engineers.", "hired 40 engineers"),
        (RELATIVE, "The company was founded in 2019.", "which was founded in 2019"),
    ]  # the second predicate is shown on its own words


def test_an_and_inside_a_relative_clause_is_not_the_subjects_predicate():
    whole = (
        "Bus drivers have voted to accept a pay deal, ending a dispute that left commuters "
        "stranded through the winter and brought much of the network to a halt."
    )
    assert all(kind != PREDICATE for kind, _, _ in parts_of(whole))


def test_a_list_after_a_preposition_gives_one_part_per_item():
    got = parts_of(
        "Within a week, the community launched OpenQwen, a fork backed by 200+ developers "
        "from MIT, ETH Zurich, and independent AI labs."
    )
    assert got[0][:2] == (MAIN, "Within a week, the community launched OpenQwen.")
    items = [text for kind, text, _ in got if kind == LIST_ITEM]
    assert items == [  # 200+ developers in all, not 200+ from each
        "OpenQwen is a fork backed by 200+ developers.",
        "OpenQwen is a fork backed by developers from MIT.",
        "OpenQwen is a fork backed by developers from ETH Zurich.",
        "OpenQwen is a fork backed by developers from independent AI labs.",
    ]
    assert {span for kind, _, span in got if kind == LIST_ITEM} == {
        "a fork backed by 200+ developers from MIT, ETH Zurich, and independent AI labs"
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The fork already has 40 maintainers, drawn from MIT, ETH Zurich, and Mila.",
            [
                "The fork already has 40 maintainers.",
                "The fork already has maintainers, drawn from MIT.",
                "The fork already has maintainers, drawn from ETH Zurich.",
                "The fork already has maintainers, drawn from Mila.",
            ],
        ),
        (  # a year dates each item: it counts nothing
            "In 2024 the model was released in Europe, Asia, and Africa.",
            [
                "In 2024 the model was released in Europe.",
                "In 2024 the model was released in Asia.",
                "In 2024 the model was released in Africa.",
            ],
        ),
        (  # a total with no noun to give the items: the sentence stays whole
            "Downloads topped 90 million across Hugging Face, ModelScope, and GitHub.",
            ["Downloads topped 90 million across Hugging Face, ModelScope, and GitHub."],
        ),
    ],
)
def test_a_figure_before_a_list_counts_the_items_together(sentence, expected):
    assert [text for _, text, _ in parts_of(sentence)] == expected


def test_a_dash_aside_on_the_whole_event_is_set_apart():
    got = parts_of(
        "The core team was abruptly removed by Alibaba—a move that cost the company $2 billion."
    )
    assert got[0][:2] == (MAIN, "The core team was abruptly removed by Alibaba.")
    assert got[1][0] == ASIDE
    assert got[1][2] == "a move that cost the company $2 billion"
    assert "removed by Alibaba" in got[1][1]  # its subject, the event, is filled in


def test_an_opening_by_phrase_and_a_closing_participle():
    got = parts_of(
        "Developed by Alibaba's Tongyi Lab, Qwen exploded in popularity between 2023 and 2025, "
        "surpassing 150 million downloads across Hugging Face and GitHub."
    )
    assert got == [
        (MAIN, "Qwen exploded in popularity between 2023 and 2025.", got[0][2]),
        (INTRO, "Qwen was developed by Alibaba's Tongyi Lab.", "Developed by Alibaba's Tongyi Lab"),
        (
            PARTICIPLE,
            "Qwen surpassing 150 million downloads across Hugging Face and GitHub.",
            "surpassing 150 million downloads across Hugging Face and GitHub",
        ),
    ]


def test_a_closing_participle_after_an_irregular_past():
    # "burst" is a past tense spelt as its present: the subject is still found
    got = parts_of(
        "The River Tam burst its banks in 2020 and 2023, flooding hundreds of properties each time."
    )
    assert [(kind, text) for kind, text, _ in got] == [
        (MAIN, "The River Tam burst its banks in 2020 and 2023."),
        (PARTICIPLE, "The River Tam flooding hundreds of properties each time."),
    ]


def test_an_interpretation_is_dropped_and_a_name_in_apposition_stays():
    (only,) = parts_of(
        "In 2026 Alibaba kept its most capable flagship, Qwen3.6-Max, closed and API-only, "
        "signalling that the very top model is now monetised."
    )
    assert (
        only[1]
        == "In 2026 Alibaba kept its most capable flagship, Qwen3.6-Max, closed and API-only."
    )


def test_bounded_figures_closing_a_statement_are_parts_of_their_own():
    got = parts_of(
        "The numbers do the talking: Qwen is reported to be the most-downloaded open model "
        "family on earth, north of half of all open-source downloads, approaching a billion."
    )
    assert [(kind, text) for kind, text, _ in got] == [
        (
            MAIN,
            "The numbers do the talking: Qwen is reported to be the most-downloaded open model "
            "family on earth.",
        ),
        (FIGURE, "Qwen is reported to be north of half of all open-source downloads."),
        # a figure with no noun counts what the phrase before it counts
        (FIGURE, "Qwen is reported to be approaching a billion downloads."),
    ]
    assert [span for *_, span in got[1:]] == [
        "north of half of all open-source downloads",
        "approaching a billion",
    ]
    got = parts_of("Kestrel is the largest open lab, more than 400 researchers.")
    assert got[1][:2] == (FIGURE, "Kestrel is more than 400 researchers.")


def test_a_relative_clause_opening_with_an_adverb_is_a_part():
    got = parts_of(
        "Cases have tripled in a month, according to the Calder County Health Agency, which "
        "first reported the outbreak on Monday, Jan. 13."
    )
    assert [(kind, text) for kind, text, _ in got] == [
        (MAIN, "Cases have tripled in a month, according to the Calder County Health Agency."),
        (RELATIVE, "Calder County Health Agency first reported the outbreak on Monday, Jan. 13."),
    ]
    assert got[1][2] == "which first reported the outbreak on Monday, Jan. 13"


def test_a_vote_count_and_what_was_voted_for_are_two_parts():
    got = parts_of(
        "On Thursday, councillors voted by 30 votes to 12 to raise the standard single fare by "
        "15% from January."
    )
    assert [(kind, text) for kind, text, _ in got] == [
        (
            MAIN,
            "On Thursday, councillors voted to raise the standard single fare by 15% from January.",
        ),
        (FIGURE, "On Thursday, councillors voted by 30 votes to 12."),
    ]
    assert got[1][2] == "by 30 votes to 12"


def test_a_vote_count_in_words_is_a_part_too():
    got = parts_of(
        "On Thursday, members of the scrutiny committee voted by nine votes to two to summon "
        "Ms Pryce to a public hearing."
    )
    assert [text for _, text, _ in got] == [
        "On Thursday, members of the scrutiny committee voted to summon Ms Pryce to a public "
        "hearing.",
        "On Thursday, members of the scrutiny committee voted by nine votes to two.",
    ]


def test_a_closing_as_clause_is_judged_apart():
    got = parts_of(
        "Veldmark said its sales rose to nearly €1.2bn last year, up 18% from a year earlier, "
        "as it pushes to scale up production."
    )
    assert [(kind, text) for kind, text, _ in got] == [
        (MAIN, "Veldmark said its sales rose to nearly €1.2bn last year."),
        (CIRCUMSTANCE, "Veldmark pushes to scale up production."),  # "it": its subject
        (FIGURE, "Veldmark said its sales rose to nearly €1.2bn last year, up 18% from a year "
                 "earlier."),
    ]  # fmt: skip
    assert got[1][2] == "it pushes to scale up production"
    whole = "The plant opened in March, as well as a training centre."
    assert parts_of(whole) == [(MAIN, whole, whole)]


def test_a_passive_vote_count_keeps_its_verb():
    got = parts_of(
        "The spending plans were approved at a meeting of the full council on Thursday by 43 "
        "votes to 29, with four abstentions."
    )
    assert [(kind, text) for kind, text, _ in got] == [
        (MAIN, "The spending plans were approved at a meeting of the full council on Thursday."),
        (FIGURE, "The spending plans were approved by 43 votes to 29, with four abstentions."),
    ]  # fmt: skip


def test_a_vote_count_belongs_to_the_verb_nearest_before_it():
    got = parts_of(
        "Members of the United Transport Workers' Union employed by Marlcaster Buses backed the "
        "offer by 521 votes to 145 in a ballot that closed on Tuesday."
    )
    assert got[-1][:2] == (
        FIGURE,
        "Members of the United Transport Workers' Union employed by Marlcaster Buses backed it "
        "by 521 votes to 145.",
    )
    got = parts_of("Councillors threw out the plans in October last year by ten votes to one.")
    assert got[-1][:2] == (FIGURE, "Councillors threw it out by ten votes to one.")


def test_a_share_of_the_head_is_a_relative_clause():
    got = parts_of("The scheme has more than 300 members, most of whom spent decades on the floor.")
    assert [(kind, text) for kind, text, _ in got] == [
        (MAIN, "The scheme has more than 300 members."),
        (RELATIVE, "Most of the 300 members spent decades on the floor."),
    ]
    assert got[1][2] == "most of whom spent decades on the floor"


def test_a_closing_clause_of_time_or_cause_is_judged_apart():
    got = parts_of(
        "Council tax bills will rise by 4.99% from April, after county councillors backed a "
        "budget that will also close nine of the county's 27 libraries."
    )
    assert [(kind, text) for kind, text, _ in got] == [
        (MAIN, "Council tax bills will rise by 4.99% from April."),
        (CIRCUMSTANCE, "County councillors backed a budget that will also close nine of the "
                       "county's 27 libraries."),
    ]  # fmt: skip
    # "it" in the clause is the statement's subject
    got = parts_of(
        "The company traced the fault to an outside supplier, after it noticed a rise in claims."
    )
    assert got[1][:2] == (CIRCUMSTANCE, "The company noticed a rise in claims.")
    # no clause of its own after "after": it stays
    whole = "Sales rose 18% since 2019, after being flat for years."
    assert parts_of(whole) == [(MAIN, whole, whole)]


def test_two_figures_joined_by_and_are_two_parts():
    got = parts_of("That hole will be filled with £31.7m of savings and £8.7m drawn from reserves.")
    assert [(kind, text, span) for kind, text, span in got] == [
        (MAIN, "That hole will be filled with £31.7m of savings.",
         "That hole will be filled with £31.7m of savings and £8.7m drawn from reserves."),
        (FIGURE, "That hole will be filled with £8.7m drawn from reserves.",
         "£8.7m drawn from reserves"),
    ]  # fmt: skip
    for whole in (  # a range, and figures of two clauses, stay whole
        "Prices rose by between 5% and 8% last year across the region.",
        "Sales were £5m last year and profits rose sharply in the spring.",
    ):
        assert parts_of(whole) == [(MAIN, whole, whole)]


def test_a_further_figure_and_what_it_stands_against_are_parts():
    got = parts_of(
        "The basic hourly rate rises by 6% to £15.48, backdated to 1 January, with a further "
        "3.5% increase due next January."
    )
    assert [(kind, text) for kind, text, _ in got] == [
        (MAIN, "The basic hourly rate rises by 6% to £15.48, backdated to 1 January."),
        (FIGURE, "A further 3.5% increase due next January."),
    ]
    got = parts_of(
        "Passengers will pay an average of 4.6% more from next month, despite new figures "
        "showing that trains are less reliable than ever."
    )
    assert [(kind, text) for kind, text, _ in got] == [
        (MAIN, "Passengers will pay an average of 4.6% more from next month."),
        (CIRCUMSTANCE, "New figures showing that trains are less reliable than ever."),
    ]
    whole = "Sales rose 5% last year, despite the strike."
    assert parts_of(whole) == [(MAIN, whole, whole)]


def test_a_role_after_a_possessive_name_of_two_words():
    got = parts_of("Owen Radcliffe, Westmarch Valley's managing director, apologised to riders.")
    assert (ROLE, "Owen Radcliffe is Westmarch Valley's managing director.") in [
        (kind, text) for kind, text, _ in got
    ]


def test_who_a_speaker_is_is_a_part_of_its_own():
    got = parts_of(
        '"We are building for scale," chief executive Annelies Vermeer told reporters on a call.'
    )
    assert got[1] == (
        ROLE,
        "Annelies Vermeer is chief executive.",
        "chief executive Annelies Vermeer",
    )
    got = parts_of(
        '"Every one of these admissions was avoidable," said Dr. Amara Okafor, head of '
        "paediatrics at St. Brigid's."
    )
    assert got[1] == (
        ROLE,
        "Dr. Amara Okafor is head of paediatrics at St. Brigid's.",
        "Dr. Amara Okafor, head of paediatrics at St. Brigid's",
    )
    got = parts_of("Gillian Pryce, Wendmoor's chief executive, apologised to customers.")
    assert got[1] == (
        ROLE,
        "Gillian Pryce is Wendmoor's chief executive.",
        "Gillian Pryce, Wendmoor's chief executive",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Contributors were blocked from Discord and issue trackers without notice.",
        "Qwen exploded in popularity between 2023 and 2025.",
        "Hugging Face has pledged to support forks with free compute credits.",
        "Qwen already won mindshare and installed base in every market it entered.",
        "Downloads of Kestrel-4 models rose by 31% in March, according to Weightshelf.",
        "The bill passed 52 to 48, with two senators absent.",
        'The minister said "we will cut taxes, and we will raise wages" on Monday.',
        # a figure that refers back, or after a verb other than "is", qualifies the statement
        "The app was downloaded 5 million times, over half of them in China.",
        "The app is the most popular in Europe, with over 5 million users.",
        # "and" inside a name joins no predicates
        "Drivers are threatening to walk out on Friday 17 October in a dispute over rest breaks, "
        "the Transport and Allied Staff Union said.",
        # a participle that works as a preposition says what the object takes in
        "The province pledged $2.5 million to expand the vaccination campaign, including mobile "
        "clinics in neighbourhoods where coverage is lowest.",
        # "which" on the whole statement, not on a noun phrase
        "He said the plan would fail, which surprised nobody.",
    ],
)
def test_a_sentence_stating_one_fact_stays_whole(sentence):
    assert parts_of(sentence) == [(MAIN, sentence, sentence)]


def test_every_part_keeps_the_article_characters_it_was_read_from():
    extractor = RuleClaimExtractor()
    text = (
        "Alibaba reorganised its AI unit in 2026. The core team behind Qwen, the world's most "
        "downloaded open model, was removed by Alibaba. The company, which was founded in "
        "1999, hired 400 engineers and opened 3 labs."
    )
    claims = extractor.extract(Article(text=text))
    with_parts = [c for c in claims if c.parts]
    assert len(with_parts) == 2
    for claim in with_parts:
        for part in claim.parts:
            assert claim.start <= part.start < part.end <= claim.end
            assert part.query  # self-contained: what retrieval and the verifier read
            if part.kind != MAIN:
                assert text[part.start : part.end] in claim.text


@pytest.fixture(scope="module")
def seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    extractor = RuleClaimExtractor()
    out = {}
    for name in ("qwen-core-team-removed.txt", "qwen-half-closed.md"):
        article = load_article(str(SEEDS / name), FetchLimits())
        out[name] = (article, extractor.extract(article))
    return out


def _claim(seeds, name: str, words: str):
    article, claims = seeds[name]
    at = article.text.index(words)
    return article, next(c for c in claims if c.start <= at < c.end)


def test_the_seed_compound_sentences_come_out_in_parts(seeds):
    article, claim = _claim(seeds, "qwen-core-team-removed.txt", "The core team behind Qwen,")
    assert [p.kind for p in claim.parts] == [MAIN, APPOSITIVE]
    assert claim.parts[0].text == "The core team behind Qwen was abruptly removed by Alibaba."
    appositive = claim.parts[1]
    assert article.text[appositive.start : appositive.end] == (
        "the world\u2019s most downloaded open-source AI model"
    )
    # the dash aside "a move that threatens trust ..." is a comment, not a checkable part
    assert not any("threatens" in p.text for p in claim.parts)

    article, claim = _claim(seeds, "qwen-core-team-removed.txt", "Developed by Alibaba")
    assert [p.kind for p in claim.parts] == [MAIN, INTRO, PARTICIPLE]
    figure = claim.parts[2]
    assert article.text[figure.start : figure.end] == (
        "surpassing 150 million downloads across Hugging Face and GitHub"
    )

    article, claim = _claim(seeds, "qwen-core-team-removed.txt", "the community launched OpenQwen")
    assert [p.kind for p in claim.parts] == [MAIN] + [LIST_ITEM] * 4
    total = "OpenQwen is a fully decentralized fork backed by 200+ developers."
    assert claim.parts[1].text == total
    assert claim.parts[2].text.endswith("fork backed by developers from MIT.")


def test_no_page_chrome_or_faq_question_is_a_claim(seeds):
    for _article, claims in seeds.values():
        texts = [c.text for c in claims]
        assert not any(t.rstrip().endswith("?") for t in texts), texts
        for chrome in ("Estimated reading time", "topic cluster", "3-Point Summary", "By The"):
            assert not any(chrome in t for t in texts), (chrome, texts)


@pytest.mark.parametrize(
    ("sentence", "main", "change"),
    [
        (
            "The department handled more than 14,200 attendances in October, up 9% on the same "
            "month last year.",
            "The department handled more than 14,200 attendances in October.",
            "up 9% on the same month last year",
        ),
        (
            "Ridership reached 1.2 million journeys in March, down from 1.4 million a year "
            "earlier.",
            "Ridership reached 1.2 million journeys in March.",
            "down from 1.4 million a year earlier",
        ),
        (
            "Profit was £12m, an increase of 12 per cent.",
            "Profit was £12m.",
            "an increase of 12 per cent",
        ),
    ],
)
def test_a_closing_change_is_checked_apart_from_the_count(sentence, main, change):
    got = parts_of(sentence)
    assert got[0][:2] == (MAIN, main)
    # the change is checked with what it measures: the whole sentence, shown on the change
    assert (FIGURE, sentence, change) in got


def test_a_change_that_is_the_statement_is_not_split():
    assert parts_of("Turnout was up 5% on 2019.") == [
        (MAIN, "Turnout was up 5% on 2019.", "Turnout was up 5% on 2019.")
    ]


def test_a_date_before_a_comma_is_not_renamed():
    sentence = (
        "Group revenue fell almost 4% to £412.6m in the six months to 30 August, the company said."
    )
    assert [kind for kind, _, _ in parts_of(sentence)] == [MAIN]


@pytest.mark.parametrize(
    ("sentence", "main", "clause"),
    [
        # the predicate goes on after the clause: the name is its object
        (
            "The figures place the Tarrant Valley Trust, which runs the hospital, fourth-worst "
            "among the 122 acute trusts.",
            "The figures place the Tarrant Valley Trust fourth-worst among the 122 acute trusts.",
            "Tarrant Valley Trust runs the hospital.",
        ),
        # the clause's own list runs to the end
        (
            "Veldmark acquired Corvane, which makes batteries, cells and modules.",
            "Veldmark acquired Corvane.",
            "Corvane makes batteries, cells and modules.",
        ),
        # a closing clause on the object: back to its number, a date after it left out
        (
            "The company pleaded guilty in June to five offences under environmental permitting "
            "rules, which related to spills from its sewage works in 2022 and 2023.",
            "The company pleaded guilty in June to five offences under environmental permitting "
            "rules.",
            "Five offences under environmental permitting rules related to spills from its "
            "sewage works in 2022 and 2023.",
        ),
        (
            "Veldmark opened the plant in 2023, which was the largest in Europe.",
            "Veldmark opened the plant in 2023.",
            "The plant was the largest in Europe.",
        ),
    ],
)
def test_where_a_relative_clause_ends(sentence, main, clause):
    assert [(kind, text) for kind, text, _ in parts_of(sentence)] == [
        (MAIN, main),
        (RELATIVE, clause),
    ]


def test_two_asides_on_one_name_are_each_a_part():
    got = parts_of(
        "Fiona Castellane, the chief executive, who joined from rival Marrick Water in 2021, "
        'said the company was "sorry for what happened".'
    )
    assert [(kind, text) for kind, text, _ in got] == [
        (MAIN, 'Fiona Castellane said the company was "sorry for what happened".'),
        (ROLE, "Fiona Castellane is the chief executive."),
        (RELATIVE, "Fiona Castellane joined from rival Marrick Water in 2021."),
    ]


def test_a_title_opening_the_sentence_is_who_the_speaker_is():
    got = parts_of("Chief financial officer Martin Lacey told the council the plan would work.")
    assert (
        ROLE,
        "Martin Lacey is chief financial officer.",
        "Chief financial officer Martin Lacey",
    ) in got


def test_a_superlative_joined_by_and_after_was_is_a_predicate_of_its_own():
    got = parts_of("Net completions were down 13% on the year before and the lowest since 2016-17.")
    assert [(kind, text) for kind, text, _ in got] == [
        (MAIN, "Net completions were down 13% on the year before."),
        (PREDICATE, "Net completions were the lowest since 2016-17."),
    ]
    # two clauses, each with its own verb, are not this
    assert [k for k, *_ in parts_of("Revenue was up 5% and the outlook was good.")] == [MAIN]


def test_a_closing_cause_is_judged_apart_from_the_figure():
    got = parts_of(
        "The university's income fell by almost 4% to £386m, dragged down by a slump in "
        "overseas recruitment."
    )
    assert [(kind, text, span) for kind, text, span in got][1:] == [
        (
            CIRCUMSTANCE,
            "The university's income was dragged down by a slump in overseas recruitment.",
            "dragged down by a slump in overseas recruitment",
        )
    ]
    assert got[0][:2] == (MAIN, "The university's income fell by almost 4% to £386m.")
    # ", led by X" names who leads the last thing named: no cause of the statement
    assert [
        k
        for k, *_ in parts_of(
            "The agency set up a centre for tidal energy, led by Ruth Achterberg."
        )
    ] == [MAIN]


def test_a_vote_count_after_the_decision_is_a_part_of_its_own():
    sentence = (
        "The planning committee approved outline plans for up to 420 homes, by seven votes to "
        "four, with one abstention."
    )
    got = parts_of(sentence)
    assert got[0][:2] == (
        MAIN,
        "The planning committee approved outline plans for up to 420 homes.",
    )
    assert got[1] == (
        FIGURE,
        "The planning committee approved it by seven votes to four, with one abstention.",
        "by seven votes to four, with one abstention",
    )


def test_a_contrasted_or_conceded_clause_with_its_own_subject_is_a_part():
    got = parts_of(
        "It has offered affected customers 12 months of free credit monitoring, but fewer "
        "than one in ten of them have signed up."
    )
    assert got[0][:2] == (
        MAIN,
        "It has offered affected customers 12 months of free credit monitoring.",
    )
    assert got[1][1:] == (
        "Fewer than one in ten of them have signed up.",
        "fewer than one in ten of them have signed up",
    )
    # "it" after a possessive subject is its owner, not the plural thing owned
    got = parts_of(
        "Northvale's customer numbers have dipped since the attack, although it still "
        "supplies about 1.9 million accounts."
    )
    assert got[1][1] == "Northvale still supplies about 1.9 million accounts."
    # a subject of several words before its verb
    got = parts_of(
        "Lorry traffic will rise to 160 movements a day, although the county council's "
        "highways team raised no objection to the scheme."
    )
    assert got[1][1] == "The county council's highways team raised no objection to the scheme."
    # "but not", "but only": no clause of its own
    assert [k for k, *_ in parts_of("Sales rose by 5% across the group, but not in London.")] == [
        MAIN
    ]


def test_a_cause_without_its_comma_is_a_part_when_it_has_a_subject_and_verb():
    got = parts_of(
        "Northvale Energy has been fined £4.2m by the data protection watchdog after cyber "
        "criminals spent more than five weeks inside its systems."
    )
    assert [(k, t) for k, t, _ in got] == [
        (MAIN, "Northvale Energy has been fined £4.2m by the data protection watchdog."),
        (CIRCUMSTANCE, "Cyber criminals spent more than five weeks inside its systems."),
    ]
    # "after a year of losses" is no clause
    assert (
        len(parts_of("The company cut 300 jobs in the spring after a year of heavy losses.")) == 1
    )


def test_two_clauses_joined_by_and_are_two_parts_but_a_list_is_not():
    got = parts_of(
        "Almost a quarter of the stolen records contained customers' bank account details, and "
        "more than 18,000 belonged to people on the priority services register."
    )
    assert [t for _, t, _ in got] == [
        "Almost a quarter of the stolen records contained customers' bank account details.",
        "More than 18,000 belonged to people on the priority services register.",
    ]
    assert got[1][2] == "more than 18,000 belonged to people on the priority services register"
    listed = "The Estrel, the Estrel Hybrid, and Vanta models built in 2023 were all affected."
    assert [k for k, *_ in parts_of(listed)] == [MAIN]


def test_two_things_said_are_two_parts_unless_one_is_hedged():
    got = parts_of(
        "Haddlesey Stone says its existing reserves will run out by 2027 and that the "
        "extension would safeguard 46 jobs at the site."
    )
    assert [t for _, t, _ in got] == [
        "Haddlesey Stone says its existing reserves will run out by 2027.",
        "Haddlesey Stone says that the extension would safeguard 46 jobs at the site.",
    ]
    assert got[1][2] == "the extension would safeguard 46 jobs at the site"
    hedged = (
        "The company acknowledged that the ferry had been running late and that pressure to "
        "keep to the timetable may have played a part."
    )
    assert [k for k, *_ in parts_of(hedged)] == [MAIN]


def test_a_title_without_an_article_after_a_name_is_a_role():
    got = parts_of(
        '"This is a sensible decision," said Rachel Okafor, managing director of Haddlesey Stone.'
    )
    assert (ROLE, "Rachel Okafor is managing director of Haddlesey Stone.") in [
        (k, t) for k, t, _ in got
    ]
    # "managing" there is no participle closing the sentence
    got = parts_of("The decision was welcomed by Rachel Okafor, managing director of the firm.")
    assert PARTICIPLE not in [k for k, *_ in got]


def test_a_closing_clause_with_two_predicates_gives_a_part_for_each():
    got = parts_of(
        "Northvale Energy has been fined £4.2m by the watchdog after cyber criminals spent "
        "more than five weeks inside its systems and made off with the details of more than "
        "400,000 customers."
    )
    assert [(k, t) for k, t, _ in got] == [
        (MAIN, "Northvale Energy has been fined £4.2m by the watchdog."),
        (CIRCUMSTANCE, "Cyber criminals spent more than five weeks inside its systems."),
        (PREDICATE, "Cyber criminals made off with the details of more than 400,000 customers."),
    ]
    assert got[2][2] == "made off with the details of more than 400,000 customers"


def test_a_new_subject_with_an_aside_and_a_verb_in_the_present_still_splits():
    got = parts_of(
        "The museum's café will close at the end of March, and the collections study centre, "
        "used by local historians, will only open to researchers who have booked in advance."
    )
    assert [t for _, t, _ in got] == [
        "The museum's café will close at the end of March.",
        "The collections study centre, used by local historians, will only open to "
        "researchers who have booked in advance.",
    ]
    got = parts_of(
        "The ban comes into force at midnight on Monday 20 July and will affect some 1.4 "
        "million people across almost 600,000 homes."
    )
    assert [t for _, t, _ in got] == [
        "The ban comes into force at midnight on Monday 20 July.",
        "The ban will affect some 1.4 million people across almost 600,000 homes.",
    ]
    # a past participle before a number word is a verb: "and leased ten new vehicles"
    got = parts_of("The contractor has taken on 27 new drivers and leased ten new vehicles.")
    assert got[1][1:] == ("The contractor leased ten new vehicles.", "leased ten new vehicles")


def test_what_happened_in_the_year_a_statement_names_is_a_part():
    got = parts_of(
        "It is the company's first hosepipe ban since 2012, when restrictions lasted almost "
        "four months."
    )
    assert [(k, t, span) for k, t, span in got] == [
        (MAIN, "It is the company's first hosepipe ban since 2012.", got[0][2]),
        (
            CIRCUMSTANCE,
            "In 2012, restrictions lasted almost four months.",
            "restrictions lasted almost four months",
        ),
    ]


def test_a_second_predicate_in_the_present_is_a_part():
    got = parts_of(
        "The chain opened nine stores in the year, taking its estate to 312, and plans to open "
        "16 more in the current financial year."
    )
    assert [t for _, t, _ in got] == [
        "The chain opened nine stores in the year, taking its estate to 312.",
        "The chain plans to open 16 more in the current financial year.",
    ]


def test_a_closing_comment_after_a_comma_is_set_apart():
    got = parts_of(
        "Turnout was 62%, a marked improvement on previous attempts to mobilise the branch."
    )
    assert [(k, t) for k, t, _ in got][0] == (MAIN, "Turnout was 62%.")
    assert got[1][0] == ASIDE
    assert got[1][2] == "a marked improvement on previous attempts to mobilise the branch"
    # a closing noun phrase with a figure of its own is no comment
    got = parts_of("Sales rose to £4.1m last year, a marked improvement of 12% on the year before.")
    assert ASIDE not in [k for k, *_ in got]


def test_the_second_of_two_vote_counts_counts_what_the_first_does():
    got = parts_of("The final count was 1,322 votes for a strike and 394 against.")
    assert [(k, t, span) for k, t, span in got] == [
        (MAIN, "The final count was 1,322 votes for a strike.", got[0][2]),
        (FIGURE, "The final count was 394 votes against.", "394 against"),
    ]


def test_who_a_coroner_or_a_provost_is_is_a_part_of_its_own():
    got = parts_of(
        "Recording a narrative conclusion, senior coroner Helen Ravensworth found that the delay "
        "had contributed to his death."
    )
    assert got[1] == (
        ROLE,
        "Helen Ravensworth is senior coroner.",
        "senior coroner Helen Ravensworth",
    )
    got = parts_of(
        "Professor Alan Greaves, the university's provost, said the offer was the most generous."
    )
    assert got[1] == (
        ROLE,
        "Professor Alan Greaves is the university's provost.",
        "Professor Alan Greaves, the university's provost",
    )


def test_a_quote_whose_one_fact_is_its_speaker_is_checked_on_that_part():
    text = (
        "Fellreach has connected 24,310 premises.\n\n"
        '"Nobody is more frustrated by this than we are," said Priya Castellan, Fellreach\'s '
        "chief operating officer.\n"
    )
    claims = RuleClaimExtractor().extract(Article(text=text))
    (quote,) = [c for c in claims if "Castellan" in c.text]
    assert [(p.kind, p.text) for p in quote.parts] == [
        (ROLE, "Priya Castellan is Fellreach's chief operating officer.")
    ]
    assert text[quote.parts[0].start : quote.parts[0].end] == (
        "Priya Castellan, Fellreach's chief operating officer"
    )


def test_an_aside_before_a_verb_in_the_present_ends_at_its_comma():
    got = parts_of(
        "It is one of 53 branches that Westmarch, the country's third-largest high-street "
        "lender, plans to close between March and June next year."
    )
    assert [(k, t) for k, t, _ in got] == [
        (
            MAIN,
            "It is one of 53 branches that Westmarch plans to close between March and June "
            "next year.",
        ),
        (APPOSITIVE, "Westmarch is the country's third-largest high-street lender."),
    ]
