"""Reading the article to check: pasted text, a file (text, Markdown, HTML), or a URL.

Bad input (empty, binary, too long) is an ArticleError with a one-line message. HTML, whether
from a file, a URL or pasted as text, is reduced to its main text first.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import ArticleError, ClaimcheckError
from ingest.extract import clean_text, decode, extract_html, extract_pdf
from ingest.fetch import FetchLimits, fetch_url
from ingest.models import sha256_text
from ingest.pipeline import is_url

from checker.models import Article

MAX_ARTICLE_CHARS = 300_000
_TAGS = re.compile(r"<\s*(html|body|div|p|article|span|a|script|head)\b", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def looks_like_html(text: str) -> bool:
    head = text[:5000]
    return (
        head.lstrip().lower().startswith(("<!doctype html", "<html"))
        or len(_TAGS.findall(head)) >= 5
    )


def title_of(text: str) -> str:
    heading = _HEADING.search(text[:5000])
    if heading:
        return heading.group(1).strip()
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def article_from_text(
    text: str, url: str = "", title: str = "", max_chars: int = MAX_ARTICLE_CHARS
) -> Article:
    """An Article from pasted or read text; its claims' offsets index into the returned text."""
    if "\x00" in text[:10_000] or _binary_ratio(text) > 0.1:
        raise ArticleError("the article looks like binary data, not text")
    if looks_like_html(text):
        try:
            document = extract_html(url or "pasted article", text)
        except ClaimcheckError as exc:
            raise ArticleError(f"the pasted HTML has no readable article text ({exc})") from exc
        text, title = document.text, title or document.title
    text = clean_text(text)
    if not text:
        raise ArticleError("the article is empty: paste its text or give a file or URL")
    if len(text) > max_chars:
        raise ArticleError(
            f"the article is too long ({len(text):,} characters; the limit is {max_chars:,}): "
            "check it in parts"
        )
    return Article(text=text, title=title or title_of(text), url=url, sha256=sha256_text(text))


def _binary_ratio(text: str) -> float:
    sample = text[:10_000]
    if not sample:
        return 0.0
    odd = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd")
    return odd / len(sample)


def load_article(spec: str, limits: FetchLimits, stdin_text: str | None = None) -> Article:
    """`-` reads standard input (given as `stdin_text`), a URL is fetched, else a file is read."""
    if spec == "-":
        return article_from_text(stdin_text or "")
    if is_url(spec):
        fetched = fetch_url(spec, limits)
        if fetched.content_type == "application/pdf":
            document = extract_pdf(spec, fetched.content)
            return article_from_text(document.text, url=fetched.url, title=document.title)
        text = decode(fetched.content, fetched.charset)
        if fetched.content_type in ("text/html", "application/xhtml+xml"):
            document = extract_html(spec, text)
            return article_from_text(document.text, url=fetched.url, title=document.title)
        return article_from_text(text, url=fetched.url)
    path = Path(spec).expanduser()
    if not path.is_file():
        raise ArticleError(f"{spec}: no such file (give a file, a URL, or - for standard input)")
    content = path.read_bytes()
    if len(content) > limits.max_bytes:
        raise ArticleError(f"{spec}: too large ({len(content):,} bytes)")
    if path.suffix.lower() == ".pdf":
        document = extract_pdf(str(path), content)
        return article_from_text(document.text, title=document.title)
    return article_from_text(decode(content))
