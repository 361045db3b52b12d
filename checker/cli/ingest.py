"""`claimcheck ingest`, `sources`, `show`, `remove`: the library commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import TextColumn, TimeElapsedColumn
from rich.table import Table

from checker.backends import open_library
from checker.cli.app import app, console, progress_bar, settings_of
from ingest.errors import ClaimcheckError
from ingest.models import BatchSummary, OutcomeStatus, Tier


def print_summary(summary: BatchSummary) -> None:
    counts = {status: summary.count(status) for status in OutcomeStatus}
    console.print(
        f"added {counts[OutcomeStatus.ADDED]}, unchanged {counts[OutcomeStatus.UNCHANGED]}, "
        f"updated {counts[OutcomeStatus.UPDATED]}, failed {counts[OutcomeStatus.FAILED]}",
        highlight=False,
    )
    for failure in summary.failures:
        console.print(f"  failed: {failure.reason}", style="red", highlight=False, markup=False)


@app.command()
def ingest(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None, typer.Argument(help="URLs, files (.html .htm .txt .md .pdf), folders.")
    ] = None,
    from_file: Annotated[
        Path | None, typer.Option("--from", help="A file listing URLs, one per line.")
    ] = None,
    tier: Annotated[Tier, typer.Option(help="Tier of these sources.")] = Tier.PRIMARY,
) -> None:
    """Add sources to the library (re-ingesting an unchanged source changes nothing)."""
    # here, not at the top: every command loads this module, and only ingest fetches
    from ingest.pipeline import ingest_sources, read_url_list

    settings = settings_of(ctx)
    items = list(sources or [])
    if from_file is not None:
        items.extend(read_url_list(from_file))
    if not items:
        raise ClaimcheckError("nothing to ingest: give URLs, files, folders or --from FILE")
    library = open_library(settings)
    with progress_bar("ingesting", TimeElapsedColumn(), TextColumn("{task.description}")) as bar:
        task = bar.add_task("", total=None)

        def progress(outcome, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=outcome.location[-60:])

        summary = ingest_sources(
            library,
            items,
            tier=tier,
            limits=settings.fetch_limits(),
            workers=settings.ingest_workers,
            progress=progress,
        )
    for outcome in summary.outcomes:
        if outcome.status is not OutcomeStatus.FAILED:
            console.print(
                f"{outcome.status.value:9} {outcome.source_id}  {outcome.title or outcome.location}"
                f"  ({outcome.chunks} chunks)" + (f"  {outcome.note}" if outcome.note else ""),
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
    print_summary(summary)
    if summary.failures and len(summary.failures) == len(summary.outcomes):
        raise typer.Exit(1)


@app.command("sources")
def list_sources(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the sources in the library."""
    library = open_library(settings_of(ctx))
    rows = library.sources()
    if as_json:
        payload = [
            {
                "id": s.id,
                "location": s.location,
                "url": s.url,
                "title": s.title,
                "author": s.author,
                "site": s.site,
                "published": s.published,
                "retrieved_at": s.retrieved_at,
                "tier": s.tier.value,
                "sha256": s.sha256,
                "chunks": s.chunk_count,
            }
            for s in rows
        ]
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    if not rows:
        console.print("The library is empty: add sources with `claimcheck ingest`.")
        return
    table = Table(expand=True)
    table.add_column("id", no_wrap=True, min_width=16)
    table.add_column("title", ratio=3, overflow="ellipsis", no_wrap=True)
    for name in ("published", "tier", "chunks"):
        table.add_column(name, no_wrap=True)
    table.add_column("location", ratio=2, overflow="ellipsis", no_wrap=True)
    for s in rows:
        table.add_row(
            s.id, s.title[:60], s.published or "", s.tier.value, str(s.chunk_count), s.location
        )
    console.print(table)


@app.command()
def show(
    ctx: typer.Context, source: Annotated[str, typer.Argument(help="Source id or URL.")]
) -> None:
    """Print a source's stored clean text, byte for byte."""
    text = open_library(settings_of(ctx)).get(source).text
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


@app.command()
def remove(
    ctx: typer.Context, source: Annotated[str, typer.Argument(help="Source id, URL or path.")]
) -> None:
    """Delete a source and all its chunks."""
    removed = open_library(settings_of(ctx)).remove(source)
    console.print(
        f"removed {removed.id}  {removed.title or removed.location}", highlight=False, markup=False
    )
