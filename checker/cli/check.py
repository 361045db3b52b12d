"""`claimcheck check`: an article (file, URL or standard input) -> a report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from checker.backends import build_checker
from checker.claims.article import load_article
from checker.cli.app import app, console, err_console, progress_bar, settings_of
from checker.report.exports import EXPORT_FORMATS, export
from checker.report.render import print_report
from checker.settings import Settings
from ingest.errors import ConfigError


def _check_list(
    settings: Settings, listed: Path, out_dir: Path | None, fmt: str, workers: int, save: bool
) -> None:
    from checker.batch import read_list, run_batch

    entries = read_list(listed)
    out_dir = out_dir or listed.parent / f"{listed.stem}-reports"
    with progress_bar("checking articles") as bar:
        task = bar.add_task("articles", total=None)
        summary = run_batch(
            entries,
            settings,
            out_dir,
            fmt,
            workers,
            save,
            base=listed.parent,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    for entry, reason in summary.failed:
        said = reason if entry in reason else f"{entry}: {reason}"
        err_console.print(f"failed: {said}", highlight=False, markup=False, soft_wrap=True)
    err_console.print(
        f"{len(summary.checked)} checked, {len(summary.skipped)} already done, "
        f"{len(summary.failed)} failed; reports in {out_dir}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def check(
    ctx: typer.Context,
    article: Annotated[
        str,
        typer.Argument(help="The article: a file (text, Markdown, HTML), a URL, or - for stdin."),
    ] = "-",
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="table (default, for the terminal), or an export: " + ", ".join(EXPORT_FORMATS),
        ),
    ] = "table",
    out: Annotated[Path | None, typer.Option(help="Write the report to this file.")] = None,
    top_k: Annotated[
        int | None, typer.Option(min=1, max=100, help="Chunks retrieved per claim.")
    ] = None,
    author: Annotated[
        str | None, typer.Option(help="claimreview: the reviewing organisation's name.")
    ] = None,
    review_url: Annotated[
        str | None, typer.Option(help="claimreview: the URL where the review is published.")
    ] = None,
    expires: Annotated[
        str | None, typer.Option(help="claimreview: date (YYYY-MM-DD) the review expires.")
    ] = None,
    save: Annotated[
        bool, typer.Option(help="Keep the check in the store's history, for review.")
    ] = True,
    from_list: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Check every article this file lists (files or URLs, one per line), one "
            "report each in --out-dir; a rerun skips those already done.",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(help="--from: where the reports go (default: LIST-reports/ beside it)."),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="--from: articles checked at once.")
    ] = 2,
) -> None:
    """Check an article's claims against the library (or many: --from LIST)."""
    settings = settings_of(ctx)
    if top_k is not None:
        settings = settings.model_copy(update={"top_k": top_k})
    if from_list is not None:
        if article != "-" or out is not None:
            raise ConfigError("give either an article or --from LIST (with --out-dir), not both")
        _check_list(settings, from_list, out_dir, "json" if fmt == "table" else fmt, workers, save)
        return
    if fmt != "table" and fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown format {fmt!r}: use table, " + ", ".join(EXPORT_FORMATS))
    stdin_text = sys.stdin.read() if article == "-" else None
    loaded = load_article(article, settings.fetch_limits(), stdin_text)
    checker = build_checker(settings)
    err_console.print(
        f"checking with the embedder {checker.library.embedder.id} and the verifier "
        f"{checker.verifier.id}",
        highlight=False,
        markup=False,
    )
    with progress_bar() as bar:
        task = bar.add_task("extracting claims", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        report = checker.check(loaded, progress)
    if save:
        from checker.backends import open_history

        open_history(settings).save(report)
    if fmt == "table":
        if out is not None:
            with out.open("w", encoding="utf-8") as handle:
                print_report(report, type(console)(file=handle, width=120))
        else:
            print_report(report, console)
        return
    given = {"author": author, "url": review_url, "expires": expires}
    options = {k: v for k, v in given.items() if v is not None}
    unused = set(options) - set(EXPORT_FORMATS[fmt].options)
    if unused:
        raise ConfigError("--author, --review-url and --expires apply to --format claimreview only")
    payload = export(report, fmt, **options)
    if out is not None:
        out.write_bytes(payload)
        err_console.print(f"wrote {out}", highlight=False)
    else:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
