"""The app's HTML fragments: text is shown as text, claims are marked where they are, quotes
are shown inside their sentences."""

from __future__ import annotations

import html
import re

from checker.models import (
    Article,
    Claim,
    ClaimResult,
    Evidence,
    Flag,
    FlagKind,
    Report,
    ReportSettings,
    Review,
    Span,
    Stance,
    Verdict,
)
from ingest.models import Tier, sha256_text
from ui.markup import (
    claim_header_html,
    evidence_html,
    highlighted_article,
    quote_context,
    safe_href,
)

HOSTILE = '<script>alert("x")</script> **bold** [link](javascript:alert(1)) <img src=x onerror=y>'


def _report(text: str, claims: list[tuple[str, Verdict]], review: dict | None = None) -> Report:
    results = []
    for i, (claim_text, verdict) in enumerate(claims):
        starts = [m.start() for m in re.finditer(re.escape(claim_text), text)]
        spans = tuple(Span(s, s + len(claim_text)) for s in starts)
        claim = Claim(f"c{i}", claim_text, starts[0], starts[0] + len(claim_text), spans)
        results.append(ClaimResult(claim, verdict, 0.7, "reason", (), (review or {}).get(f"c{i}")))
    return Report(
        article=Article(text=text, title="t", sha256=sha256_text(text)),
        generated_at="2026-01-01T00:00:00+00:00",
        settings=ReportSettings("e", "v", "x", "s"),
        results=tuple(results),
    )


def _visible_text(fragment: str) -> str:
    """What a browser shows: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_article_text_is_escaped_and_claims_are_marked_in_their_final_colour():
    body = "Intro. The cost was 5 euros. " + HOSTILE + " Again: The cost was 5 euros."
    reviewed = Review(Verdict.CONTRADICTED, Verdict.SUPPORTED, "no")
    fragment = highlighted_article(
        _report(body, [("The cost was 5 euros.", Verdict.SUPPORTED)], {"c0": reviewed})
    )
    assert "<script" not in fragment and "<img" not in fragment
    assert html.escape(HOSTILE, quote=True) in fragment
    # both occurrences marked, in the reviewed verdict's colour, numbered 1
    marks = re.findall(r'<mark class="cc-(\w+)"[^>]*>(.*?)<sup>(\d+)</sup></mark>', fragment)
    assert marks == [("contradicted", "The cost was 5 euros.", "1")] * 2
    # removing the markup gives back the article exactly (plus the claim numbers)
    assert _visible_text(fragment).replace("1", "") == body.replace("1", "")


def test_overlapping_claims_do_not_duplicate_text():
    body = "Sales rose 5% and profits fell 3% in 2024."
    fragment = highlighted_article(
        _report(
            body,
            [
                ("Sales rose 5% and profits fell 3% in 2024.", Verdict.SUPPORTED),
                ("profits fell 3%", Verdict.UNVERIFIED),
            ],
        )
    )
    assert _visible_text(fragment) == body + "1"  # the text once, with claim 1's number
    assert fragment.count("<mark") == 1


def test_quote_is_shown_inside_its_neighbouring_sentences():
    text = (
        "Title line\n\nFirst sentence here. The team was dissolved on 2 March 2026. "
        "Its members moved to Cloud. Last one.\n\nNext paragraph."
    )
    start = text.index("The team")
    end = text.index("2026.") + 5
    before, quote, after = quote_context(text, start, end)
    assert quote == "The team was dissolved on 2 March 2026."
    assert before.strip() == "First sentence here."
    assert after.strip() == "Its members moved to Cloud."


def test_long_context_is_cut_with_an_ellipsis():
    filler = "word " * 400
    text = filler + "The quote is here. " + filler
    start = text.index("The quote")
    before, quote, after = quote_context(text, start, start + len("The quote is here."))
    assert before.startswith("\u2026") and after.endswith("\u2026")
    assert len(before) < 300 and len(after) < 300


def test_evidence_card_escapes_source_text_and_drops_unsafe_links():
    source_text = f"Before {HOSTILE}. The exact quote. After sentence."
    start = source_text.index("The exact quote.")
    ev = Evidence(
        source_id="s1",
        url="javascript:alert(1)",
        title="<b>Title</b>",
        published="2026-03-02",
        tier=Tier.PRIMARY,
        quote="The exact quote.",
        start=start,
        end=start + len("The exact quote."),
        stance=Stance.SUPPORTS,
        score=0.9,
        location="/data/sources/press-release.md",
    )
    fragment = evidence_html(ev, source_text)
    assert "<script" not in fragment and "<b>" not in fragment and "javascript:" not in fragment
    assert "<mark>The exact quote.</mark>" in fragment
    assert "published 2026-03-02" in fragment and "primary source" in fragment
    assert "press-release.md" in fragment
    # a source changed since the check: the quote alone, still escaped
    alone = evidence_html(ev, "something else entirely")
    assert "<mark>The exact quote.</mark>" in alone and "Before" not in alone


def test_only_web_links_are_links():
    assert safe_href("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2"
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("/etc/passwd") is None
    assert safe_href('https://x.org/"onmouseover="a') == "https://x.org/&quot;onmouseover=&quot;a"


def test_a_claim_card_highlights_flagged_words_and_lists_its_parts():
    text = "Intro. Sources say the port, the city's <b>largest</b> employer, hired 900 dockers."
    claim_text = text[len("Intro. ") :]
    start = len("Intro. ")
    words = "Sources say"
    main = Claim("p1", "Sources say the port hired 900 dockers.", start, len(text), kind="main")
    appositive = Claim("p2", "The port is the city's <b>largest</b> employer.", 30, 60)
    quote = Evidence(
        "s",
        "",
        "Port report",
        None,
        Tier.PRIMARY,
        "The port employs 9,000.",
        0,
        23,
        Stance.SUPPORTS,
        0.8,
    )
    claim = Claim(
        "c",
        claim_text,
        start,
        len(text),
        (Span(start, len(text)),),
        parts=(main, appositive),
        flags=(Flag(FlagKind.ANONYMOUS, words, start, start + len(words)),),
    )
    result = ClaimResult(
        claim,
        Verdict.UNVERIFIED,
        0.8,
        "1 of 2 parts supported",
        (quote,),
        parts=(
            ClaimResult(main, Verdict.UNVERIFIED, 1.0, "no relevant evidence in the library"),
            ClaimResult(appositive, Verdict.SUPPORTED, 0.8, "supported", (quote,)),
        ),
    )
    fragment = claim_header_html(1, result)
    assert '<span class="cc-flag" title="attributed to unnamed or anonymous sources">' in fragment
    assert "<b>" not in fragment  # text stays text
    assert _visible_text(fragment).count(claim_text) == 1
    parts = re.findall(r'<div class="cc-part">(.*?)</div>', fragment)
    assert len(parts) == 2
    assert "Unverified" in _visible_text(parts[0]) and "dockers" in parts[0]
    assert "Supported" in _visible_text(parts[1])
    assert "\u201cThe port employs 9,000.\u201d" in _visible_text(parts[1])
    assert 'anonymous source: "Sources say"' in _visible_text(fragment)
