"""Bytes of a page or file -> a Document of clean text with metadata.

trafilatura returns None when it finds no main text: that becomes an ExtractionError with a
reason here, at the boundary, so the batch can record it and carry on.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ingest.errors import ExtractionError, UnsupportedSourceError
from ingest.models import Document

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


def decode(content: bytes, charset: str | None = None) -> str:
    """Bytes -> str: the declared charset if it works, else UTF-8, else a detected one."""
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return content.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(content).best()
    if best is None:
        return content.decode("utf-8", errors="replace")
    return str(best)


def _first_line_title(text: str) -> str:
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def extract_html(location: str, content: bytes | str, charset: str | None = None) -> Document:
    import trafilatura

    html = decode(content, charset) if isinstance(content, bytes) else content
    if not html.strip():
        raise ExtractionError(f"{location}: empty page")
    try:
        result = trafilatura.bare_extraction(
            html,
            url=location if location.startswith(("http://", "https://")) else None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
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
    raw = decode(content, charset) if isinstance(content, bytes) else content
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
