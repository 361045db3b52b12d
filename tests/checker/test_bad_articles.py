"""Bad articles: empty, whitespace, binary, a 5 MB paste, other languages, HTML pasted as text.
Each gives a clear one-line message or a sensible report, without running out of bounds."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from checker.backends import build_checker
from checker.claims.article import MAX_ARTICLE_CHARS, article_from_text, load_article
from checker.models import Verdict
from checker.settings import Settings
from ingest.errors import ArticleError
from ingest.fetch import FetchLimits
from ingest.pipeline import ingest_sources

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"
LIMITS = FetchLimits()

GERMAN = (
    "Die Bundesregierung hat am Dienstag mitgeteilt, dass die Inflation im Jahr 2024 auf "
    "2,2 Prozent gesunken ist. Nach Angaben des Statistischen Bundesamtes stiegen die Löhne um "
    "5,4 Prozent. Der Minister sagte, das Wachstum werde 2025 bei 0,3 Prozent liegen. "
    "Kestrel-3.5 wurde nach Angaben der Orrery Institute mit 14,2 Millionen Dokumenten trainiert."
)
CHINESE = (
    "国家统计局周二公布，2024年中国国内生产总值增长5.0%。报告称，全年粮食产量达到7.06亿吨，"
    "创历史新高。城镇新增就业1256万人。"
)


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    settings = Settings(store=tmp_path_factory.mktemp("store"))
    built = build_checker(settings)
    summary = ingest_sources(built.library, [str(DEMO / "sources")])
    assert not summary.failures
    return built


def one_line(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.mark.parametrize("text", ["", " ", "\n\n\t  \r\n", "\u00a0\u00a0", "<html></html>"])
def test_empty_articles_are_refused_with_a_clear_message(text):
    with pytest.raises(ArticleError) as refused:
        article_from_text(text)
    assert "empty" in one_line(refused) or "no readable article text" in one_line(refused)


def test_binary_articles_are_refused():
    garbage = os.urandom(20_000)
    pasted = [
        garbage.decode("latin-1"),  # bytes read as Latin-1: control characters everywhere
        garbage.decode("utf-8", errors="surrogateescape"),  # standard input of binary data
        garbage.decode("utf-8", errors="replace"),  # U+FFFD everywhere
        "PK\x03\x04" + "\x00" * 100,
    ]
    for text in pasted:
        with pytest.raises(ArticleError) as refused:
            article_from_text(text)
        assert "binary" in one_line(refused)


def test_binary_files_are_refused(tmp_path):
    png = tmp_path / "article.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(5000))
    with pytest.raises(ArticleError) as refused:
        load_article(str(png), LIMITS)
    assert "binary data" in one_line(refused)
    with pytest.raises(ArticleError) as missing:
        load_article(str(tmp_path / "nope.md"), LIMITS)
    assert "no such file" in one_line(missing)


def test_a_few_stray_bytes_do_not_make_an_article_binary():
    text = "The council approved the budget on Tuesday.\x07 It will cost 4 million euros. " * 20
    article = article_from_text(text + "\udcff")
    assert "\x07" not in article.text and "4 million euros" in article.text
    assert article.sha256  # encodable: the lone surrogate was replaced


def test_a_5_mb_paste_is_refused_on_its_length_within_bounded_memory(tmp_path):
    paste = "The council approved a budget of 4 million euros on Tuesday. " * 85_000
    assert len(paste) > 5_000_000
    html = "<html><body>" + "<p>The mayor said the bridge will open in 2026.</p>" * 100_000
    tracemalloc.start()
    try:
        for text in (paste, html):
            with pytest.raises(ArticleError) as refused:
                article_from_text(text)
            assert "too long" in one_line(refused)
            assert f"{MAX_ARTICLE_CHARS:,}" in one_line(refused)
        with pytest.raises(ArticleError, match="too long"):
            load_article("-", LIMITS, stdin_text=paste)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * len(paste)  # refused before any copy or parse of the whole text
    big_file = tmp_path / "big.txt"
    big_file.write_text(paste)
    with pytest.raises(ArticleError, match="too long"):
        load_article(str(big_file), LIMITS)
    with pytest.raises(ArticleError, match="too large"):
        load_article(str(big_file), FetchLimits(max_bytes=1_000_000))


def test_an_article_just_under_the_limit_is_accepted():
    text = ("The council approved a budget of 4 million euros on Tuesday.\n\n" * 5000)[
        : MAX_ARTICLE_CHARS - 10
    ]
    assert len(article_from_text(text).text) <= MAX_ARTICLE_CHARS


def test_html_pasted_as_text_becomes_its_text():
    page = (
        "<!DOCTYPE html><html><head><title>Bridge budget approved</title>"
        "<script>track('visit')</script><style>p { color: red }</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Bridge budget "
        "approved</h1>"
        + "".join(
            f"<p>The council approved a budget of {i} million euros for the bridge on "
            f"Tuesday, officials said.</p>"
            for i in range(3, 9)
        )
        + "</article><footer>Subscribe to our newsletter</footer></body></html>"
    )
    article = article_from_text(page)
    assert "approved a budget of 5 million euros" in article.text
    assert "<" not in article.text and "track(" not in article.text and "color" not in article.text
    assert article.title == "Bridge budget approved"
    fragment = (
        "<p>The ministry said inflation fell to 2.2% in 2024.</p><p>Wages rose by <b>5.4%</b>.</p>"
    )
    assert article_from_text(fragment).text.startswith("The ministry said inflation fell")
    with pytest.raises(ArticleError) as refused:
        article_from_text("<html><body><script>alert(1)</script></body></html>")
    assert "no readable article text" in one_line(refused)
    markdown = "# Budget\n\nThe council approved it.<br>\nIt costs <b>4</b> million euros.\n"
    assert article_from_text(markdown).text.startswith("# Budget")  # Markdown stays Markdown


def test_html_files_and_their_charsets(tmp_path):
    page = tmp_path / "article.html"
    page.write_bytes(
        b'<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head><body><article>'
        + b"<p>Le caf\xe9 co\xfbte 3 \x80 de plus en 2024, selon l\x92\xe9tude officielle.</p>" * 4
        + b"</article></body></html>"
    )
    article = load_article(str(page), LIMITS)
    assert "Le café coûte 3 € de plus en 2024, selon l’étude officielle." in article.text


@pytest.mark.parametrize(
    ("name", "text"),
    [("german", GERMAN), ("chinese", CHINESE), ("mixed", GERMAN + "\n\n" + CHINESE)],
)
def test_articles_in_other_languages_give_a_sensible_report(checker, name, text):
    article = article_from_text(text)
    report = checker.check(article)
    assert report.article.text == article.text
    for result in report.results:
        claim = result.claim
        assert article.text[claim.start : claim.end] == claim.text
        assert result.verdict in Verdict
        if result.verdict is Verdict.UNVERIFIED:
            assert result.reason
    if not report.results:
        assert report.notes  # says that no claim was found, rather than nothing


def test_html_paste_is_checked_like_the_text_it_holds(checker):
    markdown = (DEMO / "article.md").read_text()
    paragraphs = [p.strip() for p in markdown.split("\n\n") if p.strip()]
    html = (
        "<html><head><title>Dispatch</title><script>var x = 1;</script></head><body><article>"
        + "".join(f"<p>{p.lstrip('#*_ ').rstrip('*_ ')}</p>" for p in paragraphs)
        + "</article></body></html>"
    )
    from_text = checker.check(article_from_text(markdown))
    from_html = checker.check(article_from_text(html))
    assert from_html.results, "the HTML paste gave no claims"
    text_claims = {r.claim.text for r in from_text.results}
    html_claims = {r.claim.text for r in from_html.results}
    assert len(text_claims & html_claims) >= 0.6 * len(text_claims)
    verdicts = {r.verdict for r in from_html.results}
    assert Verdict.SUPPORTED in verdicts and Verdict.CONTRADICTED in verdicts


@pytest.mark.parametrize(
    "given",
    [
        "Alibaba removed the Qwen team.\nExperts warn of a chilling effect.",  # a paste, lines
        "The core team behind Qwen was removed. " * 200,  # one long line: too long a file name
    ],
)
def test_text_given_where_an_address_goes_is_a_one_line_error(given):
    with pytest.raises(ArticleError) as caught:
        load_article(given, FetchLimits())
    message = str(caught.value)
    assert "\n" not in message and len(message) < 200, message
    assert "not a URL or a file name" in message or "not a usable file name" in message
