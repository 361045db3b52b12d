"""Evidence selection: the sentences of the retrieved chunks that best match a claim.

Sentences are located in the source's stored text, not in the chunk: a sentence cut by a chunk
border is completed from the source, and the same sentence met in two overlapping chunks is
kept once (with the better-ranked chunk). Every candidate satisfies
`source.text[candidate.start:candidate.end] == candidate.quote`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from checker.features import TermWeights, claim_profiles, sentence_match
from checker.models import Candidate, Claim
from checker.retrieval import RankedChunk
from checker.segment import HEADING, LINE, segment
from checker.text_utils import profile
from ingest.errors import NotFoundError
from ingest.models import Chunk, Source

HEADING_REACH = 5000  # how far above a sentence its heading is looked for
PRECEDING_CHARS = 300  # text before a sentence that it may lean on
WHOLE_SOURCE_CHARS = 30_000  # sources up to this long are split into sentences whole, once
WINDOW_MARGIN = 400  # characters read around a chunk to find the sentences it cuts
MAX_SENTENCE_CHARS = 1000  # longer "sentences" (tables, lists run together) are cut at lines
PIECE_CHARS = 600
_TRIM = " \t\r\n\f\v"


@dataclass(frozen=True)
class SituatedCandidate(Candidate):
    """A candidate with what it leans on: `context` is its source's title and the nearest
    heading above it, `preceding` the text just before it in its paragraph ("The expansion will
    cost 38 million euros." after "The Brennick harbour council approved the plan.").
    Verifiers that do not read them treat it as a plain Candidate."""

    context: str = ""
    preceding: str = ""


def context_of(candidate: Candidate) -> tuple[str, str]:
    """(title and heading, text just before) of a candidate; empty for a plain Candidate."""
    return getattr(candidate, "context", ""), getattr(candidate, "preceding", "")


def preceding_text(source: Source, start: int) -> str:
    """Up to PRECEDING_CHARS before `start`, from a word boundary (paragraph breaks included:
    a reply leans on the question before it)."""
    text = source.text
    lo = max(0, start - PRECEDING_CHARS)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    return text[lo:start].strip()


def situate(source: Source, start: int) -> str:
    """The source's title and the nearest Markdown heading above `start`.

    The sentences just before a quote are kept apart (`preceding_text`): they state other
    facts, whose figures must not make the quote look as if it stated them.
    """
    text = source.text
    heading = ""
    at = text.rfind("\n#", max(0, start - HEADING_REACH), start)
    if at >= 0 or (text.startswith("#") and start < HEADING_REACH):
        line_start = at + 1 if at >= 0 else 0
        line_end = text.find("\n", line_start)
        heading = text[line_start : line_end if line_end >= 0 else len(text)].lstrip("# ").strip()
    parts = dict.fromkeys(p for p in (source.title.strip(), heading) if p)
    return "\n".join(parts)


class SourceLibrary(Protocol):
    def get(self, source_id: str) -> Source: ...


MIN_LINE_WORDS = 6  # a line without a full stop shorter than this is a title or a label


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the statements of a text (the one place that picks the splitter): sentences and
    list items; headings and short title lines ("About us", a byline) state nothing to cite."""
    out = []
    for seg in segment(text):
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


def _para_start(text: str, pos: int) -> bool:
    """Whether a paragraph starts at `pos` (the text's start, or after a blank line)."""
    head = text[max(0, pos - 4) : pos].replace(" ", "").replace("\t", "").replace("\r", "")
    return pos == 0 or head.endswith("\n\n")


def _para_end(text: str, pos: int) -> bool:
    tail = text[pos : pos + 4].replace(" ", "").replace("\t", "").replace("\r", "")
    return pos >= len(text) or tail.startswith("\n\n")


def chunk_sentences(text: str, chunk: Chunk, margin: int = WINDOW_MARGIN) -> list[tuple[int, int]]:
    """Spans (in `text`, the whole source) of the sentences that overlap `chunk`, completed
    beyond the chunk's borders where the chunk cuts them."""
    lo = max(0, chunk.start - margin)
    hi = min(len(text), chunk.end + margin)
    for _ in range(8):
        # start and end the window at line breaks when one is near, so line structure is kept
        nl = text.rfind("\n", max(0, lo - margin), lo)
        lo = nl + 1 if nl >= 0 else (0 if lo <= margin else lo)
        nl = text.find("\n", hi, min(len(text), hi + margin))
        hi = nl if nl >= 0 else (len(text) if len(text) - hi <= margin else hi)
        window = text[lo:hi]
        spans = [
            (lo + s, lo + e)
            for s, e in sentence_spans(window)
            if lo + s < chunk.end and lo + e > chunk.start
        ]
        if not spans:
            return []
        head_cut = spans[0][0] <= lo + len(window) - len(window.lstrip()) and not _para_start(
            text, lo
        )
        tail_cut = spans[-1][1] >= hi - (len(window) - len(window.rstrip())) and not _para_end(
            text, hi
        )
        if not head_cut and not tail_cut:
            break
        if head_cut:
            lo = max(0, lo - 2 * margin)
        if tail_cut:
            hi = min(len(text), hi + 2 * margin)
    out: list[tuple[int, int]] = []
    for s, e in spans:
        s, e = _trimmed(text, s, e)
        if e > s:
            out.extend(_cap(text, s, e))
    return out


@lru_cache(maxsize=256)
def _whole_source_spans(source_id: str, sha256: str, text: str) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        s, e = _trimmed(text, s, e)
        if e > s:
            out.extend(_cap(text, s, e))
    return tuple(out)


def source_sentences(source: Source) -> tuple[tuple[int, int], ...] | None:
    """All sentence spans of a source short enough to be split whole (cached by content), or
    None for a longer one (its chunks are split one window at a time)."""
    if len(source.text) > WHOLE_SOURCE_CHARS:
        return None
    return _whole_source_spans(source.id, source.sha256, source.text)


class SourceCache:
    """Sources and chunk sentence spans read once per batch of claims."""

    def __init__(self, library: SourceLibrary) -> None:
        self.library = library
        self._sources: dict[str, Source | None] = {}
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def source(self, source_id: str) -> Source | None:
        if source_id not in self._sources:
            try:
                self._sources[source_id] = self.library.get(source_id)
            except NotFoundError:
                self._sources[source_id] = None  # removed since it was retrieved
        return self._sources[source_id]

    def sources(self) -> dict[str, Source]:
        return {sid: s for sid, s in self._sources.items() if s is not None}

    def spans(self, chunk: Chunk) -> list[tuple[int, int]]:
        """The sentences overlapping `chunk`, whole (completed beyond its borders)."""
        spans = self._spans.get(chunk.id)
        if spans is None:
            source = self.source(chunk.source_id)
            if source is None:
                spans = []
            else:
                whole = source_sentences(source)
                if whole is None:
                    spans = chunk_sentences(source.text, chunk)
                else:
                    first = bisect.bisect_right([e for _, e in whole], chunk.start)
                    spans = []
                    for s, e in whole[first:]:
                        if s >= chunk.end:
                            break
                        spans.append((s, e))
            self._spans[chunk.id] = spans
        return spans


def select_evidence(
    claim: Claim,
    ranked: Sequence[RankedChunk],
    cache: SourceCache,
    weights: TermWeights,
    max_candidates: int = 8,
) -> list[Candidate]:
    """The sentences of the retrieved chunks that best match the claim, best first.

    Each is a SituatedCandidate: it carries its source's title and heading (used in the match)
    and the text just before it (attached to the chosen ones, for the verifier).
    """
    if max_candidates <= 0 or not ranked:
        return []
    claim_profs = claim_profiles(claim.text, claim.query)
    seen: set[tuple[str, int, int]] = set()
    scored: list[tuple[float, SituatedCandidate]] = []
    for hit in sorted(ranked, key=lambda r: r.rank):
        source = cache.source(hit.chunk.source_id)
        if source is None:
            continue
        context = situate(source, hit.chunk.start)
        for start, end in cache.spans(hit.chunk):
            key = (source.id, start, end)
            if key in seen:
                continue
            seen.add(key)
            quote = source.text[start:end]
            if start < hit.chunk.start:
                context = situate(source, start)
            score = sentence_match(claim_profs, profile(quote), weights, profile(context))
            candidate = SituatedCandidate(
                context=context,
                source_id=source.id,
                chunk_id=hit.chunk.id,
                quote=quote,
                start=start,
                end=end,
                retrieval_rank=hit.rank,
                retrieval_score=hit.score,
                sentence_score=round(score, 6),
            )
            scored.append((score + 0.05 * hit.score, candidate))
    scored.sort(key=lambda p: (-p[0], p[1].retrieval_rank, p[1].source_id, p[1].start))
    chosen = [c for _, c in scored[:max_candidates]]
    return [
        replace(c, preceding=preceding_text(cache.source(c.source_id), c.start)) for c in chosen
    ]
