"""Reading the article to check: pasted text, a file (text, Markdown, HTML, PDF), or a URL.

Bad input (empty, binary, too long) is an ArticleError with a one-line message, found before any
expensive work: a 5 MB paste is refused on its length, not after parsing it. HTML, whether from
a file, a URL or pasted as text, is reduced to its main text first. Text in any language is
accepted; claim extraction may find few claims in it.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.models import Article
from ingest.errors import ArticleError, ClaimcheckError
from ingest.extract import clean_text, decode, extract_html, extract_pdf, looks_binary
from ingest.models import sha256_text
from ingest.text import plain_text
from ingest.urls import FetchLimits, is_url

MAX_ARTICLE_CHARS = 300_000
# pasted or fetched HTML may be this many times longer than the text it holds
HTML_OVERHEAD = 10
_CLOSING = re.compile(r"</\s*[a-z][a-z0-9]*\s*>")
_TAGS = re.compile(r"<\s*(html|body|div|p|article|span|a|script|head|br|li|h[1-6])\b", re.I)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_ODD = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ud800-\udfff]")


def looks_like_html(text: str) -> bool:
    """A page or a fragment copied from one (not Markdown with a tag or two in it)."""
    head = text[:5000].lstrip().lower()
    return (
        head.startswith(("<!doctype html", "<html"))
        or len(_TAGS.findall(head)) >= 5
        or (head.startswith("<") and _CLOSING.search(head) is not None)
    )


def _html_text(location: str, html: str) -> tuple[str, str]:
    """(text, title) of HTML: trafilatura's main text, else (a fragment) all its visible text."""
    try:
        document = extract_html(location, html)
        return document.text, document.title
    except ClaimcheckError as exc:
        reason = exc
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        tree = None
    if tree is not None:
        for element in list(tree.iter("script", "style", "noscript", "template", "head")):
            element.drop_tree()
        text = clean_text(tree.text_content())
        if text:
            return text, ""
    raise ArticleError(f"the pasted HTML has no readable article text ({reason})")


def title_of(text: str) -> str:
    """The first Markdown heading, else the first line, without list marks and emphasis."""
    heading = _HEADING.search(text[:5000])
    if heading:
        title = heading.group(1)
    else:
        title = next((line for line in text.splitlines() if line.strip()), "")
        title = re.sub(r"^[ \t>*+\-\u2022]+", "", title)
    title = plain_text(title)
    if len(title) > 200:
        title = title[:200].rsplit(" ", 1)[0] + "\u2026"
    return title


def _too_long(length: int, max_chars: int) -> ArticleError:
    return ArticleError(
        f"the article is too long ({length:,} characters; the limit is {max_chars:,}): "
        "check it in parts"
    )


def _odd_ratio(text: str) -> float:
    """Share of control characters, U+FFFD and lone surrogates (undecodable bytes) in a sample."""
    sample = text[:20_000]
    if not sample:
        return 0.0
    return len(_ODD.findall(sample)) / len(sample)


def article_from_text(
    text: str,
    url: str = "",
    title: str = "",
    max_chars: int = MAX_ARTICLE_CHARS,
    html: bool | None = None,
) -> Article:
    """An Article from pasted or read text; its claims' offsets index into the returned text.
    `html`: whether the text is HTML (None: judge from the text itself)."""
    if not isinstance(text, str):
        raise ArticleError("the article must be text")
    is_html = looks_like_html(text) if html is None else html
    if len(text) > max_chars * (HTML_OVERHEAD if is_html else 2):
        raise _too_long(len(text), max_chars)  # refused before any parsing
    if "\x00" in text[:20_000] or _odd_ratio(text) > 0.1:
        raise ArticleError("the article looks like binary data, not text")
    text = _SURROGATES.sub("\ufffd", text)  # undecodable bytes from standard input
    if is_html:
        text, found_title = _html_text(url or "pasted article", text)
        title = title or found_title
    else:
        # Keep pasted text as given, so that offsets point into what the person pasted; only
        # line endings and control characters are normalised.
        text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ArticleError("the article is empty: paste its text or give a file or URL")
    if len(text) > max_chars:
        raise _too_long(len(text), max_chars)
    return Article(
        text=text, title=(title or title_of(text))[:500], url=url, sha256=sha256_text(text)
    )


def load_article(spec: str, limits: FetchLimits, stdin_text: str | None = None) -> Article:
    """`-` reads standard input (given as `stdin_text`), a URL is fetched, else a file is read."""
    if spec == "-":
        return article_from_text(stdin_text or "")
    if is_url(spec):
        from ingest.fetch import fetch_url  # the HTTP stack only when a URL is given

        fetched = fetch_url(spec, limits)
        if fetched.content_type == "application/pdf":
            document = extract_pdf(spec, fetched.content)
            return article_from_text(document.text, url=fetched.url, title=document.title)
        is_html = fetched.content_type in ("text/html", "application/xhtml+xml")
        text = decode(fetched.content, fetched.charset, html=is_html)
        return article_from_text(text, url=fetched.url, html=is_html)
    shown = spec if len(spec) <= 80 else spec[:77] + "..."
    if "\n" in spec or len(spec) > 4096:  # pasted text where an address was expected
        raise ArticleError(
            f"{' '.join(shown.split())}: not a URL or a file name (paste the article's text "
            "as text, or give its address)"
        )
    path = Path(spec).expanduser()
    try:
        found = path.is_file()
    except OSError as exc:  # a name the system refuses (too long, invalid)
        raise ArticleError(f"{shown}: not a usable file name ({exc.strerror or exc})") from None
    if not found:
        raise ArticleError(f"{shown}: no such file (give a file, a URL, or - for standard input)")
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise ArticleError(
                f"{spec}: too large ({size:,} bytes; the limit is {limits.max_bytes:,})"
            )
        content = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{spec}: cannot read ({exc.strerror or exc})") from exc
    if path.suffix.lower() == ".pdf":
        document = extract_pdf(str(path), content)
        return article_from_text(document.text, title=document.title)
    if looks_binary(content):
        raise ArticleError(
            f"{spec}: binary data, not text (give a text, Markdown, HTML or PDF file)"
        )
    html = path.suffix.lower() in (".html", ".htm", ".xhtml")
    return article_from_text(decode(content, html=html), html=html or None)
