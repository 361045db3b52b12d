"""The `claimreview` export: schema.org ClaimReview JSON-LD, one ClaimReview per claim.

Rating scale (reviewRating, from the final verdict: the reviewer's where a claim was reviewed):

    ratingValue  alternateName  verdict
    1            False          contradicted by the cited sources
    2            Unproven       unverified: the library holds no quote that settles it
    3            True           supported by the cited sources

worstRating is 1 and bestRating 3. `itemReviewed` is a schema.org Claim whose appearance and
firstAppearance are the article (when it has an http(s) URL); `citation` lists the sources the
claim's quotes come from. `reviewBody`, where a claim has parts or sourcing flags, names each
part with its verdict and each flag with the words that raised it. `datePublished` is the
date the report was generated. `author`
(default "claimcheck"), the review page `url` and `expires` (ISO date) are options.
`claimreview_html` wraps the JSON-LD in a <script type="application/ld+json"> element, ready to
embed in a page.
"""

from __future__ import annotations

import json
from typing import Any

from checker.models import ClaimResult, Report, SourceRef, Verdict
from checker.report.exports.common import (
    cited_sources,
    date_part,
    display_title,
    flags_text,
    one_line,
    part_line,
    public_url,
)
from ingest.errors import ConfigError

SCHEMA_ORG = "https://schema.org"
WORST_RATING = 1
BEST_RATING = 3
RATINGS: dict[Verdict, tuple[int, str]] = {
    Verdict.CONTRADICTED: (1, "False"),
    Verdict.UNVERIFIED: (2, "Unproven"),
    Verdict.SUPPORTED: (3, "True"),
}


def claim_reviews(
    report: Report,
    *,
    author: str = "claimcheck",
    url: str | None = None,
    expires: str | None = None,
) -> list[dict[str, Any]]:
    """The ClaimReview objects of the report, one per claim, in article order."""
    if not author.strip():
        raise ConfigError("the ClaimReview author must not be empty")
    review_url = ""
    if url:
        review_url = public_url(url)
        if not review_url:
            raise ConfigError(f"the ClaimReview url must be an http(s) URL, not {url!r}")
    expires_date = ""
    if expires:
        expires_date = date_part(expires)
        if len(expires_date) != 10:
            raise ConfigError(f"expires must be an ISO date (YYYY-MM-DD), not {expires!r}")
    sources = {s.id: s for s in cited_sources(report)}
    article = _article_work(report)
    published = date_part(report.generated_at)
    reviews = []
    for result in report.results:
        review: dict[str, Any] = {
            "@context": SCHEMA_ORG,
            "@type": "ClaimReview",
            "claimReviewed": one_line(result.claim.text),
            "reviewRating": _rating(result.final_verdict),
            "itemReviewed": _item_reviewed(article),
            "author": {"@type": "Organization", "name": one_line(author)},
        }
        if published:
            review["datePublished"] = published
        if review_url:
            review["url"] = review_url
        if expires_date:
            review["expires"] = expires_date
        body = _review_body(result)
        if body:
            review["reviewBody"] = body
        citations = _citations(result, sources)
        if citations:
            review["citation"] = citations
        reviews.append(review)
    return reviews


def _review_body(result: ClaimResult) -> str:
    """The claim's parts and sourcing flags in words ("" when it has neither)."""
    said = []
    if result.parts:
        said.append("Parts: " + "; ".join(part_line(p) for p in result.parts) + ".")
    if result.claim.flags:
        said.append(f"Sourcing: {flags_text(result.claim.flags)}.")
    return " ".join(said)


def _rating(verdict: Verdict) -> dict[str, Any]:
    value, name = RATINGS[verdict]
    return {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": name,
    }


def _article_work(report: Report) -> dict[str, Any] | None:
    url = public_url(report.article.url)
    if not url:
        return None
    work: dict[str, Any] = {"@type": "CreativeWork", "url": url}
    if report.article.title.strip():
        work["name"] = one_line(report.article.title)
    return work


def _item_reviewed(article: dict[str, Any] | None) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if article:
        item["appearance"] = [dict(article)]
        item["firstAppearance"] = dict(article)
    return item


def _citations(result: ClaimResult, sources: dict[str, SourceRef]) -> list[dict[str, Any]]:
    seen: list[str] = []
    for ev in result.evidence:
        if ev.source_id not in seen:
            seen.append(ev.source_id)
    works = []
    for source_id in seen:
        source = sources[source_id]
        work: dict[str, Any] = {"@type": "CreativeWork", "name": display_title(source)}
        url = public_url(source.url)
        if url:
            work["url"] = url
        if date_part(source.published):
            work["datePublished"] = date_part(source.published)
        works.append(work)
    return works


def _json(reviews: list[dict[str, Any]]) -> str:
    return json.dumps(reviews, ensure_ascii=False, indent=2, sort_keys=True)


def render(
    report: Report,
    *,
    author: str = "claimcheck",
    url: str | None = None,
    expires: str | None = None,
) -> bytes:
    """The ClaimReviews as a JSON-LD array (UTF-8)."""
    reviews = claim_reviews(report, author=author, url=url, expires=expires)
    return (_json(reviews) + "\n").encode("utf-8")


def claimreview_html(
    report: Report,
    *,
    author: str = "claimcheck",
    url: str | None = None,
    expires: str | None = None,
) -> str:
    """The ClaimReviews in a <script type="application/ld+json"> element to paste into a page.

    "</" is written "<\\/" and "<!--" as "\\u003c!--" (both the same JSON) so that no text in a
    claim can close the script element or open an HTML comment.
    """
    text = _json(claim_reviews(report, author=author, url=url, expires=expires))
    text = text.replace("<!--", "\\u003c!--").replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'
