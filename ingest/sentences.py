"""Sentence segmentation with character offsets into the original text.

Two layers: Markdown-ish line structure first (headings, list items, block quotes, lines that
end without punctuation such as titles and bylines are segments of their own, and are never
glued to the next sentence), then syntok inside each block of prose, which handles
abbreviations, initials, decimals and version names ("U.S.", "Dr.", "e.g.", "3.6%",
"Qwen3.6-Max", "J.P. Morgan Inc."). Every span satisfies `text[start:end]` == the segment,
trimmed of surrounding whitespace and of list/heading/quote markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import syntok.segmenter as _syntok

from ingest.models import Span

HEADING = "heading"  # a Markdown heading ("# ...")
LINE = "line"  # a line of its own without terminal punctuation: a title, byline, label
ITEM = "item"  # a sentence inside a list item
SENTENCE = "sentence"  # a sentence of running prose


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    kind: str
    section: int  # how many headings/title lines came before: context stays within one


_HEADING = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+")
# A list marker; a one- or two-digit counter glued to a capitalised word ("- 1The core team")
# is a rendering artefact of numbered summaries and is left out of the item's text.
_BULLET = re.compile(r"[ \t]*(?:[-*+•▪‣◦]|\d{1,3}[.)])[ \t]+(?:\d{1,2}(?=[A-Z][a-z]))?")
_QUOTE = re.compile(r"[ \t]*(?:>[ \t]?)+")
_RULE = re.compile(r"[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"[ \t]*(?:```|~~~)")
_TERMINAL = re.compile(r"[.!?:;…](?:[\"'”’)\]*_]*)$")
_SOFT_END = re.compile(
    r"(?:[,(\-–/&]|\b(?:a|an|the|of|to|in|on|at|by|for|from|with|and|or|but|nor|as|than|that|"
    r"which|who|whose|is|are|was|were|be|been|has|have|had|its|their|his|her|our|your|this|"
    r"these|those|into|onto|over|under|about|after|before|between|not|no|so|said|says|"
    r"per|via|if|when|while)\b)$",
    re.IGNORECASE,
)


# Icon names rendered as text and glued to a label ("check_circleThis", "summarize3-Point").
_GLUED_ICON = re.compile(r"(?:[a-z]{4,}(?:_[a-z]+)*|[a-z]+(?:_[a-z]+)+)(?=[A-Z0-9])")


def _is_terminal(line: str) -> bool:
    return bool(_TERMINAL.search(line.rstrip()))


# a Markdown table row ("| Kestrel-3.5 | Apache 2.0 | 1,610,000 |"): a unit of its own
_TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*$")
_TABLE_RULE = re.compile(r"[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")  # "|---|:--:|"


def _continues(prev: str, cur: str) -> bool:
    """`cur` is the same sentence as `prev`, wrapped onto a new line."""
    p = prev.rstrip()
    if not p or _is_terminal(p):
        return False
    if _TABLE_ROW.match(p) or _TABLE_ROW.match(cur):
        return False  # a row is not wrapped prose, nor is the line after it
    c = cur.strip()
    if not c or _GLUED_ICON.match(c):
        return False
    if c[0].islower() or _SOFT_END.search(p):
        return True
    # Hard-wrapped prose (PDF text): a sentence-case line of wrapping width, then another.
    return 40 <= len(p.strip()) <= 120 and len(c) <= 120 and not _title_like(p)


def _title_like(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


@dataclass
class _Line:
    start: int  # offset of the content (after markers)
    end: int  # offset of the end of the content (before the newline)
    kind: str  # HEADING, ITEM (first line of an item), "text", "" (skip)


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    in_fence = False
    for raw in text.splitlines(keepends=True):
        start, body = pos, raw.rstrip("\r\n")
        pos += len(raw)
        end = start + len(body)
        if _FENCE.match(body):
            in_fence = not in_fence
            out.append(_Line(start, end, ""))
            continue
        if in_fence or not body.strip() or _RULE.match(body) or _TABLE_RULE.match(body):
            out.append(_Line(start, end, ""))
            continue
        m = _QUOTE.match(body)
        if m:
            start += m.end()
            body = body[m.end() :]
            if not body.strip():
                out.append(_Line(start, end, ""))
                continue
        m = _HEADING.match(body)
        if m:
            content = body[m.end() :].rstrip()
            content = re.sub(r"[ \t]+#+$", "", content)
            out.append(_Line(start + m.end(), start + m.end() + len(content), HEADING))
            continue
        m = _BULLET.match(body)
        if m and m.end() < len(body):
            out.append(_Line(start + m.end(), end, ITEM))
            continue
        out.append(_Line(start, end, "text"))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # An emphasis marker opened in one sentence and closed in another belongs to neither.
    seg = text[start:end]
    if seg.count("*") % 2 == 1:
        if seg.startswith("*") and not seg.startswith("**"):
            start += 1
        elif seg.endswith("*") and not seg.endswith("**"):
            end -= 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# a sentence that ends on a decimal figure: syntok reads "£1,812.37. Once the new bills land"
# as one sentence (the full stop after a decimal's digits is taken for part of the number)
# (and a figure with its scale: "income of nearly £1.4m. Marlstow Borough Council ...")
_DECIMAL_END = re.compile(r"\d(?:[.,]\d+|(?:[.,]\d+)?(?:m|bn|tn|k))\.(?=\s+[\"“‘']?[A-Z][a-z])")


def _after_decimals(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] split after each full stop that closes a decimal figure."""
    out, at = [], start
    for m in _DECIMAL_END.finditer(text, start, end):
        nxt = len(text[m.end() : end]) - len(text[m.end() : end].lstrip())
        out.append((at, m.end()))
        at = m.end() + nxt
    out.append((at, end))
    return [(s, e) for s, e in out if e > s]


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """syntok's sentences of text[start:end], as absolute offsets."""
    block = text[start:end]
    spans: list[tuple[int, int]] = []
    for paragraph in _syntok.analyze(block):
        for sentence in paragraph:
            tokens = list(sentence)
            if not tokens:
                continue
            s = tokens[0].offset
            e = min(tokens[-1].offset + len(tokens[-1].value), len(block))
            if e > s:
                spans.append((start + s, start + e))
    if not spans:
        return [(start, end)]
    spans = [piece for s, e in spans for piece in _after_decimals(text, s, e)]
    # Keep everything between sentences attached to a sentence (nothing is lost).
    fixed = []
    for i, (s, e) in enumerate(spans):
        s = start if i == 0 else s
        e = spans[i + 1][0] if i + 1 < len(spans) else end
        fixed.append((s, e))
    return fixed


def segment(text: str) -> list[Segment]:
    """Headings, title lines, list items and sentences of `text`, in order, with their kind."""
    lines = _lines(text)
    out: list[Segment] = []
    section = 0
    block: tuple[int, int, str] | None = None  # start, end, kind (ITEM or SENTENCE)

    def flush() -> None:
        nonlocal block
        if block is None:
            return
        b_start, b_end, b_kind = block
        block = None
        pieces = _sentences(text, b_start, b_end)
        for s, e in pieces:
            s, e = _trim(text, s, e)
            if e > s:
                out.append(Segment(s, e, b_kind, section))

    for i, line in enumerate(lines):
        if not line.kind:
            flush()
            continue
        content = text[line.start : line.end]
        if line.kind == HEADING:
            flush()
            section += 1
            s, e = _trim(text, line.start, line.end)
            if e > s:
                out.append(Segment(s, e, HEADING, section))
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        nxt_text = text[nxt.start : nxt.end] if nxt is not None and nxt.kind == "text" else ""
        wraps_on = bool(nxt_text) and _continues(content, nxt_text)
        if line.kind == ITEM:
            flush()
            block = (line.start, line.end, ITEM)
            if not _is_terminal(content) and not wraps_on:
                flush()
            continue
        # Plain text line.
        if block is not None:
            prev = text[block[0] : block[1]].rsplit("\n", 1)[-1]
            joined = _continues(prev, content) or (
                _is_terminal(prev) and (_is_terminal(content) or wraps_on)
            )
            if joined:
                block = (block[0], line.end, block[2])
            else:
                flush()
        if block is None:
            if not _is_terminal(content) and not wraps_on:
                # A title, byline or label: a segment of its own.
                section += 1
                s, e = _trim(text, line.start, line.end)
                if e > s:
                    out.append(Segment(s, e, LINE, section))
                continue
            block = (line.start, line.end, SENTENCE)
        if not _is_terminal(content) and not wraps_on:
            flush()
    flush()
    return _unglue_titles(text, out)


def _unglue_titles(text: str, segments: list[Segment]) -> list[Segment]:
    """Split a sentence that starts with the text of a title found elsewhere in the article.

    Summaries often repeat the headline glued to the first sentence ("... Here's What
    Happened The open-source AI community is ..."): the title is its own segment.
    """
    titles: dict[str, set[str]] = {}  # first word -> titles
    for s in segments:
        title = text[s.start : s.end]
        if s.kind in (HEADING, LINE) and len(title.split()) >= 3:
            titles.setdefault(title.split(None, 1)[0], set()).add(title)
    if not titles:
        return segments
    out: list[Segment] = []
    for seg in segments:
        piece = text[seg.start : seg.end]
        first = piece.split(None, 1)[0] if piece.strip() else ""
        if seg.kind in (SENTENCE, ITEM) and first in titles:
            for title in sorted(titles[first], key=len, reverse=True):
                if len(piece) > len(title) + 1 and piece.startswith(title):
                    rest = piece[len(title) :]
                    gap = len(rest) - len(rest.lstrip())
                    if gap and rest.lstrip()[:1].isupper():
                        cut = seg.start + len(title)
                        out.append(Segment(seg.start, cut, LINE, seg.section))
                        seg = Segment(cut + gap, seg.end, seg.kind, seg.section)
                        break
        out.append(seg)
    return out


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of `text` (headings and title lines included as their own spans)."""
    return [Span(s.start, s.end) for s in segment(text)]


# -- the statements of a source: what evidence quotes are made of ------------------------------

MAX_SENTENCE_CHARS = 1000  # longer "sentences" (tables, lists run together) are cut at lines
PIECE_CHARS = 600
_TRIM = " \t\r\n\f\v"


MIN_LINE_WORDS = 6  # a line without a full stop shorter than this is a title or a label


@lru_cache(maxsize=4)
def _segments(text: str) -> tuple[Segment, ...]:
    """`segment(text)`, kept for the next call: ingest reads each new source's segments twice,
    for its statements and for its chunk windows, one right after the other."""
    return tuple(segment(text))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the statements of a text (the one place that picks the splitter): sentences and
    list items; headings and short title lines ("About us", a byline) state nothing to cite."""
    out = []
    for seg in _segments(text):
        if seg.kind == HEADING:
            continue
        if seg.kind == LINE and len(text[seg.start : seg.end].split()) < MIN_LINE_WORDS:
            continue
        out.append((seg.start, seg.end))
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _cap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A long span cut at line breaks, then at spaces, into pieces a reader can check."""
    if end - start <= MAX_SENTENCE_CHARS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    cursor = start
    while cursor < end:
        stop = min(end, cursor + PIECE_CHARS)
        if stop < end:
            cut = text.rfind("\n", cursor + PIECE_CHARS // 3, stop)
            if cut < 0:
                cut = text.rfind(" ", cursor + PIECE_CHARS // 3, stop)
            stop = cut if cut > cursor else stop
        s, e = _trimmed(text, cursor, stop)
        if e > s:
            pieces.append((s, e))
        cursor = stop
    return pieces


def statement_spans(text: str) -> list[tuple[int, int]]:
    """The statements of a text, trimmed, long ones cut into readable pieces: what evidence
    quotes are made of. Computed once per source at ingest and stored with it."""
    out: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        s, e = _trimmed(text, s, e)
        if e > s:
            out.extend(_cap(text, s, e))
    return out


def segment_units(text: str) -> list[tuple[int, int]]:
    """Every segment of a text (headings and title lines included), long ones cut as
    `statement_spans` cuts them: the units chunks are built from, so that every statement lies
    whole inside a chunk."""
    out: list[tuple[int, int]] = []
    for seg in _segments(text):
        s, e = _trimmed(text, seg.start, seg.end)
        if e > s:
            out.extend(_cap(text, s, e))
    return out


_MARKER_RE = re.compile(r"[ \t#>*+\-\d.)]*")


def _with_marker(text: str, start: int) -> int:
    """`start` moved back over a list, heading or quote marker that opens its line ("- ",
    "## ", "2. "), so that chunks cover the text and keep its structure."""
    line = text.rfind("\n", 0, start) + 1
    return line if _MARKER_RE.fullmatch(text, line, start) else start


def sentence_windows(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    """Chunks as windows of whole segments: each as many consecutive segments as fit in `size`
    characters (at least one), the next starting with the last segments of this one that fit in
    `overlap` characters. `text[start:end]` of each window starts and ends on a segment."""
    units = segment_units(text)
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j = i
        while j + 1 < len(units) and units[j + 1][1] - units[i][0] <= size:
            j += 1
        windows.append((_with_marker(text, units[i][0]), units[j][1]))
        if j + 1 >= len(units):
            break
        nxt = j + 1
        while nxt - 1 > i and units[j][1] - units[nxt - 1][0] <= overlap:
            nxt -= 1
        i = nxt
    return windows
