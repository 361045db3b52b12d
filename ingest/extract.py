"""Bytes of a page or file -> a Document of clean text with metadata.

trafilatura returns None when it finds no main text: that becomes an ExtractionError with a
reason here, at the boundary, so the batch can record it and carry on.
"""

from __future__ import annotations

import codecs
import io
import re
from contextlib import suppress
from pathlib import Path

from ingest.errors import ExtractionError, UnsupportedSourceError
from ingest.models import Document
from ingest.urls import is_web_url

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | MARKDOWN_SUFFIXES | PDF_SUFFIXES

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise newlines and spaces, drop control characters; keep paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_LATIN_SINGLE_BYTE = re.compile(r"^(cp125[02478]|iso8859_\d+|latin_1|mac_\w+|cp850|cp437)$")


def bom_charset(content: bytes) -> str | None:
    """The codec a byte-order mark announces (which then wins over any declared charset)."""
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return codec
    return None


def looks_binary(content: bytes) -> bool:
    """True for bytes that are not text in any encoding claimcheck reads (NULs, control bytes)."""
    if bom_charset(content) in ("utf-16", "utf-32"):
        return False
    sample = content[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\x1b")
    return control / len(sample) > 0.05


def meta_charset(content: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its start."""
    found = _META_CHARSET.search(content[:4096])
    return found.group(1).decode("ascii").lower() if found else None


# Kept by hand rather than w3lib's html_to_unicode: detection is charset-normalizer's already
# (_detect), and w3lib decodes a wrong declaration with U+FFFD where this falls through to it.
def decode(content: bytes, charset: str | None = None, html: bool = False) -> str:
    """Bytes -> str, never failing: a BOM wins, then the declared charset (HTTP header, then the
    page's <meta> tag), then UTF-8, then detection. A wrong declaration (Windows-1252 bytes sent
    as UTF-8) falls through to detection. Undecodable bytes become U+FFFD as a last resort."""
    bom = bom_charset(content)
    if bom:
        return content.decode(bom, errors="replace")
    candidates = [charset, meta_charset(content) if html else None, "utf-8"]
    for candidate in dict.fromkeys(c for c in candidates if c):
        try:
            codecs.lookup(candidate)
            return content.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return _detect(content)


def _detect(content: bytes) -> str:
    from charset_normalizer import from_bytes

    if len(content) < 64:  # too little to detect anything; the usual Western code page
        with suppress(UnicodeDecodeError):
            return content.decode("cp1252")
    # UTF-16/32 without a BOM would show NUL bytes in any ASCII-range text
    wide = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
    excluded = wide if b"\x00" not in content[:65536] else None
    best = from_bytes(content, cp_exclusion=excluded).best()
    if best is None:
        return content.decode("utf-8", errors="replace")
    if _LATIN_SINGLE_BYTE.match(best.encoding):
        # detection cannot tell Western code pages apart on short texts; like browsers, prefer
        # Windows-1252 (the usual mislabelled "UTF-8" or "ISO-8859-1") when it fits
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)


def _first_line_title(text: str) -> str:
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


# trafilatura's time grows faster than linearly with the number of elements (10 MB of short
# paragraphs: about a minute); past this many tags the rest of a page is cut
MAX_HTML_TAGS = 100_000
_HIDDEN_BLOCKS = (("<!--", "-->"),) + tuple(
    (f"<{tag}", f"</{tag}") for tag in ("script", "style", "svg", "noscript", "template")
)


def _without(html: str, lower: str, opening: str, closing: str) -> tuple[str, str]:
    """`html` (and its lower-case twin) without the blocks opening...closing, in one pass."""
    kept: list[str] = []
    kept_lower: list[str] = []
    pos = 0
    while (start := lower.find(opening, pos)) >= 0:
        kept.append(html[pos:start])
        kept_lower.append(lower[pos:start])
        end = lower.find(closing, start + len(opening))
        if end < 0:  # never closed: the rest of the page is inside it
            pos = len(html)
            break
        close = lower.find(">", end)
        pos = len(html) if close < 0 else close + 1
    kept.append(html[pos:])
    kept_lower.append(lower[pos:])
    return "".join(kept), "".join(kept_lower)


def bounded_html(html: str) -> tuple[str, bool]:
    """A large page without its scripts, styles and comments (which never hold the text), cut
    after MAX_HTML_TAGS tags: linear time, so that extraction time stays bounded. The flag says
    whether it was cut."""
    if len(html) < 500_000 and html.count("<") < MAX_HTML_TAGS:
        return html, False
    lower = html.lower()
    if len(lower) != len(html):  # a few characters change length in lower case
        lower = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in html)
    for opening, closing in _HIDDEN_BLOCKS:
        if opening in lower:
            html, lower = _without(html, lower, opening, closing)
    pos = -1
    for _ in range(MAX_HTML_TAGS):
        pos = html.find("<", pos + 1)
        if pos < 0:
            return html, False
    return html[:pos], True


def extract_html(location: str, content: bytes | str, charset: str | None = None) -> Document:
    import trafilatura

    if isinstance(content, bytes):
        if looks_binary(content):
            raise ExtractionError(f"{location}: binary content, not HTML")
        html = decode(content, charset, html=True)
    else:
        html = content
    html, cut = bounded_html(html.replace("\x00", ""))
    if not html.strip():
        raise ExtractionError(f"{location}: empty page")
    try:
        result = trafilatura.bare_extraction(
            html,
            url=location if is_web_url(location) else None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            # dates from the page's markup only: a year mentioned in the text is not when the
            # page was published, and a wrong date in a citation is worse than none
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as exc:  # noqa: BLE001 - lxml raises many kinds on broken markup
        raise ExtractionError(f"{location}: cannot parse HTML ({type(exc).__name__})") from exc
    text = clean_text(getattr(result, "text", None) or "") if result is not None else ""
    if not text:
        raise ExtractionError(f"{location}: empty after extraction (no main text found)")
    return Document(
        location=location,
        text=text,
        title=(result.title or "").strip() or _first_line_title(text),
        author=(result.author or "").strip(),
        site=(result.sitename or "").strip(),
        published=result.date or None,
        content_type="text/html",
        truncated=f"only its first {MAX_HTML_TAGS:,} HTML tags were read" if cut else "",
    )


def extract_pdf(location: str, content: bytes) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        pages = [clean_text(page.extract_text() or "") for page in reader.pages]
        meta = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ExtractionError(f"{location}: unreadable PDF ({exc})") from exc
    parts: list[str] = []
    page_starts: list[int] = []
    offset = 0
    for page in pages:
        page_starts.append(offset)
        parts.append(page)
        offset += len(page) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise ExtractionError(f"{location}: the PDF has no text layer (a scan?)")
    title = (getattr(meta, "title", None) or "").strip() if meta else ""
    author = (getattr(meta, "author", None) or "").strip() if meta else ""
    published = None
    if meta is not None and getattr(meta, "creation_date", None):
        published = meta.creation_date.date().isoformat()
    return Document(
        location=location,
        text=text,
        title=title or _first_line_title(text),
        author=author,
        published=published,
        content_type="application/pdf",
        page_starts=tuple(page_starts),
    )


def extract_text(
    location: str, content: bytes | str, markdown: bool, charset: str | None = None
) -> Document:
    if isinstance(content, bytes):
        if looks_binary(content):
            raise ExtractionError(f"{location}: binary content, not text")
        raw = decode(content, charset)
    else:
        raw = content
    text = clean_text(raw)
    if not text:
        raise ExtractionError(f"{location}: empty file")
    return Document(
        location=location,
        text=text,
        title=_first_line_title(text),
        content_type="text/markdown" if markdown else "text/plain",
    )


def extract_bytes(
    location: str, content: bytes, media_type: str, charset: str | None = None
) -> Document:
    """Dispatch on a media type (from HTTP headers, sniffing, or a file suffix)."""
    if media_type in ("text/html", "application/xhtml+xml"):
        return extract_html(location, content, charset)
    if media_type == "application/pdf":
        return extract_pdf(location, content)
    if media_type in ("text/markdown", "text/x-markdown"):
        return extract_text(location, content, markdown=True, charset=charset)
    if media_type == "text/plain":
        return extract_text(location, content, markdown=False, charset=charset)
    raise UnsupportedSourceError(f"{location}: cannot read content of type {media_type!r}")


def media_type_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "text/html"
    if suffix in PDF_SUFFIXES:
        return "application/pdf"
    if suffix in MARKDOWN_SUFFIXES:
        return "text/markdown"
    if suffix in TEXT_SUFFIXES:
        return "text/plain"
    raise UnsupportedSourceError(
        f"{path}: unsupported file type {suffix or '(none)'}; "
        f"claimcheck reads {', '.join(sorted(SUPPORTED_SUFFIXES))}"
    )


def extract_file(path: Path, max_bytes: int) -> Document:
    path = path.resolve()
    media = media_type_for(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ExtractionError(f"{path}: too large ({size:,} bytes > {max_bytes:,})")
        content = path.read_bytes()
    except OSError as exc:
        raise UnsupportedSourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return extract_bytes(str(path), content, media)
