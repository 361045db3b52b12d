"""Chunks: windows of whole sentences with exact character offsets into the source text.

The sentences come from `ingest.sentences` (the one segmentation, used by the checker too), so a
chunk never cuts a sentence and every evidence sentence lies whole inside a chunk. langchain's
text splitters cut at separators and can only approximate this (a ". " inside "U.S. Army" or
"Qwen3.6 Max" is a separator to them); windows over the stored sentence spans need no splitter.
"""

from __future__ import annotations

from ingest.models import Chunk, short_hash
from ingest.sentences import sentence_windows

CHUNK_SIZE = 800  # characters; the chunk_size setting's default
CHUNK_OVERLAP = 120  # characters; the chunk_overlap setting's default


def split_text(
    text: str, chunk_size: int = CHUNK_SIZE, overlap: int = CHUNK_OVERLAP
) -> list[tuple[int, int]]:
    """Spans (start, end) of the chunks of `text`; text[start:end] is each chunk exactly."""
    if not text.strip():
        return []
    return sentence_windows(text, chunk_size, overlap)


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
