"""Ingest from a real HTTP server on 127.0.0.1: saved pages, errors, redirects, updates."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.embeddings import HashingEmbedder
from ingest.fetch import FetchLimits
from ingest.library import Library
from ingest.models import OutcomeStatus, Tier
from ingest.pipeline import ingest_sources

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
LOCAL = FetchLimits(allow_private=True, timeout=2.0, max_bytes=200_000)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library.open(tmp_path / "store", HashingEmbedder())


def test_saved_pages_are_extracted_with_metadata(site, library):
    url = site.page("/lab.html", (PAGES / "lab-announcement.html").read_bytes())
    summary = ingest_sources(library, [url], limits=LOCAL)
    [outcome] = summary.outcomes
    assert outcome.status is OutcomeStatus.ADDED
    source = library.get(outcome.source_id)
    assert source.title == "Orrery Institute moves its Lumen models to a source-available licence"
    assert source.author == "Mira Castellane"
    assert source.published == "2026-03-04"
    assert source.url == url
    assert source.tier is Tier.PRIMARY
    assert "downloaded 2.7 million times" in source.text
    # navigation and footer boilerplate are not part of the clean text
    assert "Careers" not in source.text and "Subscribe to our newsletter" not in source.text
    assert source.retrieved_at.startswith("20")
    import hashlib

    assert source.sha256 == hashlib.sha256(source.text.encode()).hexdigest()


def test_a_publication_date_comes_from_the_markup_never_from_the_text(site, library):
    body = (
        "<p>In 2019 the council first debated the bridge; on 12 January 2023 it approved the"
        " budget, and work began in the spring after years of delay.</p>"
    )
    undated = site.page("/undated.html", f"<html><body><article>{body}</article></body></html>")
    dated = site.page(
        "/dated.html",
        '<html><body><article><p class="byline"><time datetime="2025-05-06">6 May 2025</time>'
        f"</p>{body}</article></body></html>",
    )
    summary = ingest_sources(library, [undated, dated], limits=LOCAL)
    first, second = (library.get(o.source_id) for o in summary.outcomes)
    assert first.published is None  # not 2019 or 2023 guessed from the text
    assert second.published == "2025-05-06"


def test_a_bad_source_never_stops_the_batch(site, library):
    good = site.page("/lab.html", (PAGES / "lab-announcement.html").read_bytes())
    slow = site.page("/slow.html", "<html><body><p>late</p></body></html>", delay=4)
    binary = site.page("/file.bin", b"\x00\x01\x02" * 100, content_type="application/octet-stream")
    image = site.page("/pic.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, content_type="image/png")
    empty = site.page(
        "/empty.html", "<html><head><script>var a=1;</script></head><body></body></html>"
    )
    big = site.page("/big.pdf", b"%PDF-1.4\n" + b"0" * 300_000, content_type="application/pdf")
    moved = site.page("/old", b"", status=301, location="/charter.html", content_type="")
    site.page("/charter.html", (PAGES / "fork-charter.html").read_bytes())
    items = [good, site.url("/missing.html"), slow, binary, image, empty, big, moved]
    summary = ingest_sources(library, items, limits=LOCAL)

    reasons = {o.location: o.reason for o in summary.outcomes}
    assert [o.status for o in summary.outcomes].count(OutcomeStatus.ADDED) == 2
    assert summary.count(OutcomeStatus.FAILED) == 6
    assert "HTTP 404" in reasons[site.url("/missing.html")]
    assert "timed out" in reasons[slow]
    assert "binary" in reasons[binary] or "not HTML" in reasons[binary]
    assert "not HTML" in reasons[image]
    assert "empty after extraction" in reasons[empty]
    assert "too large" in reasons[big]
    # the redirect was followed: the charter is stored under the URL that was asked for
    charter = library.get(moved)
    assert "token-weighted votes" in charter.text
    assert library.source_count() == 2


def test_reingest_unchanged_changes_nothing_and_changed_page_replaces_chunks(site, library):
    long_text = " ".join(
        f"Paragraph {i} reports that the Lumen team published benchmark {i} results."
        for i in range(120)
    )
    url = site.page(
        "/report.html", f"<html><body><article><p>{long_text}</p></article></body></html>"
    )
    first = ingest_sources(library, [url], limits=LOCAL).outcomes[0]
    assert first.status is OutcomeStatus.ADDED and first.chunks > 3
    before = library._collection.count()

    again = ingest_sources(library, [url], limits=LOCAL).outcomes[0]
    assert again.status is OutcomeStatus.UNCHANGED
    assert library._collection.count() == before == library.chunk_count()

    shorter = long_text[: len(long_text) // 3] + " A correction was issued on 9 June 2026."
    site.page("/report.html", f"<html><body><article><p>{shorter}</p></article></body></html>")
    updated = ingest_sources(library, [url], limits=LOCAL).outcomes[0]
    assert updated.status is OutcomeStatus.UPDATED
    assert updated.source_id == first.source_id
    # no orphans: the vector store holds exactly the chunks SQLite knows
    assert library._collection.count() == library.chunk_count() == updated.chunks
    assert "correction was issued" in library.get(url).text
    hits = library.keyword_search("correction issued June", 3)
    assert hits and "correction" in hits[0].chunk.text


def test_private_addresses_are_refused_unless_allowed(site, library):
    url = site.page("/lab.html", (PAGES / "lab-announcement.html").read_bytes())
    summary = ingest_sources(library, [url, "file:///etc/passwd"], limits=FetchLimits())
    reasons = [o.reason for o in summary.outcomes]
    assert "non-public address" in reasons[0]
    assert "only http and https" in reasons[1]
    assert library.source_count() == 0


def test_url_list_and_tier(site, library, tmp_path):
    a = site.page("/lab.html", (PAGES / "lab-announcement.html").read_bytes())
    b = site.page("/charter.html", (PAGES / "fork-charter.html").read_bytes())
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# sources\n{a}\n\n{b}\n")
    from ingest.pipeline import read_url_list

    summary = ingest_sources(library, read_url_list(listing), tier=Tier.SECONDARY, limits=LOCAL)
    assert summary.count(OutcomeStatus.ADDED) == 2
    assert {s.tier for s in library.sources()} == {Tier.SECONDARY}
