"""Sentence-aware chunking with exact character offsets into the source text."""

from __future__ import annotations

from functools import lru_cache

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.models import Chunk, short_hash

# Paragraphs first, then lines, then sentence ends, then clauses, then words.
SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""]


@lru_cache(maxsize=8)
def _splitter(chunk_size: int, overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=overlap,
        separators=SEPARATORS,
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=True,
    )


def split_text(text: str, chunk_size: int = 800, overlap: int = 120) -> list[tuple[int, int]]:
    """Spans (start, end) of the chunks of `text`; text[start:end] is each chunk exactly."""
    if not text.strip():
        return []
    spans: list[tuple[int, int]] = []
    previous = -1
    for piece in _splitter(chunk_size, overlap).split_text(text):
        # each chunk starts after the one before it, even where the text repeats itself
        start = text.find(piece, previous + 1)
        if start < 0:  # never expected: the splitter only strips whitespace
            continue
        spans.append((start, start + len(piece)))
        previous = start
    return spans


def make_chunks(source_id: str, text: str, chunk_size: int, overlap: int) -> list[Chunk]:
    return [
        Chunk(
            id=short_hash(source_id, str(start), text[start:end], length=24),
            source_id=source_id,
            index=i,
            start=start,
            end=end,
            text=text[start:end],
        )
        for i, (start, end) in enumerate(split_text(text, chunk_size, overlap))
    ]
