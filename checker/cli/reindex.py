"""`claimcheck reindex`: rebuild a library's vectors with another embedder.

The model-backed backends themselves are chosen with the global options `--embedder`,
`--verifier`, `--extractor`, `--reranker` and `--llm-base-url` (checker/cli/app.py), which
apply to every command.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
import typer
from rich.progress import TimeElapsedColumn

from checker.backends import built_with, open_library
from checker.cli.app import app, console, progress_bar, settings_of
from checker.registries import EMBEDDERS
from checker.settings import Settings
from ingest.embeddings import DEFAULT_EMBEDDER, Embedder, make_embedder
from ingest.errors import EmbedderMismatchError, StoreError
from ingest.store import Store


class _BuiltWith:
    """Stands for the embedder a library was built with, so that it can be opened to be
    rebuilt without loading that embedder's model (which may be gone)."""

    def __init__(self, embedder_id: str) -> None:
        self.id = embedder_id
        self.dim = 0

    def embed(self, texts) -> np.ndarray:  # pragma: no cover - reindex never searches
        raise StoreError("this library is being rebuilt with another embedder")


def open_for_reindex(settings: Settings, embedder: Embedder) -> tuple[Store, str | None]:
    """The library, opened whatever embedder built it, and the id of that embedder."""
    previous = built_with(settings)
    try:
        return open_library(settings, embedder), previous
    except EmbedderMismatchError:
        if previous is None:
            raise
        return open_library(settings, _BuiltWith(previous)), previous


@app.command()
def reindex(
    ctx: typer.Context,
    embedder: Annotated[
        str | None,
        typer.Option(
            "--embedder",
            help=f"The new embedder: {EMBEDDERS.describe()}; unset: the global --embedder or "
            "CLAIMCHECK_EMBEDDER, else the default.",
        ),
    ] = None,
) -> None:
    """Rebuild every vector of the library with another embedder (texts and BM25 are kept)."""
    settings = settings_of(ctx)
    new = make_embedder(embedder or settings.embedder or DEFAULT_EMBEDDER)
    new.embed(["a probe"])  # models load lazily: fail here, before the library is touched
    library, previous = open_for_reindex(settings, new)
    total = library.chunk_count()
    with progress_bar("embedding", TimeElapsedColumn()) as bar:
        task = bar.add_task("", total=total)
        done = library.reindex(new, progress=lambda n: bar.update(task, completed=n))
    sources = len(library.sources())
    library.close()
    was = f" (was {previous})" if previous and previous != new.id else ""
    console.print(
        f"reindexed {done} chunks of {sources} sources with {new.id}{was}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
