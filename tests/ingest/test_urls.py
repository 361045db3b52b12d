"""ingest/urls.py: the one place URLs are recognised, checked and normalised."""

from __future__ import annotations

import pytest

from ingest.errors import FetchError
from ingest.library import canonical_location, source_id_for
from ingest.urls import canonical_url, check_url, host_of, is_url, is_web_url, web_url


def test_what_counts_as_a_url():
    assert is_web_url("https://example.org/a") and is_web_url("HTTP://example.org")
    assert not is_web_url("example.org/a") and not is_web_url("/tmp/http://x")
    for url in ("https://x.org", "ftp://x.org/a", "javascript:alert(1)", "data:text/html,hi"):
        assert is_url(url), url
    for path in ("notes.md", "/tmp/a b.pdf", "C:\\docs\\a.txt"):
        assert not is_url(path), path


def test_web_url_is_http_or_https_with_a_host():
    assert web_url("  https://example.org/a?b=1 ") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "/etc/passwd", "https://", "mailto:a@b.org", ""):
        assert web_url(bad) is None, bad
    assert host_of("http://127.0.0.1:8080/x") == "127.0.0.1:8080"


def test_check_url_gives_one_line_reasons():
    check_url("http://127.0.0.1:9/page.html")
    with pytest.raises(FetchError, match="only http and https"):
        check_url("file:///etc/passwd")
    with pytest.raises(FetchError, match="no host"):
        check_url("http:///x")
    with pytest.raises(FetchError, match="not a valid URL"):
        check_url("http://x.org:99999999/")


def test_canonical_url_drops_what_does_not_name_another_page():
    assert canonical_url("HTTPS://Example.ORG:443/a?utm_source=n&b=2&a=1#part") == (
        "https://example.org/a?a=1&b=2"
    )
    assert canonical_url("http://127.0.0.1:8080/page.html#x") == "http://127.0.0.1:8080/page.html"
    same = ("https://example.org/r?id=5", "https://EXAMPLE.org/r?id=5&utm_medium=email#top")
    assert source_id_for(same[0]) == source_id_for(same[1])
    assert canonical_location("dataset://scifact/12") == "dataset://scifact/12"
