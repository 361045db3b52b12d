"""`claimcheck copy`: copy a store folder into the store the settings name (a newsroom moving a
desk's embedded store into the shared PostgreSQL + Chroma deployment)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import TimeElapsedColumn

from checker.backends import built_with, open_history, open_library
from checker.cli.app import app, console, progress_bar, settings_of
from checker.review.history import FILE_NAME, History
from ingest.embeddings import DEFAULT_EMBEDDER, make_embedder
from ingest.errors import ConfigError
from ingest.library import stored_sources
from ingest.models import OutcomeStatus
from ingest.store import copy_sources


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@app.command()
def copy(
    ctx: typer.Context,
    from_store: Annotated[
        Path,
        typer.Argument(
            help="The store folder to copy from (read only: its files are not changed)."
        ),
    ],
) -> None:
    """Copy a store folder into the store the settings name (--store, or PostgreSQL + Chroma
    with --database-url and --chroma-url): its sources with their texts and retrieval dates,
    its check history with every review and its audit trail, and its API keys. Vectors are
    made again with the target's embedder. Run again, it copies only what is new."""
    from checker.api.server import ApiKeys, api_keys  # FastAPI: not on every command's path

    settings = settings_of(ctx)
    folder = from_store.expanduser().resolve()
    if not settings.database_url and folder == settings.store.expanduser().resolve():
        raise ConfigError(
            f"{from_store} is the store being copied into: name another --store, or --database-url"
        )
    sources = stored_sources(folder)  # a folder that is not a store fails here, first
    origin = settings.model_copy(update={"store": folder, "database_url": None, "chroma_url": None})
    spec = settings.embedder or built_with(settings) or built_with(origin) or DEFAULT_EMBEDDER
    target = open_library(settings, make_embedder(spec))
    try:
        with progress_bar("copying sources", TimeElapsedColumn()) as bar:
            task = bar.add_task("", total=None)
            summary = copy_sources(sources, target, lambda done: bar.update(task, completed=done))
        label = target.store_label
    finally:
        target.close()
    checks = reviews = kept = 0
    if (folder / FILE_NAME).is_file():
        before, after = History(folder), open_history(settings)
        try:
            for saved in before.list():
                trail = before.audit(saved.id)
                if after.adopt(before.load(saved.id), trail):
                    checks += 1
                    reviews += len(trail)
                else:
                    kept += 1
        finally:
            for history in (before, after):
                getattr(history, "close", lambda: None)()
    keys = api_keys(settings).copy_from(ApiKeys(folder))
    counts = {status: summary.count(status) for status in OutcomeStatus}
    console.print(
        f"copied into {label}: sources added {counts[OutcomeStatus.ADDED]}, unchanged "
        f"{counts[OutcomeStatus.UNCHANGED]}, updated {counts[OutcomeStatus.UPDATED]}, failed "
        f"{counts[OutcomeStatus.FAILED]}; {plural(checks, 'check')} with "
        f"{plural(reviews, 'review')}"
        + (f" ({kept} there already)" if kept else "")
        + f"; {plural(keys, 'API key')}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    for failure in summary.failures:
        console.print(f"  failed: {failure.reason}", style="red", highlight=False, markup=False)
