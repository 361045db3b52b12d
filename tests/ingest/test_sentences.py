"""Sentence segmentation: offsets into the original text, abbreviations, Markdown structure."""

from __future__ import annotations

from ingest.sentences import HEADING, ITEM, LINE, SENTENCE, segment, split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_abbreviations_decimals_and_versions_do_not_end_sentences() -> None:
    text = (
        "The U.S. economy grew 3.6% last year. Dr. Smith, e.g. the lead author, disagreed. "
        "J.P. Morgan Inc. raised its forecast to 2.5 per cent. Qwen3.6-Max was released in "
        "April. Version v2.1.3 fixed it."
    )
    assert texts(text) == [
        "The U.S. economy grew 3.6% last year.",
        "Dr. Smith, e.g. the lead author, disagreed.",
        "J.P. Morgan Inc. raised its forecast to 2.5 per cent.",
        "Qwen3.6-Max was released in April.",
        "Version v2.1.3 fixed it.",
    ]


def test_a_sentence_ending_on_a_decimal_figure_ends_there() -> None:
    text = (
        "It will add £86.14 a year, taking the county council's share to £1,812.37. Once the "
        "new bills land, residents will pay more. The p value was 0.05. The v2.1 release "
        "followed."
    )
    assert texts(text) == [
        "It will add £86.14 a year, taking the county council's share to £1,812.37.",
        "Once the new bills land, residents will pay more.",
        "The p value was 0.05.",
        "The v2.1 release followed.",
    ]
    # ... or on a figure with its scale
    text = "The grant made up 30% of income of nearly £1.4m. Marlstow Council cut its grant."
    assert texts(text) == [
        "The grant made up 30% of income of nearly £1.4m.",
        "Marlstow Council cut its grant.",
    ]


def test_spans_round_trip_and_are_ordered() -> None:
    text = "# Title\n\n  First one.  Second one!\r\n- bullet item\r\n> Quoted claim here.\n"
    spans = split_sentences(text)
    assert spans, "no segments"
    previous_end = 0
    for span in spans:
        piece = text[span.start : span.end]
        assert piece == piece.strip() and piece
        assert span.start >= previous_end
        previous_end = span.end
    assert texts(text) == [
        "Title",
        "First one.",
        "Second one!",
        "bullet item",
        "Quoted claim here.",
    ]


def test_heading_is_never_glued_to_the_next_sentence() -> None:
    text = (
        "## Markets fell\nThe index lost 2% on Monday.\n"
        "Breaking News From Berlin\nThe mayor resigned."
    )
    segs = segment(text)
    assert [(text[s.start : s.end], s.kind) for s in segs] == [
        ("Markets fell", HEADING),
        ("The index lost 2% on Monday.", SENTENCE),
        ("Breaking News From Berlin", LINE),
        ("The mayor resigned.", SENTENCE),
    ]


def test_list_items_are_segments_without_their_markers() -> None:
    text = "Key points:\n- Sales rose 4% in May. Costs fell.\n* third item\n2. numbered point\n"
    segs = segment(text)
    assert [(text[s.start : s.end], s.kind) for s in segs] == [
        ("Key points:", SENTENCE),
        ("Sales rose 4% in May.", ITEM),
        ("Costs fell.", ITEM),
        ("third item", ITEM),
        ("numbered point", ITEM),
    ]


def test_wrapped_lines_are_one_sentence() -> None:
    text = "The company said on\nMonday that profits rose by\nAlibaba's count. Then it\nstopped."
    assert texts(text) == [
        "The company said on\nMonday that profits rose by\nAlibaba's count.",
        "Then it\nstopped.",
    ]


def test_glued_summary_numbers_and_repeated_title_are_separated() -> None:
    title = "Alibaba Removed Qwen Core Team in 2026"
    text = (
        f"{title}\nsummarize3-Point Summary\n- 1The team left in March.\n"
        f"- 2{title} The move shocked developers.\n"
    )
    assert texts(text) == [
        title,
        "summarize3-Point Summary",
        "The team left in March.",
        title,
        "The move shocked developers.",
    ]


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n  \n\t\n") == []


def test_code_fences_are_skipped() -> None:
    text = "Before the code.\n```\nx = 1. y = 2.\n```\nAfter the code."
    assert texts(text) == ["Before the code.", "After the code."]


def test_hard_wrapped_pdf_text_is_joined_but_titles_are_not() -> None:
    text = (
        "Annual Report of the Example Foundation\n"
        "The foundation distributed 4.2 million euros in grants during the year\n"
        "Programmes in Kenya and Peru received the largest share, as in 2023.\n"
    )
    assert texts(text) == [
        "Annual Report of the Example Foundation",
        "The foundation distributed 4.2 million euros in grants during the year\n"
        "Programmes in Kenya and Peru received the largest share, as in 2023.",
    ]


def test_a_table_row_is_never_glued_to_the_line_after_it() -> None:
    # the row had been read as hard-wrapped prose: "| kestrel-commons | Apache 2.0 | 402,300 |
    # Kestrel4.1-Max is not listed: it has no downloadable weights" was one sentence, whose
    # "no ... weights" then contradicted a claim about the kestrel-commons weights
    text = (
        "| Generation | Licence | March 2026 |\n"
        "|---|:---:|---|\n"
        "| Kestrel-3.5 | Apache 2.0 | 1,610,000 |\n"
        "| kestrel-commons | Apache 2.0 | 402,300 |\n"
        "Kestrel4.1-Max is not listed: it has no downloadable weights on Weightshelf.\n"
    )
    assert [(text[s.start : s.end], s.kind) for s in segment(text)] == [
        ("| Generation | Licence | March 2026 |", LINE),
        ("| Kestrel-3.5 | Apache 2.0 | 1,610,000 |", LINE),
        ("| kestrel-commons | Apache 2.0 | 402,300 |", LINE),
        ("Kestrel4.1-Max is not listed: it has no downloadable weights on Weightshelf.", SENTENCE),
    ]
