"""The claimreview export: schema.org ClaimReview JSON-LD and its <script> element."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from checker.models import Report
from checker.report.exports import claimreview_html, export
from ingest.errors import ConfigError


def _reviews(data: bytes) -> list[dict]:
    reviews = json.loads(data)
    assert isinstance(reviews, list)
    return reviews


def test_one_claimreview_per_claim_with_the_documented_scale(report: Report) -> None:
    reviews = _reviews(export(report, "claimreview"))
    assert len(reviews) == len(report.results)
    for review, result in zip(reviews, report.results, strict=True):
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == result.claim.text
        assert review["author"] == {"@type": "Organization", "name": "claimcheck"}
        assert review["datePublished"] == "2024-05-02"
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert (rating["worstRating"], rating["bestRating"]) == (1, 3)
    names = [
        (r["reviewRating"]["ratingValue"], r["reviewRating"]["alternateName"]) for r in reviews
    ]
    # supported, contradicted, unverified, reviewed unverified->contradicted, supported,
    # unverified from its parts
    assert names == [
        (3, "True"),
        (1, "False"),
        (2, "Unproven"),
        (1, "False"),
        (3, "True"),
        (2, "Unproven"),
    ]


def test_item_reviewed_points_at_the_article(report: Report) -> None:
    review = _reviews(export(report, "claimreview"))[0]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    work = {
        "@type": "CreativeWork",
        "url": "https://news.example.org/2024/budget?id=7&lang=fr",
        "name": report.article.title,
    }
    assert item["appearance"] == [work] and item["firstAppearance"] == work


def test_article_without_url_has_no_appearance(report: Report) -> None:
    local = dataclasses.replace(report, article=dataclasses.replace(report.article, url=""))
    item = _reviews(export(local, "claimreview"))[0]["itemReviewed"]
    assert item == {"@type": "Claim"}


def test_citations_are_the_claims_sources(report: Report) -> None:
    reviews = _reviews(export(report, "claimreview"))
    assert [c["name"] for c in reviews[0]["citation"]] == [
        report.sources[0].title,
        "Ministry notes — Übersicht",
    ]
    assert "url" not in reviews[0]["citation"][1]  # a local file has no public URL
    assert "citation" not in reviews[2]  # no evidence, nothing cited


def test_options_author_url_expires(report: Report) -> None:
    data = export(
        report,
        "claimreview",
        author="Desk of Facts",
        url="https://paper.example/fc",
        expires="2025-01-31",
    )
    review = _reviews(data)[0]
    assert review["author"]["name"] == "Desk of Facts"
    assert review["url"] == "https://paper.example/fc"
    assert review["expires"] == "2025-01-31"
    assert "expires" not in _reviews(export(report, "claimreview"))[0]
    assert "url" not in _reviews(export(report, "claimreview"))[0]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"expires": "next week"}, "expires must be an ISO date"),
        ({"url": "javascript:alert(1)"}, "must be an http"),
        ({"author": "  "}, "author must not be empty"),
    ],
)
def test_bad_options_are_config_errors(report: Report, options: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        export(report, "claimreview", **options)


def test_html_script_cannot_be_closed_by_a_claim(report: Report) -> None:
    html = claimreview_html(report)
    assert html.startswith('<script type="application/ld+json">\n')
    assert html.endswith("</script>\n")
    body = html[len('<script type="application/ld+json">\n') : -len("\n</script>\n")]
    assert "</" not in body and "<!--" not in body
    assert "<\\/script>" in body
    # the escaped JSON is the same data
    assert json.loads(body) == json.loads(export(report, "claimreview"))
    assert len(re.findall(r"</script", html)) == 1


def test_html_comment_opener_is_escaped(report: Report) -> None:
    claim = dataclasses.replace(report.results[0].claim, text="<!--<script>")
    result = dataclasses.replace(report.results[0], claim=claim)
    html = claimreview_html(dataclasses.replace(report, results=(result,)))
    assert "<!--" not in html and "\\u003c!--<script>" in html


def test_review_body_names_the_parts_and_the_sourcing(report: Report) -> None:
    reviews = json.loads(export(report, "claimreview"))
    body = reviews[5]["reviewBody"]
    assert "Supported (0.80): The city's largest employer is the port." in body
    assert 'Sourcing: anonymous source: "Sources say".' in body
    assert "reviewBody" not in reviews[0]  # nothing to add to a plain claim
