"""The persisted BM25 index (bm25s) beside the vector store: Snowball stems, without the stop
words of ingest/text.py (the checker's own list, so that retrieval and the verifier skip the
same words).

Chroma's own sparse and full-text ranking is not available in the local (embedded) client, so the
keyword half of hybrid retrieval lives here. The index is rebuilt from the library's chunks when
the library has changed since it was built (a version stamp), and loaded memory-mapped.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ingest.text import STOP_WORDS, stemmer

# Names how texts become terms; an index built another way is stale and rebuilt (version()).
TOKENIZER = "snowball-en/claimcheck-stop-words-1"


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(
        list(texts),
        stopwords=sorted(STOP_WORDS),
        stemmer=stemmer(),
        return_ids=False,
        show_progress=False,
    )


class KeywordIndex:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._retriever = None
        self._ids: list[str] = []
        self._loaded = False
        self._version: str | None = None

    def version(self) -> str | None:
        if self._version is None:
            stamp = self.folder / "version.json"
            if stamp.exists():
                written = json.loads(stamp.read_text())
                if written.get("tokenizer") == TOKENIZER:  # else stale: terms made another way
                    self._version = written["version"]
        return self._version

    def build(self, ids: Sequence[str], texts: Sequence[str], version: str) -> None:
        import bm25s

        tmp = self.folder.with_name(self.folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if ids:
            retriever = bm25s.BM25()
            retriever.index(tokenize(texts), show_progress=False)
            retriever.save(tmp, show_progress=False)
        (tmp / "ids.json").write_text(json.dumps(list(ids)))
        stamp = {"version": version, "tokenizer": TOKENIZER}
        (tmp / "version.json").write_text(json.dumps(stamp))
        # swap in the new index whole; a reader never sees half of one
        old = self.folder.with_name(self.folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.folder.exists():
            self.folder.rename(old)
        tmp.rename(self.folder)
        shutil.rmtree(old, ignore_errors=True)
        self._loaded = False
        self._version = version

    def _load(self) -> None:
        import bm25s

        self._loaded = True
        ids_file = self.folder / "ids.json"
        self._ids = json.loads(ids_file.read_text()) if ids_file.exists() else []
        self._retriever = (
            bm25s.BM25.load(self.folder, mmap=True, show_progress=False) if self._ids else None
        )

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        if not self._loaded:
            self._load()
        if self._retriever is None:
            return []
        tokens = tokenize([query])
        if not tokens or not tokens[0]:
            return []
        k = min(k, len(self._ids))
        docs, scores = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return [
            (self._ids[int(d)], float(s))
            for d, s in zip(np.asarray(docs)[0], np.asarray(scores)[0], strict=True)
            if s > 0
        ]
