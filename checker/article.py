"""Reading the article to check: pasted text, a file (text, Markdown, HTML), or a URL.

Bad input (empty, binary, too long) is an ArticleError with a one-line message. HTML, whether
from a file, a URL or pasted as text, is reduced to its main text first.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.models import Article
from ingest.errors import ArticleError, ClaimcheckError
from ingest.extract import decode, extract_html, extract_pdf
from ingest.fetch import FetchLimits, fetch_url
from ingest.models import sha256_text
from ingest.pipeline import is_url

MAX_ARTICLE_CHARS = 300_000
_TAGS = re.compile(r"<\s*(html|body|div|p|article|span|a|script|head)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMPHASIS = re.compile(r"[*_`]+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def looks_like_html(text: str) -> bool:
    head = text[:5000]
    return (
        head.lstrip().lower().startswith(("<!doctype html", "<html"))
        or len(_TAGS.findall(head)) >= 5
    )


def title_of(text: str) -> str:
    """The first Markdown heading, else the first line, without list marks and emphasis."""
    heading = _HEADING.search(text[:5000])
    if heading:
        title = heading.group(1)
    else:
        title = next((line for line in text.splitlines() if line.strip()), "")
        title = re.sub(r"^[ \t>*+\-\u2022]+", "", title)
    title = " ".join(_EMPHASIS.sub("", title).split())
    if len(title) > 200:
        title = title[:200].rsplit(" ", 1)[0] + "\u2026"
    return title


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
    # Keep the text as given (offsets should point into what the person pasted); only line
    # endings and control characters are normalised.
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
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
