"""Evidence sentences: the statement spans stored at ingest, whole inside sentence-window
chunks, deduplicated across overlapping chunks, best match first; passages (two or three
adjacent sentences) besides them, which may only support, and only where no sentence alone
does."""

from __future__ import annotations

import itertools

import pytest

from checker.models import Claim, Judgement, Verdict
from checker.retrieval.evidence import (
    PASSAGES,
    SourceCache,
    abbreviations,
    defined_terms,
    label_comparatives,
    lead,
    passages_support_only,
    select_evidence,
    situate,
    spell_out,
)
from checker.retrieval.hybrid import HybridRetriever
from checker.verify.features import load_term_weights
from checker.verify.lexical import LexicalVerifier
from checker.verify.roles import title_aliases
from checker.verify.verification import check_claim
from ingest.embeddings import HashingEmbedder
from ingest.library import Library, pack_spans
from ingest.models import Document, Source
from ingest.sentences import statement_spans

SENTENCES = [
    "The Velsing tunnel was completed in 2019 after six years of construction.",
    "It carries about 18,000 vehicles a day under the river.",
    "Engineers from Marlow Civil designed the ventilation system.",
    "The tunnel cost 420 million euros, twice the first estimate.",
    "A second bore is planned for 2031 but has not been funded.",
    "Tolls were abolished in 2022 after a local referendum.",
    "The old ferry service between the two banks stopped in 2020.",
    "Cyclists may use the tunnel only on Sundays.",
]
TEXT = "# The Velsing tunnel\n\n" + " ".join(SENTENCES) + "\n"


def claim(text: str) -> Claim:
    return Claim(id="c", text=text, start=0, end=len(text))


def assert_whole(source_text: str, cand, allowed: list[str]) -> None:
    """A candidate is a whole sentence, or a passage of two or three adjacent whole sentences."""
    assert source_text[cand.start : cand.end] == cand.quote
    if not cand.members:
        assert cand.quote in allowed
        return
    assert len(cand.members) in (2, 3)
    assert (cand.members[0][0], cand.members[-1][1]) == (cand.start, cand.end)
    for (_, e1), (s2, _) in itertools.pairwise(cand.members):
        assert e1 < s2 and not source_text[e1:s2].strip()  # nothing between them
    assert all(source_text[s:e] in allowed for s, e in cand.members)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    # small chunks with overlap: sentences are cut at chunk borders and met in two chunks
    lib = Library.open(
        tmp_path_factory.mktemp("evidence") / "store",
        HashingEmbedder(),
        chunk_size=150,
        chunk_overlap=60,
    )
    lib.add(Document(location="https://example.org/tunnel", text=TEXT, title="Tunnel"))
    lib.add(
        Document(
            location="https://example.org/other",
            text="# Gardens\n\nThe botanical garden opened a new glasshouse for cacti in 2018.\n",
            title="Gardens",
        )
    )
    yield lib
    lib.close()


def test_chunks_are_windows_of_whole_sentences_stored_with_their_source(library):
    source = next(s for s in library.sources() if s.title == "Tunnel")
    stored = library.sentences_of(source.id)
    assert stored == tuple(statement_spans(TEXT))
    assert [TEXT[s:e] for s, e in stored] == SENTENCES  # the heading states nothing to cite
    chunks = list(library.all_chunks())
    assert len([c for c in chunks if c.source_id == source.id]) > 2
    for chunk in chunks:
        if chunk.source_id != source.id:
            continue
        assert TEXT[chunk.start : chunk.end] == chunk.text
        # a chunk starts and ends on a sentence (or the heading): none is ever cut
        inside = [(s, e) for s, e in stored if s < chunk.end and e > chunk.start]
        assert all(chunk.start <= s and e <= chunk.end for s, e in inside), chunk


def test_a_source_from_an_older_library_without_stored_sentences_still_has_them(library):
    source = next(s for s in library.sources() if s.title == "Tunnel")
    stored = library.sentences_of(source.id)
    library._db.execute("DELETE FROM sentences WHERE source_id = ?", (source.id,))
    try:
        assert library.sentences_of(source.id) == stored
    finally:
        library._db.execute(
            "INSERT INTO sentences(source_id, spans) VALUES(?, ?)",
            (source.id, pack_spans(stored)),
        )


def test_every_candidate_is_a_whole_sentence_at_its_offsets(library):
    c = claim("The Velsing tunnel cost 420 million euros.")
    ranked = HybridRetriever(library).retrieve(c.text, 8)
    candidates = select_evidence(c, ranked, SourceCache(library), load_term_weights(), 20)
    assert candidates
    garden = ["The botanical garden opened a new glasshouse for cacti in 2018."]
    for cand in candidates:
        assert_whole(library.get(cand.source_id).text, cand, SENTENCES + garden)
        assert 0.0 <= cand.sentence_score <= 1.0
    assert 1 <= len([c for c in candidates if c.members]) <= PASSAGES
    keys = [(c.source_id, c.start, c.end) for c in candidates]
    assert len(keys) == len(set(keys))  # overlapping chunks give each sentence once
    assert candidates[0].quote == SENTENCES[3]


def test_the_best_matching_sentence_comes_first_and_the_count_is_capped(library):
    c = claim("Tolls for the tunnel were abolished after a referendum in 2022.")
    ranked = HybridRetriever(library).retrieve(c.text, 8)
    candidates = select_evidence(c, ranked, SourceCache(library), load_term_weights(), 3)
    best, passages = candidates[:3], [cand for cand in candidates if cand.members]
    assert not any(cand.members for cand in best) and len(passages) == PASSAGES
    # beyond the best three, only the passages' own sentences, each judged alone too
    extra = [cand for cand in candidates[3:] if not cand.members]
    assert {(c.start, c.end) for c in extra} <= {m for p in passages for m in p.members}
    for p in passages:
        assert all(any((c.start, c.end) == m for c in candidates) for m in p.members)
    assert candidates[0].quote == SENTENCES[5]
    scores = [cand.sentence_score for cand in candidates]
    assert scores[0] == max(scores)
    assert all(cand.retrieval_rank >= 1 for cand in candidates)


def test_no_ranked_chunks_means_no_candidates(library):
    assert select_evidence(claim("anything"), [], SourceCache(library), load_term_weights()) == []


def test_a_source_removed_after_retrieval_is_skipped(tmp_path):
    lib = Library.open(tmp_path / "store", HashingEmbedder())
    lib.add(Document(location="https://example.org/t", text=TEXT, title="Tunnel"))
    c = claim("The Velsing tunnel was completed in 2019.")
    ranked = HybridRetriever(lib).retrieve(c.text, 4)
    lib.remove("https://example.org/t")
    assert select_evidence(c, ranked, SourceCache(lib), load_term_weights()) == []
    lib.close()


def test_long_sources_give_whole_sentences_at_their_offsets(tmp_path):
    filler = [
        f"Paragraph {i} talks about harbour number {i} and its {i + 3} cranes." for i in range(600)
    ]
    text = "# Harbours\n\n" + " ".join(filler) + " " + " ".join(SENTENCES) + "\n"
    lib = Library.open(tmp_path / "store", HashingEmbedder(), chunk_size=150, chunk_overlap=60)
    lib.add(Document(location="https://example.org/long", text=text, title="Harbours"))
    c = claim("The Velsing tunnel cost 420 million euros.")
    ranked = HybridRetriever(lib).retrieve(c.text, 8)
    candidates = select_evidence(c, ranked, SourceCache(lib), load_term_weights(), 8)
    assert candidates[0].quote == SENTENCES[3]
    source = lib.get(candidates[0].source_id)
    for cand in candidates:
        assert_whole(source.text, cand, SENTENCES + filler)
    lib.close()


def test_a_passage_only_supports_and_only_where_no_sentence_alone_does(library):
    c = claim("The Velsing tunnel cost 420 million euros and a second bore is planned.")
    ranked = HybridRetriever(library).retrieve(c.text, 8)
    candidates = select_evidence(c, ranked, SourceCache(library), load_term_weights(), 8)
    passage = next(x for x in candidates if x.members)
    ones = {(x.start, x.end): x for x in candidates if not x.members}
    first, second = (ones[m] for m in passage.members)

    def read(at: dict, passage_reading: Judgement) -> list[Judgement]:
        return [passage_reading if x is passage else at.get(x, weak) for x in candidates]

    weak = Judgement(0.2, 0.0, 0.8)
    joined = Judgement(0.7, 0.2, 0.1)  # together they state it (and something else clashes)
    kept, judged = passages_support_only(candidates, read({}, joined), 0.5)
    assert passage in kept
    reading = judged[kept.index(passage)]  # support only: its clash is read as neutral
    assert (reading.supports, reading.contradicts) == (0.7, 0.0)
    assert reading.neutral == pytest.approx(0.3)
    # one sentence alone settles it: the passage would only repeat its quote
    alone = {first: Judgement(0.6, 0.0, 0.4)}
    kept, _ = passages_support_only(candidates, read(alone, joined), 0.5)
    assert passage not in kept and first in kept
    # one sentence alone clashes with the claim: its neighbour cannot outvote it
    clash = {second: Judgement(0.1, 0.6, 0.3)}
    kept, judged = passages_support_only(candidates, read(clash, joined), 0.5)
    assert passage not in kept and judged[kept.index(second)].contradicts == 0.6
    # ... but a faint lean ("one side is negated") is no clash: the passage still supports
    faint = {second: Judgement(0.03, 0.08, 0.89)}
    kept, _ = passages_support_only(candidates, read(faint, joined), 0.5)
    assert passage in kept
    # one sentence dates the claim's event to another month, however faintly it leans: the
    # month its neighbour gives is another event's ("referred itself on 12 May" beside "an
    # inspection between 9 June and 18 July" is no referral in June)
    dated = {second: Judgement(0.0, 0.2, 0.8, rationale="date mismatch (June vs May)")}
    kept, _ = passages_support_only(candidates, read(dated, joined), 0.5)
    assert passage not in kept
    # another year is not read so: a neighbour's figure for 2024 beside a plan "by 2030"
    dated = {second: Judgement(0.0, 0.01, 0.99, rationale="date mismatch (2030 vs 2024)")}
    kept, _ = passages_support_only(candidates, read(dated, joined), 0.5)
    assert passage in kept


def test_a_fact_stated_across_three_sentences_is_one_passage(tmp_path):
    # the date in one sentence, the fact in the next, its other half in the third
    lib = Library.open(tmp_path / "store", HashingEmbedder())
    lib.add(Document(location="https://example.org/t", text=TEXT, title="Tunnel"))
    c = claim(
        "Completed in 2019, the Velsing tunnel carries 18,000 vehicles a day through a "
        "ventilation system designed by Marlow Civil."
    )
    ranked = HybridRetriever(lib).retrieve(c.text, 4)
    candidates = select_evidence(c, ranked, SourceCache(lib), load_term_weights(), 3)
    source = lib.get(candidates[0].source_id)
    for cand in candidates:
        assert_whole(source.text, cand, SENTENCES)
    assert " ".join(SENTENCES[:3]) in [cand.quote for cand in candidates if cand.members]
    lib.close()


DEFINED = (
    "# Headache clinic report\n\n"
    "The clinic tested transcranial magnetic stimulation (TMS) on 120 adults in 2023. "
    "Patients kept a diary every night. Two blinded raters read the diaries. The trial ran in "
    "four clinics in Leeds, each with its own nurse. Patients were paid for travel. Nobody "
    "left the trial early. Each visit took about an hour, and most patients came by bus.\n\n"
    "After eight weeks, TMS halved migraine attacks in the treated group. Sleeping pills did "
    "nothing for them.\n\n"
    "The costs were counted by the clinics at the end of the year, with help from a local "
    "charity and two volunteers who kept the accounts. Every bill was checked twice. The "
    "report was sent to the council in spring, and the council published it in summer. "
    "Transcranial magnetic stimulation cost 40 pounds per patient.\n"
)


@pytest.mark.parametrize(
    ("claim_text", "quoted"),
    [
        (  # the claim spells it out, the sentence abbreviates it
            "Transcranial magnetic stimulation halved migraine attacks.",
            "After eight weeks, TMS halved migraine attacks in the treated group.",
        ),
        (  # the claim abbreviates it, the sentence spells it out
            "TMS cost 40 pounds per patient.",
            "Transcranial magnetic stimulation cost 40 pounds per patient.",
        ),
    ],
)
def test_an_abbreviation_the_source_defines_reads_as_its_long_form(tmp_path, claim_text, quoted):
    lib = Library.open(tmp_path / "store", HashingEmbedder())
    lib.add(Document(location="https://example.org/tms", text=DEFINED, title="Clinic report"))
    result = check_claim(claim(claim_text), lib, HybridRetriever(lib), LexicalVerifier(), 5)
    assert result.verdict is Verdict.SUPPORTED, result.reason
    best = result.evidence[0]
    assert best.quote == quoted  # the quote stays as the source writes it
    assert lib.get(best.source_id).text[best.start : best.end] == quoted
    lib.close()


def test_spell_out_gives_both_forms_only_where_one_is_used():
    found = abbreviations(DEFINED)
    assert found == (("TMS", "transcranial magnetic stimulation"),)
    assert spell_out("TMS helped.", found) == "transcranial magnetic stimulation (TMS) helped."
    assert spell_out("Transcranial magnetic stimulation helped.", found) == (
        "Transcranial magnetic stimulation (TMS) helped."
    )
    both = "Transcranial magnetic stimulation (TMS) helped."
    assert spell_out(both, found) == both
    assert spell_out("TMSs and ATMS helped.", found) == "TMSs and ATMS helped."  # other words
    assert abbreviations("No definitions (none here) at all.") == ()


def release_notes(first_paragraph: str) -> str:
    return (
        "# X-200 controller release notes\n\n"
        f"{first_paragraph}\n\n"
        "This release brings a new installer and a faster start-up. Several translations were "
        "updated, and the manual has a new chapter on wiring.\n\n"
        "The X-200 controller is now sold only as a subscription.\n"
    )


@pytest.mark.parametrize(
    ("first_paragraph", "verdict"),
    [
        # a dateline: when and by whom, for the whole page
        ("Released in May 2025 by Vessor Systems.", Verdict.SUPPORTED),
        # no dateline: nothing on the page says when, or whose the controller is
        ("Please read these notes before updating.", Verdict.UNVERIFIED),
    ],
)
def test_a_dateline_paragraph_says_when_and_by_whom_for_the_whole_page(
    tmp_path, first_paragraph, verdict
):
    text = release_notes(first_paragraph)
    lib = Library.open(tmp_path / "store", HashingEmbedder())
    lib.add(Document(location="https://example.org/x200", text=text, title="Release notes"))
    c = claim("In 2025 Vessor Systems sold the X-200 controller only as a subscription.")
    result = check_claim(c, lib, HybridRetriever(lib), LexicalVerifier(), 5)
    assert result.verdict is verdict, result.reason
    if verdict is Verdict.SUPPORTED:
        best = result.evidence[0]
        assert best.quote == "The X-200 controller is now sold only as a subscription."
        assert lib.get(best.source_id).text[best.start : best.end] == best.quote
    lib.close()


def test_only_a_short_dating_or_signing_paragraph_is_a_dateline():
    def source(text: str) -> Source:
        return Source(id="s", location="x", text=text, sha256="0", retrieved_at="2026")

    found, end = lead(source(release_notes("Published by Vessor Systems, Lund.")))
    assert found == "Published by Vessor Systems, Lund."
    assert release_notes("Published by Vessor Systems, Lund.")[end:].startswith("\n\nThis release")
    assert lead(source(release_notes("This page is maintained by the Vessor docs team.")))[0]
    assert lead(source(release_notes("Vessor Systems sold 2025 controllers last year.")))[0] == ""
    long = "Released in May 2025 by Vessor Systems, " + "with thanks to many people, " * 6 + "."
    assert lead(source(release_notes(long)))[0] == ""
    # a page that is nothing but the line has no later sentence for it to date
    assert lead(source("# Notes\n\nReleased in May 2025 by Vessor Systems.\n"))[0] == ""
    # the line is no context for itself
    text = release_notes("Released in May 2025 by Vessor Systems.")
    assert "Released in May" not in situate(source(text), text.index("Released"))
    assert "Released in May" in situate(source(text), text.index("The X-200"))


def test_no_passage_joins_the_dateline_with_the_sentence_after_it(tmp_path):
    # "Published by Norvane Pharma." and the trial's first sentence read together name the
    # funder and the trial, and once supported "The trial was funded by Norvane Pharma"; the
    # byline is every sentence's context already, never half of a passage
    text = (
        "# CARDIO-7 trial results\n\n"
        "Published by Norvane Pharma, 3 March 2026.\n\n"
        "The CARDIO-7 trial enrolled 11,842 patients in 14 countries. Heart attacks occurred in "
        "2.1% of patients taking cardiflozin.\n"
    )
    lib = Library.open(tmp_path / "store", HashingEmbedder())
    lib.add(Document(location="https://example.org/cardio7", text=text, title="CARDIO-7"))
    cache = SourceCache(lib)
    c = claim("The CARDIO-7 trial was funded entirely by Norvane Pharma.")
    found = select_evidence(c, HybridRetriever(lib).retrieve(c.text, 5), cache, load_term_weights())
    byline_end = text.index("2026.") + len("2026.")
    passages = [cand for cand in found if cand.members]
    assert passages  # the sentences after the byline still form passages
    assert all(cand.start >= byline_end for cand in passages), [p.quote for p in passages]
    assert any("Published by" in cand.quote for cand in found)  # the byline alone is read
    lib.close()


def test_a_sentence_stating_the_claims_figure_of_another_noun_is_found(tmp_path):
    # "1,100 jobs" and "1,100 positions", "a quarter" and "25 per cent": no word in common
    # but the company's name, which the dateline states too
    text = (
        "# Veldmark launches restructuring programme\n\n"
        "Published by Veldmark Energy N.V., Wroclaw, 11 March 2025.\n\n"
        "Veldmark Energy N.V. today officially opened its cell plant in Wroclaw. "
        "The plant was inaugurated by the chief executive with city officials. "
        "As part of a restructuring programme, the company intends to reduce its workforce by "
        "approximately 1,100 positions, equivalent to around 25 per cent of total headcount.\n"
    )
    lib = Library.open(tmp_path / "store", HashingEmbedder())
    lib.add(Document(location="https://example.org/veldmark", text=text, title="Veldmark"))
    c = claim("Veldmark said it would cut about 1,100 jobs, roughly a quarter of its staff.")
    found = select_evidence(
        c, HybridRetriever(lib).retrieve(c.text, 4), SourceCache(lib), load_term_weights(), 3
    )
    assert found[0].quote.startswith("As part of a restructuring programme"), found[0].quote
    lib.close()


MINUTES = (
    "# Board of Trustees: minutes of the meeting of 14 October 2025\n\n"
    "Present: Roger Elstow (Chair), Priya Kandola (Treasurer) and seven further trustees.\n\n"
    "In attendance: Dr Helena Marchbank (Chief Executive) and Owen Tarrant (Director of "
    "Finance).\n\n"
    "The Chair opened the meeting and thanked the trustees for attending at short notice. "
    "The trustees noted the auditors' letter on the charity's reserves and the timetable for "
    "the annual accounts.\n\n"
    "The Chair reported that the Chief Executive had informed him in writing that she would "
    "voluntarily accept a reduction of 10 per cent in her basic salary with effect from 1 "
    "November 2025.\n"
)


def test_a_post_the_source_introduces_a_person_with_reads_as_their_name(tmp_path):
    assert title_aliases(MINUTES) == (
        ("Chair", "Roger Elstow"),
        ("Treasurer", "Priya Kandola"),
        ("Chief Executive", "Dr Helena Marchbank"),
        ("Director of Finance", "Owen Tarrant"),
    )
    lib = Library.open(tmp_path / "store", HashingEmbedder())
    lib.add(Document(location="https://example.org/minutes", text=MINUTES, title="Minutes"))
    text = "Dr Marchbank has offered to take a 10% cut in her basic salary from 1 November."
    result = check_claim(claim(text), lib, HybridRetriever(lib), LexicalVerifier(), 5)
    assert result.verdict is Verdict.SUPPORTED, result.reason
    assert result.evidence[0].quote.startswith("The Chair reported that the Chief Executive")
    # a claim about someone else is not read against her post
    text = "Dr Okafor has offered to take a 10% cut in her basic salary from 1 November."
    result = check_claim(claim(text), lib, HybridRetriever(lib), LexicalVerifier(), 5)
    assert result.verdict is not Verdict.SUPPORTED, result.reason
    lib.close()
    # a post two people hold, or a person with two posts, is no alias
    two = "Jan Reed (Director) and Ola Berg (Director) met Ann Lee (Chair), Ann Lee (Treasurer)."
    assert title_aliases(two) == ()


ACCOUNTS = (
    "# Brackenford United: annual report for the year ended 30 June 2025\n\n"
    "Financial highlights for the year ended 30 June 2025 (comparative figures for the year "
    "ended 30 June 2024 in brackets):\n\n"
    "- Turnover: £58.7 million (£49.2 million), an increase of 19.3 per cent.\n"
    "- Loss before taxation: £17.2 million (£22.5 million).\n"
)


def test_a_bare_bracket_is_the_year_before_only_where_the_source_says_so(tmp_path):
    assert label_comparatives("Loss before taxation: £17.2 million (£22.5 million).") == (
        "Loss before taxation: £17.2 million (was: £22.5 million)."
    )
    # a bracket with words in it is no figure of the year before
    assert label_comparatives("a total of £5m (£3m from the council)") == (
        "a total of £5m (£3m from the council)"
    )
    text = "Yet pre-tax losses widened to £17.2m."
    lib = Library.open(tmp_path / "store", HashingEmbedder())
    lib.add(Document(location="https://example.org/accounts", text=ACCOUNTS, title="Accounts"))
    result = check_claim(claim(text), lib, HybridRetriever(lib), LexicalVerifier(), 5)
    assert result.verdict is not Verdict.SUPPORTED, result.reason
    assert any("(was: £22.5 million)" in getattr(q, "reading", "") for q in readings(lib, text))
    lib.add(
        Document(
            location="https://example.org/accounts",
            text=ACCOUNTS.replace(
                " (comparative figures for the year ended 30 June 2024 in brackets)", ""
            ),
            title="Accounts",
        )
    )
    # where the source does not say what its brackets hold, they are not read as the year before
    assert all("(was:" not in getattr(q, "reading", "") for q in readings(lib, text))
    lib.close()


def readings(lib: Library, text: str) -> list:
    ranked = HybridRetriever(lib).retrieve(text, 5)
    return select_evidence(claim(text), ranked, SourceCache(lib), load_term_weights())


def test_a_term_a_document_defines_for_a_party_reads_as_the_party():
    text = (
        'The contract was awarded to Fellreach Networks Limited ("the Supplier") on 14 June '
        '2023. Westmarch Bank plc ("the Bank") today confirmed the closures.'
    )
    terms = defined_terms(text)
    assert ("the Supplier", "Fellreach Networks Limited") in terms
    assert ("The Bank", "Westmarch Bank plc") in terms
    quote = "The Supplier is required to submit a Remediation Plan within 28 calendar days."
    assert spell_out(quote, terms).startswith("Fellreach Networks Limited (The Supplier) is")
    # a quoted word that names no party is no term
    assert defined_terms('He called it ("the best") and left.') == ()
